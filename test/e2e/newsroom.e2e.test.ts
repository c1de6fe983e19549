import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'newsroom password 1';

describe.skipIf(!haveBrowser)('the newsroom in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    await createStaff(site.services.db, { email: 'editor@lantern.test', name: 'Eda Editor', password: PASSWORD, role: 'editor' });
    await createStaff(site.services.db, { email: 'contrib@lantern.test', name: 'Con Tributor', password: PASSWORD, role: 'contributor' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${site.url}/admin`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin`);
    return page;
  }

  it('writes an article with a figure, previews it, publishes it, corrects it and shows the diff', async () => {
    const page = await signIn('editor@lantern.test');
    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.getByLabel('Headline').fill('Lighthouse keeper retires after forty years');
    await page.getByLabel('Standfirst').fill('The last keeper of the Kilbrannan light hands over the keys.');
    await page.getByLabel('Tags').fill('harbour, people');
    await page.getByLabel('Body').fill('She climbed the 112 steps every night.\n\n::: figure harbour-dawn\ncaption: The light at dawn.\ncredit: Illustration: The Lantern\n:::\n\n* * *\n\nThe light is now automatic.');

    // The live preview renders the article as readers will see it.
    const preview = page.frameLocator('iframe[data-preview]');
    await expect.poll(async () => preview.locator('h1').textContent().catch(() => null), { timeout: 10_000 }).toBe('Lighthouse keeper retires after forty years');
    expect(await preview.locator('.article-body figure .credit').textContent()).toBe('Illustration: The Lantern');

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/saved=publish/);
    expect(await page.getByRole('status').first().textContent()).toContain('Published');
    const articleHref = await page.getByRole('link', { name: 'View the published article' }).getAttribute('href');

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/`);
    expect(await reader.locator(`a[href="${articleHref}"]`).count()).toBeGreaterThan(0);

    await page.getByLabel('Body').fill('She climbed the 115 steps every night.\n\n::: figure harbour-dawn\ncaption: The light at dawn.\ncredit: Illustration: The Lantern\n:::\n\n* * *\n\nThe light is now automatic.');
    await page.getByLabel('Kind of change').selectOption('correction');
    await page.getByLabel('Note for readers').fill('An earlier version gave the wrong number of steps.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/saved=save/);

    await reader.goto(`${site.url}${articleHref}`);
    expect(await reader.getByText('An earlier version gave the wrong number of steps.').isVisible()).toBe(true);
    await reader.getByRole('link', { name: /history/i }).first().click();
    await reader.getByRole('button', { name: 'Compare' }).click();
    expect(await reader.locator('del').first().textContent()).toContain('112');
    expect(await reader.locator('ins').first().textContent()).toContain('115');
    await page.context().close();
    await reader.context().close();
  });

  it.each(['/admin', '/admin/articles', '/admin/articles/new', '/admin/media'])('has no accessibility violations on %s', async (path) => {
    const page = await signIn('editor@lantern.test');
    await page.goto(`${site.url}${path}`);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
    await page.context().close();
  });

  it('fits a phone’s width: nothing makes the page scroll sideways', async () => {
    const page = await signIn('editor@lantern.test');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/admin', '/admin/articles', '/admin/articles/new', '/admin/media']) {
      await page.goto(`${site.url}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  });

  // Static pages: the list, a new page, and the demo's published About page (id 1) with its change fields.
  const pagePaths = ['/admin/pages', '/admin/pages/new', '/admin/pages/1/edit'];
  it.each(pagePaths)('has no accessibility violations on %s, and fits a phone', async (path) => {
    const page = await signIn('editor@lantern.test');
    await page.goto(`${site.url}${path}`);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('writes a static page: a draft that saves itself, then published at the address chosen', async () => {
    const page = await signIn('editor@lantern.test');
    await page.goto(`${site.url}/admin/pages`);
    await page.getByRole('link', { name: 'Write a new page' }).click();
    await page.getByLabel('Title').fill('Contact the newsroom');
    await page.getByLabel('Address').fill('contact');
    await page.getByLabel('Body', { exact: true }).fill('Write to **the news desk**.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/admin\/pages\/\d+\/edit\?saved=save/);
    await page.getByLabel('Standfirst').fill('Tips, letters and complaints.');
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 10_000 }).toMatch(/Draft saved at/);
    expect((await site.fetch('/contact')).status).toBe(404);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/saved=publish/);
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${site.url}/contact`);
    expect(await reader.locator('h1').textContent()).toBe('Contact the newsroom');
    expect(await reader.locator('.standfirst').textContent()).toBe('Tips, letters and complaints.');
    expect(await reader.locator('.article-body strong').textContent()).toBe('the news desk');
    await page.context().close();
    await reader.context().close();
  });

  it('has no accessibility violations on the sign-in page', async () => {
    const login = await (await browser.newContext()).newPage();
    await login.goto(`${site.url}/admin/login`);
    const results = await new AxeBuilder({ page: login }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await login.context().close();
  });

  it('does not let a contributor publish', async () => {
    const page = await signIn('contrib@lantern.test');
    await page.goto(`${site.url}/admin/articles/new`);
    expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
    await page.getByLabel('Headline').fill('A contributor’s first piece');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\/edit\?saved=save/);

    // A draft saves itself a few seconds after typing stops.
    await page.getByLabel('Standfirst').fill('Saved without pressing anything.');
    await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 10_000 }).toMatch(/Draft saved at/);
    const id = Number(/articles\/(\d+)\/edit/.exec(page.url())![1]);
    const row = await site.services.db.kysely.selectFrom('articles').select(['standfirst', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ standfirst: 'Saved without pressing anything.', status: 'draft' });

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/saved=submit/);
    expect(await page.locator('h1 .status').textContent()).toBe('review');
    await page.context().close();
  });
});
