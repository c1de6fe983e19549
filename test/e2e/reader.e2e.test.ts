import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

describe.skipIf(!haveBrowser)('a reader in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let site: TestSite;
  let browser: Browser;
  const outside: string[] = [];

  async function open(path: string, opts: { javaScript?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: opts.javaScript ?? true });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!r.url().startsWith(site.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    // Nothing may leave the machine: any request elsewhere is recorded above and refused here.
    await page.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
    await page.goto(`${site.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    site = await startTestSite('sqlite', { env: { SITE_URL: 'http://127.0.0.1:1' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('goes from the front page to a section, to an article, and on through Prev and Next', async () => {
    const page = await open('/');
    expect(await page.locator('.home-lead h2').count()).toBe(1);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Opinion' }).click();
    await page.waitForURL(/\/section\/opinion$/);
    expect(await page.locator('h1').textContent()).toBe('Opinion');
    const first = page.locator('.card__title a').first();
    const title = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/\d{4}\/\d{2}\/[a-z0-9-]+$/);
    expect((await page.locator('h1').textContent())!.trim()).toBe(title);

    // Lead and inline figures with their credits.
    const lead = page.locator('figure.figure--lead');
    expect(await lead.locator('img').isVisible()).toBe(true);
    expect(await lead.locator('.credit').textContent()).toMatch(/\S/);
    const inline = page.locator('.article-body figure.figure');
    expect(await inline.count()).toBeGreaterThan(0);
    expect(await inline.first().locator('.credit').textContent()).toMatch(/\S/);
    const natural = await inline.first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(natural).toBeGreaterThan(0);

    // Share links are plain links carrying the article's address.
    const shares = page.getByRole('navigation', { name: 'Share this article' }).getByRole('link');
    expect(await shares.count()).toBe(6);
    for (const href of await shares.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      expect(decodeURIComponent(href)).toContain(page.url().replace(site.url, ''));
    }
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);

    // Related reading and Prev/Next.
    expect(await page.locator('.related .card').count()).toBeGreaterThan(0);
    const here = page.url();
    const nav = page.getByRole('navigation', { name: 'Previous and next articles' });
    const next = nav.locator('a[rel=next], a[rel=prev]').first();
    const target = (await next.getAttribute('href'))!;
    await next.click();
    await page.waitForURL((u) => u.pathname === target);
    expect(page.url()).not.toBe(here);
    await page.context().close();
  });

  it('offers the feeds and a print stylesheet that prints just the article', async () => {
    const page = await open('/');
    const feed = await page.locator('link[type="application/rss+xml"]').first().getAttribute('href');
    const res = await page.request.get(`${site.url}${feed}`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('<rss');
    const href = await page.locator('.home-lead a[href^="/20"]').first().getAttribute('href');
    await page.goto(`${site.url}${href}`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-nav', '.sidebar', 'nav.share', '.prev-next', '.related', '.site-search']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    }
    expect(await page.locator('article.article h1').isVisible()).toBe(true);
    expect(await page.locator('.article-body p').first().isVisible()).toBe(true);
    await page.context().close();
  });

  it('shows the same article without JavaScript', async () => {
    const withJs = await open('/section/news');
    const href = (await withJs.locator('.card__title a').first().getAttribute('href'))!;
    await withJs.goto(`${site.url}${href}`);
    const noJs = await open(href, { javaScript: false });
    const text = (p: Page) => p.locator('article.article').innerText();
    const [a, b] = await Promise.all([text(withJs), text(noJs)]);
    // The print button is the one thing that needs JavaScript, and it hides without it.
    expect(b.replace(/\s+/g, ' ')).toBe(a.replace(/\s*Print\s*$/m, '').replace(/\s+/g, ' ').replace(' Print', ''));
    expect(await noJs.locator('.article-body figure img').count()).toBe(await withJs.locator('.article-body figure img').count());
    expect(await noJs.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await withJs.context().close();
    await noJs.context().close();
  });

  it('keeps a video embed a link until the reader clicks to play it', async () => {
    const page = await open('/search?q=livestream');
    const href = await page.locator('.card__title a').first().getAttribute('href');
    await page.goto(`${site.url}${href}`);
    const embed = page.locator('.embed');
    expect(await embed.getByRole('link', { name: /Watch on YouTube/ }).isVisible()).toBe(true);
    expect(await page.locator('iframe').count()).toBe(0);
    await embed.getByRole('button', { name: /Play here/ }).click();
    expect(await page.locator('.embed iframe').getAttribute('src')).toContain('youtube-nocookie.com');
    await page.context().close();
  });

  it.each(['/', '/section/analysis', '/search?q=harbour', 'article'])('has no accessibility violations on %s', async (path) => {
    let target = path;
    if (path === 'article') {
      const home = await site.text('/');
      target = /href="(\/\d{4}\/\d{2}\/[a-z0-9-]+)"/.exec(home.body)![1];
    }
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(target);
      expect(await axeViolations(page, scheme), `${scheme} ${target}`).toEqual([]);
      await page.context().close();
    }
  });

  it('keeps the card grid even when a lead image is square', async () => {
    const db = site.services.db.kysely;
    const square = await db.selectFrom('media').select('id').whereRef('width', '=', 'height').executeTakeFirstOrThrow();
    const [, second] = await db.selectFrom('articles').select('id').where('status', '=', 'published')
      .orderBy('published_at', 'desc').orderBy('id', 'desc').limit(2).execute();
    await db.updateTable('articles').set({ lead_media_id: square.id }).where('id', '=', second.id).execute();
    await site.services.changes.everything();
    const page = await open('/');
    await page.setViewportSize({ width: 1280, height: 900 });
    const heights = await page.locator('.home-latest .card__image img').evaluateAll((imgs) => imgs.map((i) => Math.round(i.getBoundingClientRect().height)));
    expect(heights.length).toBeGreaterThan(2);
    expect(new Set(heights).size).toBe(1);
    await page.context().close();
  });

  it('made no request to any other host', () => {
    // The embed test clicked "Play here", which is the one allowed exception.
    expect(outside.filter((u) => !u.includes('youtube-nocookie.com'))).toEqual([]);
  });
});
