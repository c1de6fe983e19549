import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, never a downloaded browser; flags keep it off the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Browser tests need Chromium; outside CI they skip with a clear reason when it is missing. */
export const haveBrowser = fs.existsSync(CHROMIUM_PATH);
if (!haveBrowser) {
  const message = `Browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH).`;
  if (process.env.CI) throw new Error(message);
  console.warn(`Skipping: ${message}`);
}

/**
 * A browser test drives several pages and axe scans; on a busy two-core CI machine
 * that can take far longer than a unit test, so browser suites get more time. It
 * only stops a test that hangs: the longest took 85 s on a loaded machine.
 */
export const BROWSER_TEST_TIMEOUT = 300_000;

/**
 * axe's findings on a page in one colour scheme, as "rule: targets" lines. Motion
 * is reduced first: links fade their colour when the scheme changes, and a scan
 * taken mid-fade reads colours no reader ever sees at rest.
 */
export async function axeViolations(page: Page, colorScheme: 'light' | 'dark'): Promise<string[]> {
  await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
