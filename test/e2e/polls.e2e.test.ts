import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import type { Poll } from '../../src/polls/store.ts';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'poll desk password 1';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A reader voting in the sidebar poll with and without JavaScript, and the newsroom's poll pages, in Chromium. */
describe.skipIf(!haveBrowser)('reader polls in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;
  let poll: Poll;

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    await createStaff(site.services.db, { email: 'polls@lantern.test', name: 'Pol Desk', password: PASSWORD, role: 'editor' });
    poll = (await site.services.polls.sidebarPoll())!;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(path: string, javaScriptEnabled: boolean): Promise<Page> {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${site.url}${path}`);
    return page;
  }

  const sidebarPoll = (page: Page) => page.locator(`#poll [data-poll="${poll.id}"]`);

  it('votes without JavaScript: the answer is the results page with a receipt, a second vote is refused, and the receipt is found', async () => {
    const page = await open('/', false);
    await sidebarPoll(page).getByLabel(poll.options[2]).check();
    const [answer] = await Promise.all([page.waitForNavigation(), sidebarPoll(page).getByRole('button', { name: 'Vote' }).click()]);
    expect(answer!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/polls/${poll.id}/vote`);
    expect(await page.getByText('Thank you: your vote is counted.').isVisible()).toBe(true);
    const receipt = (await page.locator('[data-receipt]').textContent())!.trim();
    expect(receipt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await page.getByRole('heading', { name: 'Results' }).isVisible()).toBe(true);
    expect(await page.locator('.poll-chosen .poll-bar-label').textContent()).toBe(poll.options[2]);

    // The same browser, from the cached page's form again.
    await page.goto(`${site.url}/`);
    await sidebarPoll(page).getByLabel(poll.options[0]).check();
    const [again] = await Promise.all([page.waitForNavigation(), sidebarPoll(page).getByRole('button', { name: 'Vote' }).click()]);
    expect(again!.status()).toBe(409);
    expect(await page.getByRole('alert').textContent()).toContain('You have already voted in this poll.');

    await page.goto(`${site.url}/polls/${poll.id}`);
    await page.getByLabel('Receipt').fill(receipt);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.waitForURL(`${site.url}/polls/${poll.id}/check`);
    expect(await page.getByRole('status').filter({ hasText: 'Found:' }).textContent()).toMatch(new RegExp(`^Found: ballot \\d+ on the board, for ${poll.options[2]}`));
    await page.context().close();
  });

  it('votes in place with JavaScript: no page load, the results and the receipt appear, and the receipt is kept in the browser', async () => {
    const page = await open('/', true);
    let loads = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) loads++; });
    await sidebarPoll(page).getByLabel(poll.options[1]).check();
    await sidebarPoll(page).getByRole('button', { name: 'Vote' }).click();
    const receiptBox = sidebarPoll(page).locator('[data-poll-live] [data-receipt]');
    await receiptBox.waitFor();
    expect(loads).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/');
    const receipt = (await receiptBox.textContent())!.trim();
    expect(receipt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await sidebarPoll(page).locator('.poll-results').isVisible()).toBe(true);
    expect(await sidebarPoll(page).locator('form').isHidden()).toBe(true);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('samizdat-poll-receipts') ?? '{}'));
    expect(kept[String(poll.id)]).toBe(receipt);

    // Back later: the cached page's form gives way to the results this browser may see.
    await page.reload();
    await sidebarPoll(page).locator('.poll-results').waitFor();
    expect(await sidebarPoll(page).locator('form').isHidden()).toBe(true);
    await page.context().close();
  });

  it('shows the results without voting', async () => {
    const page = await open('/', false);
    await sidebarPoll(page).getByRole('link', { name: 'View results' }).click();
    await page.waitForURL(`${site.url}/polls/${poll.id}`);
    expect(await page.getByRole('heading', { name: 'Results' }).isVisible()).toBe(true);
    expect(await page.locator('.poll-results li').count()).toBe(poll.options.length);
    expect(await page.locator('[data-receipt]').count()).toBe(0);
    // Not having voted, the reader still has the form.
    expect(await page.getByRole('button', { name: 'Vote' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('passes axe in both colour schemes and fits a 390 px phone: the sidebar poll, the poll page and an article with a poll', async () => {
    const inArticle = (await site.services.polls.list()).find((p) => p.articleId !== null)!;
    const article = await site.services.db.kysely.selectFrom('articles').select('path').where('id', '=', inArticle.articleId!).executeTakeFirstOrThrow();
    for (const path of ['/', `/polls/${poll.id}`, article.path!]) {
      const page = await open(path, true);
      expect(await page.locator('[data-poll]').count(), path).toBeGreaterThan(0);
      for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), `${path} ${scheme}`).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await page.context().close();
    }
  });

  async function signIn(javaScriptEnabled = true): Promise<Page> {
    const page = await open('/admin/login', javaScriptEnabled);
    await page.getByLabel('Email address').fill('polls@lantern.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin`);
    return page;
  }

  it('writes a poll in the newsroom without JavaScript and puts it in the sidebar', async () => {
    const page = await signIn(false);
    await page.getByRole('link', { name: 'Polls', exact: true }).click();
    await page.getByRole('link', { name: 'Start a new poll' }).click();
    await page.getByLabel('Question').fill('Should the harbour ferry run on Sundays?');
    await page.getByLabel('Options').fill('Yes, all year\nOnly in summer\nNo');
    await page.getByLabel('One per browser and address').check();
    await page.getByLabel('After voting').check();
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.waitForURL(/\/admin\/polls\/\d+\?done=created/);
    await page.getByRole('button', { name: 'Show in the sidebar' }).click();
    await page.waitForURL(/done=sidebar/);
    const reader = await open('/', false);
    expect(await reader.locator('#poll .poll-question').textContent()).toBe('Should the harbour ferry run on Sundays?');
    await reader.context().close();
    await page.context().close();
  });

  it('passes axe and fits a 390 px phone on every newsroom poll page', async () => {
    const page = await signIn();
    const closed = await site.services.polls.create({ question: 'Was the regatta worth the road closures?', options: ['Yes', 'No'], maxChoices: 1, policy: 'browser', showResults: 'always', opensAt: null, closesAt: null }, null);
    if (!closed.ok) throw new Error('poll refused');
    await site.services.polls.close(closed.id);
    const inArticle = (await site.services.polls.list()).find((p) => p.articleId !== null)!;
    const paths = ['/admin/polls', '/admin/polls/new', 'refused', `/admin/polls/${poll.id}`, `/admin/polls/${closed.id}`, `/admin/articles/${inArticle.articleId}/edit`, `close:${inArticle.id}`];
    for (const path of paths) {
      await page.setViewportSize({ width: 1280, height: 900 });
      const visit = async () => {
        if (path === 'refused') {
          // The form sent back with its problems beside the fields.
          await page.goto(`${site.url}/admin/polls/new`);
          await page.getByLabel('Question').fill('   ');
          await page.getByLabel('Options').fill('Only one');
          await page.getByRole('button', { name: 'Create poll' }).click();
          return void (await page.locator('#err-options').waitFor());
        }
        if (!path.startsWith('close:')) return void (await page.goto(`${site.url}${path}`));
        // The confirmation is the answer to the Close now button.
        await page.goto(`${site.url}/admin/polls/${path.slice(6)}`);
        await page.getByRole('button', { name: 'Close now' }).click();
        await page.getByRole('heading', { name: 'Close this poll?' }).waitFor();
      };
      await visit();
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await visit();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  });
});
