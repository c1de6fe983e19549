import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { wxr } from '../helpers/wxr.ts';

/** An owner imports a WordPress export from a phone: the form, the progress page, the report. */

const PASSWORD = 'import owner password 1';

describe.skipIf(!haveBrowser)('the WordPress import in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-e2e-'));

  beforeAll(async () => {
    site = await startTestSite('sqlite');
    await createStaff(site.services.db, { email: 'owner@import.test', name: 'Olga Owner', password: PASSWORD, role: 'owner' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function checked(page: Page, what: string): Promise<void> {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), what).toBeLessThanOrEqual(390);
  }

  it('uploads an export, follows it to the end and shows the report', async () => {
    const file = path.join(dir, 'export.xml');
    fs.writeFileSync(file, wxr([
      { id: 1, title: 'Ferry timetable changes', content: 'From Monday.\n\n<script>alert(1)</script>', slug: 'ferry' },
      { id: 2, title: 'Old news', content: 'Gone.', status: 'trash' },
    ]));
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${site.url}/admin/login`);
    await page.getByLabel('Email address').fill('owner@import.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/admin`);
    await page.goto(`${site.url}/admin/import`);
    await checked(page, 'form');
    await page.getByLabel('Export file (.xml)').setInputFiles(file);
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.waitForURL(`${site.url}/admin/import/status`);
    await site.services.wordpressImports.settled();
    await page.reload();
    expect(await page.getByRole('heading', { name: 'What was imported' }).count()).toBe(1);
    expect(await page.locator('.import-report').textContent()).toContain('its status on WordPress is “trash”');
    expect(await page.locator('.import-report').textContent()).toContain('<script>');
    await checked(page, 'report');
    await page.context().close();
  });
});
