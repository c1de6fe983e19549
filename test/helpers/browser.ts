import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
 * that can take far longer than a unit test, so browser suites get more time.
 */
export const BROWSER_TEST_TIMEOUT = 120_000;
