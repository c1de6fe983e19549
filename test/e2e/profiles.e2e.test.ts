import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'newsroom password 1';

/** The profile and staff pages, and what readers see of a profile, in a real browser: on a phone and for axe. */
describe.skipIf(!haveBrowser)('profiles in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;
  let articlePath: string;

  beforeAll(async () => {
    // No SMTP_URL: the staff page shows a reset link to copy.
    site = await startTestSite('sqlite');
    const db = site.services.db;
    await createStaff(db, { email: 'owner@lantern.test', name: 'Olive Owner', password: PASSWORD, role: 'owner' });
    const writer = await createStaff(db, { email: 'writer@lantern.test', name: 'Wren Writer', password: PASSWORD, role: 'author' });
    await createStaff(db, { email: 'mod@lantern.test', name: 'Mo Derator', password: PASSWORD, role: 'moderator' });
    const paused = await createStaff(db, { email: 'paused@lantern.test', name: 'Pat Paused', password: PASSWORD, role: 'contributor' });
    await db.kysely.updateTable('users').set({ suspended_at: new Date().toISOString() }).where('id', '=', paused).execute();
    const portrait = await db.kysely.selectFrom('media').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await db.kysely.updateTable('users').set({
      bio: 'Wren covers the harbour and the ferries. She has done so since 2015.\n\nBefore that she sailed, with a very long address: https://an-unusually-long-domain-name-for-a-harbour-blog.example.org/and/a/long/path',
      avatar_media_id: portrait.id,
      links: JSON.stringify({
        website: 'https://an-unusually-long-domain-name-for-a-harbour-blog.example.org/and/a/long/path',
        mastodon: 'https://social.example/@wren', bluesky: 'https://bsky.app/profile/wren.bsky.social', x: 'https://x.com/wren', email: 'wren@lantern.test',
      }),
    }).where('id', '=', writer).execute();
    const section = await db.kysely.selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    const id = await site.services.articles.create({
      title: 'Ferry timetable changes', standfirst: 'Fewer sailings in winter.', sectionId: section.id, authorIds: [writer], tags: [], bodyMd: 'Some words.', status: 'published', createdBy: writer,
    });
    articlePath = (await db.kysely.selectFrom('articles').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path!;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function page(email?: string): Promise<Page> {
    const p = await (await browser.newContext()).newPage();
    await p.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    if (email) {
      await p.goto(`${site.url}/admin/login`);
      await p.getByLabel('Email address').fill(email);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(/\/admin(\/setup)?$/);
    }
    return p;
  }

  /** Each page: no axe findings in either colour scheme, and nothing wider than a 390 px phone. */
  async function check(p: Page, path: string): Promise<void> {
    for (const width of [1280, 390]) {
      await p.setViewportSize({ width, height: 844 });
      await p.goto(`${site.url}${path}`);
      for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(p, scheme), `${path} ${width} ${scheme}`).toEqual([]);
      if (width === 390) expect(await p.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
  }

  it('the profile page, for a writer and for a moderator', async () => {
    const writer = await page('writer@lantern.test');
    await check(writer, '/admin/profile');
    // A profile that comes back with problems is checked too.
    await writer.getByLabel('Website').fill('javascript:alert(1)');
    await writer.getByRole('button', { name: 'Save profile' }).click();
    expect(await writer.locator('#err-website').isVisible()).toBe(true);
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(writer, scheme), `refused ${scheme}`).toEqual([]);
    await writer.context().close();
    const moderator = await page('mod@lantern.test');
    await check(moderator, '/admin/profile');
    await moderator.context().close();
  });

  it('the staff page with a suspended member and a reset link to copy', async () => {
    const owner = await page('owner@lantern.test');
    await owner.goto(`${site.url}/admin/staff`);
    await owner.getByRole('button', { name: 'Send Wren Writer a reset link' }).click();
    expect(await owner.locator('#unsent-link').inputValue()).toMatch(/\/admin\/reset\/[\w-]+$/);
    for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(owner, scheme), `unsent ${scheme}`).toEqual([]);
    await owner.setViewportSize({ width: 390, height: 844 });
    expect(await owner.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await check(owner, '/admin/staff');
    await owner.context().close();
  });

  it('the author page and the article’s author box', async () => {
    const reader = await page();
    await check(reader, '/author/wren-writer');
    expect(await reader.locator('.author-links a[rel~="me"]').count()).toBe(5);
    await check(reader, articlePath);
    expect(await reader.locator('.author-box').getByText('Wren covers the harbour and the ferries.').isVisible()).toBe(true);
    await reader.context().close();
  });
});
