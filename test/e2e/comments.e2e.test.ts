import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { demoArticle } from '../helpers/commenter.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

/**
 * Commenting as a person does it, in Chromium: with JavaScript off (plain form
 * posts and pages), and on (in place, replies under the comment answered, the
 * author's own delete, and a second reader's page showing the new comment live).
 * A person takes a few seconds to write, so each form waits before it is sent.
 */
describe.skipIf(!haveBrowser)('comments in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;

  async function open(path: string, opts: { javaScript?: boolean; width?: number } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: opts.javaScript ?? true, viewport: { width: opts.width ?? 1200, height: 900 } });
    const page = await context.newPage();
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${site.url}${path}`);
    return page;
  }

  async function write(page: Page, body: string, guest: { name: string; email: string } | null = { name: 'Aisling', email: 'aisling@example.org' }) {
    const form = page.locator('#comment-form');
    await form.getByLabel('Your comment').fill(body);
    if (guest) {
      await form.getByLabel('Your name').fill(guest.name);
      await form.getByLabel('Your email address').fill(guest.email);
    }
    await page.waitForTimeout(2100);
    await form.getByRole('button', { name: 'Post comment' }).click();
  }

  const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  /** axe runs scripts in the page: the same address, on a phone, with JavaScript on. */
  async function accessible(path: string): Promise<void> {
    const page = await open(path, { width: 390 });
    expect(await fitsPhone(page), path).toBe(true);
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), `${path}, ${scheme}`).toEqual([]);
    await page.context().close();
  }

  beforeAll(async () => {
    site = await startTestSite('sqlite', { env: { SITE_URL: 'http://127.0.0.1:1' } });
    await createStaff(site.services.db, { email: 'owner@lantern.test', name: 'Olwen Owner', password: 'owner password of the lantern', role: 'owner' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('posts and replies without JavaScript, on pages that pass axe and fit a phone', async () => {
    const a = await demoArticle(site, 'wind-farm-appeal');
    const page = await open(a.path, { javaScript: false, width: 390 });
    expect(await page.locator('.comments-state').textContent()).toBe('Comments are open.');
    await write(page, 'Posted with *no* JavaScript at all.');
    await page.waitForURL(/#comment-\d+$/);
    const id = /#comment-(\d+)$/.exec(page.url())![1];
    expect(await page.locator(`#comment-${id} .comment__body`).innerHTML()).toBe('<p>Posted with <em>no</em> JavaScript at all.</p>');
    await accessible(a.path);

    await page.locator(`#comment-${id}`).getByRole('link', { name: 'Reply' }).click();
    await page.waitForURL(new RegExp(`/comments/${id}/reply$`));
    await accessible(`/comments/${id}/reply`);
    await write(page, 'And an answer, also without JavaScript.');
    await page.waitForURL(/#comment-\d+$/);
    const reply = /#comment-(\d+)$/.exec(page.url())![1];
    expect(await page.locator(`#comment-${id} + .comment-replies #comment-${reply}`).count()).toBe(1);
    await accessible(`/comments/${id}`);

    // A refusal is a page that says what to change, with the text kept.
    const again = await open(a.path, { javaScript: false, width: 390 });
    await write(again, 'https://a.example https://b.example https://c.example');
    expect(await again.locator('.comments-notice').textContent()).toContain('A comment may contain up to 2 links; this one has 3.');
    expect(await again.getByLabel('Your comment').inputValue()).toBe('https://a.example https://b.example https://c.example');
    // The same refusal page, for axe: sent as the plain form does (submit() skips comments.js).
    const scripted = await open(a.path, { width: 390 });
    await scripted.locator('#comment-form').getByLabel('Your comment').fill('');
    await scripted.evaluate(() => (document.getElementById('comment-form') as HTMLFormElement).submit());
    await scripted.locator('.comments-notice').waitFor();
    expect(await fitsPhone(scripted)).toBe(true);
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(scripted, scheme), `refusal, ${scheme}`).toEqual([]);
  });

  it('posts in place with JavaScript, replies under the comment, deletes its own, and a second reader sees it live', async () => {
    const a = await demoArticle(site, 'stop-the-road-war');
    const reader = await open(a.path);
    const watcher = await open(a.path);
    // The live stream is open once the watcher's page has loaded its scripts.
    await watcher.waitForLoadState('networkidle').catch(() => undefined);

    await write(reader, 'Posted in place.');
    const mine = reader.locator('.comment', { hasText: 'Posted in place.' });
    await mine.waitFor();
    expect(reader.url()).toBe(`${site.url}${a.path}`);
    expect(await reader.locator('[data-comments-live]').textContent()).toBe('Your comment is posted.');
    await watcher.locator('.comment', { hasText: 'Posted in place.' }).waitFor({ timeout: 10_000 });

    await mine.getByRole('link', { name: 'Reply' }).click();
    expect(await reader.locator('#comment-form h3').textContent()).toMatch(/^Reply to Aisling/);
    await write(reader, 'Replying in place.', null);
    const replied = reader.locator('.comment-replies .comment', { hasText: 'Replying in place.' });
    await replied.waitFor();
    await watcher.locator('.comment-replies .comment', { hasText: 'Replying in place.' }).waitFor({ timeout: 10_000 });

    // The author's own controls come from the site, for this browser only.
    await mine.getByRole('button', { name: 'Delete' }).waitFor();
    expect(await watcher.locator('.comment', { hasText: 'Posted in place.' }).getByRole('button', { name: 'Delete' }).count()).toBe(0);
    reader.once('dialog', (d) => void d.accept());
    await mine.getByRole('button', { name: 'Delete' }).click();
    await reader.locator('.comment__marker', { hasText: 'Deleted by its author.' }).waitFor();
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(reader, scheme), scheme).toEqual([]);
  });

  it('lets the owner set who may comment in the settings, on a page that passes axe and fits a phone', async () => {
    const page = await open('/admin', { width: 390 });
    await page.getByLabel('Email address').fill('owner@lantern.test');
    await page.getByLabel('Password').fill('owner password of the lantern');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin`);
    await page.goto(`${site.url}/admin/settings`);
    const comments = page.getByRole('region', { name: 'Comments' });
    await comments.getByLabel('Who may comment').selectOption('readers');
    await comments.getByLabel('Links per comment').fill('3');
    expect(await fitsPhone(page)).toBe(true);
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), scheme).toEqual([]);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(/saved=1/);
    expect(site.services.settings.get()).toMatchObject({ comments_who: 'readers', comments_link_limit: 3 });
    await site.services.settings.save({ comments_who: 'guests', comments_link_limit: 2 });
  });
});
