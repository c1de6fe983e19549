import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { createSession } from '../../src/accounts/sessions.ts';
import { appealPath } from '../../src/moderation/appeal-links.ts';
import { unsubscribeToken } from '../../src/moderation/mail.ts';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { addComment, firstArticle, quickReader } from '../helpers/moderation.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'newsroom password 1';
const LONG = 'Aoife Ní Bhriain-Fitzgerald-Ó Súilleabháin of the Harbour Residents’ Association';

/** Moderation's new pages, newsroom and public, in a real browser: axe in both colour schemes, and a 390 px phone. */
describe.skipIf(!haveBrowser)('moderation pages in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;
  let ids: { pending: number; reported: number; removed: number; removedLog: number; readerLog: number; readerId: number };

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    const db = site.services.db;
    const first = await createStaff(db, { email: 'mod1@lantern.test', name: 'Mo Derator', password: PASSWORD, role: 'moderator' });
    await createStaff(db, { email: 'mod2@lantern.test', name: 'Second Moderator', password: PASSWORD, role: 'moderator' });
    await createStaff(db, { email: 'owner@lantern.test', name: 'Olive Owner', password: PASSWORD, role: 'owner' });
    const a = await firstArticle(site);
    const reader = await quickReader(site, LONG);
    const pending = await addComment(site, { articleId: a.id, status: 'pending', guestName: 'New Voice', body: 'First time here: https://a-very-long-address.example.org/with/a/path/that/goes/on/and/on/and/on' });
    const reported = await addComment(site, { articleId: a.id, guestName: LONG, guestEmail: 'long@guests.test', body: 'A reported comment.' });
    for (let i = 0; i < 3; i++) {
      const r = await quickReader(site, i ? `Reporter ${i}` : LONG);
      await site.services.moderation.report(r.userId, reported, { reason: 'Personal attack', note: i ? '' : 'A long note about why this comment is a problem, explaining the context at some length.' });
    }
    const removed = await addComment(site, { articleId: a.id, guestName: 'Removed Guest', guestEmail: 'removed@guests.test', body: 'Words that were removed.' });
    const r1 = await site.services.moderation.remove(first, removed, { reason: 'Possibly unlawful (defamation, contempt of court)', note: 'Names a witness.' });
    if (!r1.ok) throw new Error(r1.problem);
    await site.services.appeals.submit(r1.logId, { guest: true }, 'I did not name anyone; the name is in the court list.');
    const readerComment = await addComment(site, { articleId: a.id, authorUserId: reader.userId, body: 'A reader’s comment.' });
    const r2 = await site.services.moderation.remove(first, readerComment, { reason: 'Off topic', note: '' });
    if (!r2.ok) throw new Error(r2.problem);
    const r3 = await site.services.moderation.ban(first, reported, { reason: 'Personal attack', note: '', length: '30' });
    if (!r3.ok) throw new Error(r3.problem);
    ids = { pending, reported, removed, removedLog: r1.logId, readerLog: r2.logId, readerId: reader.userId };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function page(as?: { email: string } | { readerId: number }): Promise<Page> {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    if (as && 'readerId' in as) {
      await context.addCookies([{ name: 'sz_session', value: await createSession(site.services.db, as.readerId), url: site.url }]);
    } else if (as) {
      await p.goto(`${site.url}/admin/login`);
      await p.getByLabel('Email address').fill(as.email);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(/\/admin(\/setup)?$/);
    }
    return p;
  }

  async function scan(p: Page, label: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(p, scheme), `${label} ${scheme}`).toEqual([]);
  }

  async function check(p: Page, path: string): Promise<void> {
    for (const width of [1280, 390]) {
      await p.setViewportSize({ width, height: 844 });
      const res = await p.goto(`${site.url}${path}`);
      expect(res?.status(), path).toBeLessThan(400);
      await scan(p, `${path} ${width}`);
      if (width === 390) expect(await p.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
  }

  type Who = 'mod2' | 'mod1' | 'owner' | 'stranger' | 'reader';
  const as = (who: Who) => (who === 'stranger' ? undefined : who === 'reader' ? { readerId: ids.readerId } : { email: `${who === 'owner' ? 'owner' : who}@lantern.test` });

  // One test per page, so that a slow machine never runs out of time on a long list of scans.
  const VIEWS: [string, Who, () => string][] = [
    ['the queue', 'mod2', () => '/admin/moderation'],
    ['a reported comment with its forms', 'mod2', () => `/admin/moderation/comments/${ids.reported}`],
    ['a removed comment', 'mod2', () => `/admin/moderation/comments/${ids.removed}`],
    ['bans', 'mod2', () => '/admin/moderation/bans'],
    ['appeals, for another moderator', 'mod2', () => '/admin/moderation/appeals'],
    ['reasons, for the owner', 'owner', () => '/admin/moderation/reasons'],
    ['the public log', 'stranger', () => '/moderation'],
    ['an appeal by mailed link', 'stranger', () => appealPath(site.services.secret, ids.removedLog, null)],
    ['stopping mail', 'stranger', () => `/moderation/mail/${unsubscribeToken(site.services.secret, 'removed@guests.test')}`],
    ['the report page', 'reader', () => `/comments/${ids.reported}/report`],
    ['an appeal from the account', 'reader', () => `/account/appeals/${ids.readerLog}`],
    ['the account page', 'reader', () => '/account'],
  ];

  it.each(VIEWS)('%s passes axe in both schemes and fits a 390 px phone', async (_label, who, path) => {
    const p = await page(as(who));
    await check(p, path());
    await p.context().close();
  });

  it('refuses a removal without a reason, beside the field, on a page that passes axe', async () => {
    const mod = await page({ email: 'mod2@lantern.test' });
    await mod.goto(`${site.url}/admin/moderation/comments/${ids.pending}`);
    // The browser would refuse an empty reason itself; the server's answer is what is checked here.
    await mod.evaluate(() => document.querySelectorAll('form').forEach((f) => { f.noValidate = true; }));
    await mod.getByRole('button', { name: 'Remove the comment' }).click();
    expect(await mod.locator('.field-error').first().textContent()).toContain('Choose a reason');
    await scan(mod, 'refused removal');
    await mod.context().close();
  });

  it('tells the moderator who took a decision that its appeal is for someone else', async () => {
    const acted = await page({ email: 'mod1@lantern.test' });
    await check(acted, '/admin/moderation/appeals');
    expect(await acted.getByText('You took this decision').isVisible()).toBe(true);
    await acted.context().close();
  });

  it('refuses a report without a reason, beside the field, on a page that passes axe', async () => {
    const reader = await page({ readerId: ids.readerId });
    await reader.goto(`${site.url}/comments/${ids.reported}/report`);
    await reader.evaluate(() => document.querySelectorAll('form').forEach((f) => { f.noValidate = true; }));
    await reader.getByRole('button', { name: 'Send the report' }).click();
    expect(await reader.locator('#report-reason-error').textContent()).toContain('Choose a reason');
    await scan(reader, 'report refused');
    await reader.context().close();
  });
});
