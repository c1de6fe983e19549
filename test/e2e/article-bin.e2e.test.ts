import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'newsroom password 1';

/**
 * The bin in a browser, all plain form posts: the button's first press (as the
 * editor's button sends it) asks for confirmation on its own
 * page; confirming takes the article down; the bin lists it with its days left
 * and a Restore button. Each page passes axe and fits a phone.
 */
describe.skipIf(!haveBrowser)('the bin in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    await createStaff(site.services.db, { email: 'editor@bin.test', name: 'Bea Editor', password: PASSWORD, role: 'editor' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function signIn(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${site.url}/admin/login`);
    await page.getByLabel('Email address').fill('editor@bin.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin`);
    return page;
  }

  async function checked(page: Page, what: string): Promise<void> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), what).toBeLessThanOrEqual(390);
  }

  it('confirms, bins, lists the article with its days left, and restores it', async () => {
    const article = await site.services.db.kysely.selectFrom('articles').select(['id', 'title', 'path']).where('status', '=', 'published').executeTakeFirstOrThrow();
    const page = await signIn();
    await page.setViewportSize({ width: 390, height: 844 });
    // What the editor's "Move to the bin" button sends: its form token, nothing else.
    await page.goto(`${site.url}/admin/articles`);
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    await page.setContent(`<form method="post" action="${site.url}/admin/articles/${article.id}/bin"><input type="hidden" name="_csrf" value="${token}"><button>Bin</button></form>`);
    await page.getByRole('button', { name: 'Bin' }).click();
    await page.waitForURL(`${site.url}/admin/articles/${article.id}/bin`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Move this article to the bin?');
    await checked(page, 'confirmation');

    await page.getByRole('button', { name: 'Move to the bin' }).click();
    await page.waitForURL(/status=binned/);
    expect(await page.getByRole('status').textContent()).toContain('Moved to the bin');
    const row = page.getByRole('row', { name: new RegExp(article.title.slice(0, 20)) });
    expect(await row.textContent()).toContain('30 days');
    await checked(page, 'bin');
    expect((await site.text(article.path!)).status).toBe(410);

    await row.getByRole('button', { name: /Restore/ }).click();
    await page.waitForURL(/done=restored/);
    expect(await page.getByRole('status').textContent()).toContain('Restored');
    expect((await site.text(article.path!)).status).toBe(200);
    await page.context().close();
  });
});
