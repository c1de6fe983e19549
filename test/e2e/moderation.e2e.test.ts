import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { Agent } from '../helpers/agent.ts';
import { BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { firstArticle } from '../helpers/moderation.ts';
import { fromAddress, mailTo, nextAddress, requestLink } from '../helpers/reader.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp.ts';

const PASSWORD = 'newsroom password 1';

/**
 * Due process end to end, as people click it: a guest comments, a reader
 * replies (the guest gets the reply email), another reader reports, a moderator
 * removes the comment with a reason, the marker and the log entry appear, the
 * author appeals from the mailed link, and a second moderator restores it.
 */
describe.skipIf(!haveBrowser)('moderation end to end in Chromium', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  let site: TestSite;
  let smtp: SmtpCapture;
  let browser: Browser;
  let article: { id: number; path: string; title: string };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite('sqlite', { env: { SMTP_URL: smtp.url, TRUST_PROXY: '127.0.0.1' } });
    await createStaff(site.services.db, { email: 'first@lantern.test', name: 'First Moderator', password: PASSWORD, role: 'moderator' });
    await createStaff(site.services.db, { email: 'second@lantern.test', name: 'Second Moderator', password: PASSWORD, role: 'moderator' });
    article = await firstArticle(site);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.close();
  });

  async function person(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': nextAddress() } });
    const page = await context.newPage();
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    return { context, page };
  }

  /** A reader signs in the way a person does: the link from the mail, then the button. */
  async function reader(email: string, name: string): Promise<Page> {
    const { page } = await person();
    const link = await requestLink(new Agent(fromAddress(site, nextAddress())), smtp, email);
    await page.goto(`${site.url}${link}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByLabel('Display name').fill(name);
    await page.getByRole('button', { name: 'Save name' }).click();
    return page;
  }

  async function moderator(email: string): Promise<Page> {
    const { page } = await person();
    await page.goto(`${site.url}/admin/login`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin$/);
    return page;
  }

  it('guest comments → reader replies (reply email) → another reader reports → removal with a reason → marker and log → appeal → a second moderator restores it', async () => {
    // A guest comments, asking to hear of replies.
    const guest = (await person()).page;
    await guest.goto(`${site.url}${article.path}`);
    await guest.getByLabel('Your comment').fill('The council sold the harbour to its friends, and everyone knows who they are.');
    await guest.getByLabel('Your name').fill('Harbour Watcher');
    await guest.getByLabel('Your email address').fill('watcher@guests.test');
    await guest.getByLabel('Email me when someone replies').check();
    await guest.waitForTimeout(2200); // people take a moment to write; the form refuses a post made faster than that
    await guest.getByRole('button', { name: 'Post comment' }).click();
    const comment = guest.locator('article.comment', { hasText: 'The council sold the harbour' });
    await comment.waitFor();
    const commentId = Number((await comment.getAttribute('id'))!.replace('comment-', ''));

    // A reader replies; the guest gets the reply email.
    const replier = await reader('replier@readers.test', 'Rory Replier');
    await replier.goto(`${site.url}${article.path}#comment-${commentId}`);
    const mailsBefore = smtp.messages.length;
    await replier.locator(`#comment-${commentId}`).getByRole('link', { name: 'Reply' }).click();
    await replier.getByLabel('Your comment').fill('Which friends? Name them, or it is only gossip.');
    await replier.waitForTimeout(2200);
    await replier.getByRole('button', { name: 'Post comment' }).click();
    await replier.getByText('Which friends? Name them').first().waitFor();
    const replyMail = await mailTo(smtp, 'watcher@guests.test', mailsBefore);
    expect(replyMail.text).toContain('Rory Replier');

    // Another reader reports the guest's comment.
    const reporter = await reader('reporter@readers.test', 'Rita Reporter');
    await reporter.goto(`${site.url}${article.path}`);
    await reporter.locator(`#comment-${commentId}`).getByRole('link', { name: 'Report' }).first().click();
    await reporter.getByLabel('Reason').selectOption('Possibly unlawful (defamation, contempt of court)');
    await reporter.getByLabel('Anything the moderators should know (optional)').fill('It accuses named councillors of corruption.');
    await reporter.getByRole('button', { name: 'Send the report' }).click();
    await reporter.getByText('the moderators have your report').waitFor();

    // A moderator sees who reported, and removes it with a reason.
    const first = await moderator('first@lantern.test');
    await first.getByRole('link', { name: 'Moderation' }).click();
    const item = first.locator('.mod-queue__item', { hasText: 'The council sold the harbour' });
    expect(await item.getByText('Rita Reporter').isVisible()).toBe(true);
    await item.getByRole('link', { name: /Decide about this comment/ }).click();
    await first.locator('#f-remove-reason').selectOption('Possibly unlawful (defamation, contempt of court)');
    const removalMails = smtp.messages.length;
    await first.getByRole('button', { name: 'Remove the comment' }).click();
    await first.getByText('Removed. The author is being told by email.').waitFor();

    // The thread shows the marker in its place and keeps the reply; the public log has the entry.
    await guest.goto(`${site.url}${article.path}`);
    expect(await guest.getByText('Removed by the moderators: Possibly unlawful (defamation, contempt of court)').isVisible()).toBe(true);
    expect(await guest.getByText('The council sold the harbour').count()).toBe(0);
    expect(await guest.getByText('Which friends? Name them').first().isVisible()).toBe(true);
    await guest.getByRole('link', { name: 'Moderation log' }).click();
    const entry = guest.locator('.modlog tbody tr').first();
    expect(await entry.textContent()).toContain('Removed');
    expect(await entry.textContent()).toContain('Harbour Watcher');
    expect(await entry.textContent()).toContain('Possibly unlawful');
    expect(await guest.content()).not.toContain('Rita Reporter');

    // The author appeals from the mailed link, once.
    const removal = await mailTo(smtp, 'watcher@guests.test', removalMails);
    const appealLink = /http:\/\/news\.test(\/appeal\/\S+)/.exec(removal.text)![1];
    await guest.goto(`${site.url}${appealLink}`);
    await guest.getByLabel('Your appeal').fill('Every name in my comment is in the council minutes; I accused nobody of a crime.');
    await guest.getByRole('button', { name: 'Send the appeal' }).click();
    await guest.getByText('Your appeal is with the moderators').waitFor();
    expect(await guest.getByRole('button', { name: 'Send the appeal' }).count()).toBe(0);

    // The moderator who acted cannot decide it; a second moderator restores the comment.
    await first.goto(`${site.url}/admin/moderation/appeals`);
    expect(await first.getByText('You took this decision').isVisible()).toBe(true);
    expect(await first.getByRole('button', { name: 'Grant the appeal' }).count()).toBe(0);
    const second = await moderator('second@lantern.test');
    await second.goto(`${site.url}/admin/moderation/appeals`);
    await second.getByLabel('Grant it: why').selectOption('The removal was a mistake');
    await second.getByRole('button', { name: 'Grant the appeal' }).click();
    await second.getByText('Appeal decided.').waitFor();

    await guest.goto(`${site.url}${article.path}`);
    expect(await guest.getByText('The council sold the harbour').isVisible()).toBe(true);
    await guest.goto(`${site.url}/moderation`);
    expect(await guest.locator('.modlog tbody tr').first().textContent()).toContain('Appeal granted');
  });
});
