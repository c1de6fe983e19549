import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'curation password 1';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The pages an editor uses to shape the site: the front page, sections, tags, the first-run page, demo removal. */
describe.skipIf(!haveBrowser)('curating the site in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let empty: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    [site, empty] = await Promise.all([startTestSite('sqlite'), startTestSite('sqlite', { demo: false })]);
    await createStaff(site.services.db, { email: 'owner@lantern.test', name: 'Olive Owner', password: PASSWORD, role: 'owner' });
    await createStaff(empty.services.db, { email: 'owner@fresh.test', name: 'Fresh Owner', password: PASSWORD, role: 'owner' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await empty?.close();
  });

  async function signIn(on: TestSite, email: string, javaScriptEnabled = true): Promise<Page> {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await page.route((url) => !url.href.startsWith(on.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${on.url}/admin/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/admin/login'));
    return page;
  }

  it('pins a story to lead the front page and takes it down again, without JavaScript', async () => {
    const story = await site.services.db.kysely.selectFrom('articles').select(['id', 'title']).where('status', '=', 'published')
      .orderBy('published_at', 'asc').executeTakeFirstOrThrow();
    const page = await signIn(site, 'owner@lantern.test', false);
    await page.getByRole('link', { name: 'Front page' }).first().click();
    await page.getByLabel('Story', { exact: true }).selectOption(String(story.id));
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await page.waitForURL(/done=pinned/);
    expect(await page.getByRole('cell', { name: 'Lead story' }).count()).toBe(1);

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/`);
    expect(await reader.locator('.home-lead').textContent()).toContain(story.title);

    await page.getByRole('button', { name: `Unpin “${story.title}”` }).click();
    await page.waitForURL(/done=unpinned/);
    // A new visitor (the first keeps the page a minute, as Cache-Control allows).
    const next = await (await browser.newContext()).newPage();
    await next.goto(`${site.url}/`);
    expect(await next.locator('.home-lead').textContent()).not.toContain(story.title);
    await page.context().close();
    await reader.context().close();
    await next.context().close();
  });

  const curated = async () => {
    const section = await site.services.db.kysely.selectFrom('sections').select('id').orderBy('position').executeTakeFirstOrThrow();
    return ['/admin/front-page', '/admin/sections', `/admin/sections/${section.id}`, '/admin/tags', '/admin/demo'];
  };

  it('passes axe on every curation page, and fits a 390 px phone', async () => {
    const page = await signIn(site, 'owner@lantern.test');
    for (const path of await curated()) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${site.url}${path}`);
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${site.url}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  });

  it('passes axe and fits a phone on the tags page with a refused merge, the delete question and a pin search', async () => {
    const page = await signIn(site, 'owner@lantern.test');
    const check = async (what: string) => {
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), what).toBeLessThanOrEqual(390);
    };
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.url}/admin/tags`);
    const firstMerge = page.getByRole('combobox', { name: /^Merge .* into the tag named$/ }).first();
    await firstMerge.fill('No such tag anywhere');
    await firstMerge.press('Enter');
    await page.getByText('There is no tag named “No such tag anywhere”.').waitFor();
    await check('a refused merge');
    await page.goto(`${site.url}/admin/tags`);
    await page.getByRole('button', { name: /^Delete / }).first().click();
    await page.getByRole('heading', { name: /^Delete the tag/ }).waitFor();
    await check('the delete question');
    await page.goto(`${site.url}/admin/front-page?q=the`);
    await check('a pin search');
    await page.context().close();
  });

  it('sets up an empty site from the first-run page on a phone, and the page passes axe', async () => {
    const page = await signIn(empty, 'owner@fresh.test');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(new URL(page.url()).pathname).toBe('/admin/setup');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await page.getByLabel('The site’s name').fill('The Tidewater Gazette');
    await page.getByLabel('First section').fill('Local news');
    await page.getByRole('button', { name: /save|start|set up/i }).click();
    await page.waitForURL((u) => u.pathname === '/admin' || u.pathname.startsWith('/admin?'));
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${empty.url}/`);
    expect(await reader.title()).toContain('The Tidewater Gazette');
    expect(await reader.locator('a[href="/section/local-news"]').count()).toBeGreaterThan(0);
    await page.context().close();
    await reader.context().close();
  });
});
