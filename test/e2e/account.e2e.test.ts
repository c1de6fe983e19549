import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { linkIn, mailTo } from '../helpers/reader.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp.ts';

describe.skipIf(!haveBrowser)('a reader signing in, in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let smtp: SmtpCapture;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite('sqlite', { demo: false, env: { SMTP_URL: smtp.url, SITE_URL: 'http://127.0.0.1:1' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.close();
  });

  /** No axe violations in either colour scheme; and no script, so the page works without JavaScript. */
  async function checkA11y(page: Page, what: string): Promise<void> {
    expect(await page.locator('script').count(), what).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      expect(await axeViolations(page, scheme), `${scheme} ${what}`).toEqual([]);
    }
  }

  it('signs in from the footer, and every page on the way is accessible and script-free', async () => {
    const context = await browser.newContext();
    await context.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    expect(await context.cookies()).toEqual([]);
    await page.getByRole('navigation', { name: 'Footer' }).getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL(/\/account\/sign-in$/);
    await checkA11y(page, 'sign-in');

    await page.getByLabel('Email address').fill('not an address');
    await page.locator('form.account-form').evaluate((f: HTMLFormElement) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    expect(await page.getByText('Enter an email address like name@example.org.').isVisible()).toBe(true);
    await checkA11y(page, 'sign-in with an error');

    const since = smtp.messages.length;
    await page.getByLabel('Email address').fill('browser@readers.test');
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Check your inbox');
    await checkA11y(page, 'check your inbox');

    const link = linkIn(await mailTo(smtp, 'browser@readers.test', since));
    await page.goto(`${site.url}${link}`);
    await checkA11y(page, 'sign-in button');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator('h1').textContent()).toBe('Your account');
    await checkA11y(page, 'account');

    await page.getByLabel('Display name').fill('');
    await page.locator('form[action="/account/name"]').evaluate((f: HTMLFormElement) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Save name' }).click();
    expect(await page.getByText('Enter a name').isVisible()).toBe(true);
    await checkA11y(page, 'account with an error');

    await page.goto(`${site.url}${link}`);
    await checkA11y(page, 'used link');
    await context.close();
  }, 180_000);
});
