import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** Links to articles in a page, in document order. */
function articleLinks(html: string): string[] {
  return [...html.matchAll(/href="(\/\d{4}\/\d{2}\/[a-z0-9-]+)"/g)].map((m) => m[1]);
}

describe.each(DATABASES)('the reader’s site on %s', (kind) => {
  let site: TestSite;
  let home: string;
  let firstArticle: string;

  beforeAll(async () => {
    site = await startTestSite(kind);
    home = (await site.text('/')).body;
    firstArticle = articleLinks(home)[0];
  });
  afterAll(async () => site?.close());

  it('serves a front page with a lead story, the latest, a block per section and the sidebar', async () => {
    const res = await site.text('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('<title>The Lantern</title>');
    expect(res.body).toMatch(/class="home-lead"/);
    expect(res.body).toMatch(/id="latest-heading"/);
    for (const section of ['News', 'Opinion', 'Analysis', 'Culture']) {
      expect(res.body).toContain(`<a href="/section/${section.toLowerCase()}">${section}</a></h2>`);
    }
    expect(res.body).toContain('id="poll"');
    expect(new Set(articleLinks(res.body)).size).toBeGreaterThanOrEqual(12);
  });

  it('shows every part of an article page', async () => {
    const res = await site.text(firstArticle);
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b).toMatch(/<h1>[^<]+<\/h1>/);
    expect(b).toMatch(/<p class="standfirst">/);
    expect(b).toMatch(/By <a href="\/author\/[a-z-]+" rel="author">/);
    expect(b).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T[^"]+">/);
    expect(b).toMatch(/<figure class="figure figure--lead"><picture><source type="image\/webp" srcset="[^"]+ 480w/);
    expect(b).toMatch(/<img src="\/media\/[^"]+" srcset="[^"]+" sizes="[^"]+" width="\d+" height="\d+" alt="[^"]+"/);
    expect(b).toMatch(/<span class="credit">[^<]+<\/span>/);
    expect(b).toMatch(/\d+ min read/);
    for (const host of ['twitter.com/intent/tweet', 'facebook.com/sharer', 'wa.me/', 't.me/share', 'linkedin.com/sharing', 'mailto:?subject=']) {
      expect(b).toContain(host);
    }
    expect(b).toContain('data-print');
    expect(b).toMatch(/rel="prev"|rel="next"/);
    expect(b).toContain('id="related-heading"');
    expect(b).toContain('id="comments"');
    expect(b).toContain('media="print"');
  });

  it('renders figures, dividers and pull quotes in article bodies', async () => {
    const bodies = await Promise.all(articleLinks(home).slice(0, 12).map(async (p) => (await site.text(p)).body));
    const all = bodies.join('\n');
    expect(all).toMatch(/<div class="article-body">[\s\S]*<figure class="figure"><picture>/);
    expect(all).toContain('<hr />');
    expect(all).toContain('<figure class="pullquote">');
    expect(all).not.toContain('::: ');
  });

  it('describes articles for search engines and social networks', async () => {
    const b = (await site.text(firstArticle)).body;
    expect(b).toContain(`<link rel="canonical" href="http://news.test${firstArticle}">`);
    expect(b).toMatch(/<meta property="og:title" content="[^"]+">/);
    expect(b).toMatch(/<meta property="og:image" content="http:\/\/news\.test\/media\/[^"]+">/);
    expect(b).toContain('<meta name="twitter:card" content="summary_large_image">');
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(b)![1]);
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.author[0]['@type']).toBe('Person');
    expect(ld.datePublished).toMatch(/^\d{4}-/);
    expect(ld.dateModified).toMatch(/^\d{4}-/);
    expect(ld.image[0]).toMatch(/^http:\/\/news\.test\/media\//);
  });

  it('links previous and next articles that are themselves published pages', async () => {
    const b = (await site.text(firstArticle)).body;
    const prev = /<a class="prev-next__prev" rel="prev" href="([^"]+)"/.exec(b)?.[1];
    expect(prev).toBeDefined();
    const prevPage = (await site.text(prev!)).body;
    expect(prevPage).toContain(`href="${firstArticle}"`);
  });

  it('lists section, tag and author pages with pagination', async () => {
    const section = await site.text('/section/news');
    expect(section.status).toBe(200);
    expect(section.body).toContain('<h1>News</h1>');
    expect(articleLinks(section.body).length).toBeGreaterThan(0);
    const tag = await site.text('/tag/city-council');
    expect(tag.status).toBe(200);
    expect(articleLinks(tag.body).length).toBeGreaterThan(1);
    const author = await site.text('/author/tomas-okafor');
    expect(author.status).toBe(200);
    expect(author.body).toContain('Tomás Okafor');
    expect(author.body).toMatch(/class="author-portrait"/);
    expect(author.body).toContain('/author/tomas-okafor/feed.xml');
  });

  it('pages through a listing and refuses malformed page numbers with 400', async () => {
    const total = new Set(articleLinks(home)).size;
    expect(total).toBeGreaterThanOrEqual(12);
    // The front page shows everything; the site feed lists 10 a page on section pages.
    for (const bad of ['abc', '0', '-1', '1.5', '1e3', '99999999']) {
      const res = await site.text(`/section/news?page=${bad}`, { headers: { accept: 'text/html' } });
      expect(res.status, bad).toBe(400);
      expect(res.body).toContain('The page number must be a whole number');
      expect(res.body).not.toMatch(/at .+\.ts:\d+/);
    }
    expect((await site.text('/section/news?page=2&page=3')).status).toBe(400);
    expect((await site.text('/section/news?page=50')).status).toBe(404);
    const json = await site.fetch('/tag/housing?page=x', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(400);
    expect((await json.json()).error.message).toMatch(/page number/);
  });

  it('answers unknown addresses with the 404 page in the site’s look', async () => {
    for (const p of ['/no-such-page', '/section/nope', '/tag/nope', '/author/nope', '/2020/01/nope', '/feed.xml/extra']) {
      const res = await site.text(p);
      expect(res.status, p).toBe(404);
      expect(res.body).toContain('Page not found');
      expect(res.body).toContain('class="site-header"');
    }
  });

  it('sends an address with a trailing slash to the one without, and /favicon.ico to the icon', async () => {
    const res = await site.fetch('/section/news/?page=2');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/section/news?page=2');
    const icon = await site.fetch('/favicon.ico');
    expect(icon.status).toBe(302);
    const image = await site.fetch(icon.headers.get('location')!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('searches articles, ranks title matches first, and validates the query', async () => {
    const res = await site.text('/search?q=harbour');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/\d+ articles? match/);
    const first = articleLinks(res.body)[0];
    const page = (await site.text(first)).body;
    expect(/<h1>([^<]+)<\/h1>/.exec(page)![1].toLowerCase()).toContain('harbour');
    expect((await site.text('/search?q=zzzqqqxxy')).body).toContain('No articles match');
    expect((await site.text(`/search?q=${'a'.repeat(201)}`)).status).toBe(400);
    expect((await site.text('/search?q=%22%27%3B--%20OR%20*')).status).toBe(200);
    expect((await site.text('/search')).status).toBe(200);
  });

  it('publishes RSS and Atom feeds for the site, each section and each author', async () => {
    for (const base of ['', '/section/opinion', '/author/ruth-delaney']) {
      const rss = await site.text(`${base}/feed.xml`);
      expect(rss.status).toBe(200);
      expect(rss.headers.get('content-type')).toContain('application/rss+xml');
      expect(rss.body).toContain('<rss version="2.0"');
      expect(rss.body).toMatch(/<item>[\s\S]*<link>http:\/\/news\.test\/\d{4}\/\d{2}\//);
      const atom = await site.text(`${base}/atom.xml`);
      expect(atom.headers.get('content-type')).toContain('application/atom+xml');
      expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
      expect(atom.body).toContain('<entry>');
    }
  });

  it('publishes a sitemap, a news sitemap of the last two days, and robots.txt', async () => {
    const sitemap = await site.text('/sitemap.xml');
    expect(sitemap.body).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(sitemap.body.match(/<url>/g)!.length).toBeGreaterThanOrEqual(12 + 4 + 1);
    const news = await site.text('/news-sitemap.xml');
    const newsUrls = news.body.match(/<news:publication_date>([^<]+)</g) ?? [];
    expect(newsUrls.length).toBeGreaterThan(0);
    for (const d of newsUrls) {
      const when = Date.parse(d.replace('<news:publication_date>', '').replace('<', ''));
      expect(Date.now() - when).toBeLessThan(2 * 24 * 3600 * 1000 + 60_000);
    }
    const robots = await site.text('/robots.txt');
    expect(robots.body).toContain('Sitemap: http://news.test/sitemap.xml');
  });

  it('answers conditional requests with 304 and compresses when asked', async () => {
    const first = await site.fetch(firstArticle);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const again = await site.fetch(firstArticle, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const since = await site.fetch(firstArticle, { headers: { 'if-modified-since': first.headers.get('last-modified')! } });
    expect(since.status).toBe(304);
    const br = await site.fetch(firstArticle, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const gz = await site.fetch(firstArticle, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(await first.text());
  });

  it('keeps article pages within budget and loads nothing from other hosts', async () => {
    const b = (await site.text(firstArticle)).body;
    expect(Buffer.byteLength(b)).toBeLessThan(50 * 1024);
    const srcs = [...b.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    const loaded = [...b.matchAll(/<(?:img|script|link|source|iframe)\b[^>]*(?:src|href|srcset)="([^"]+)"/g)].map((m) => m[1]);
    for (const url of loaded) {
      if (url.startsWith('http')) expect(url.startsWith('http://news.test/'), url).toBe(true);
    }
    expect(srcs.length).toBeGreaterThan(0);
    const css = [...b.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    // What a reader downloads is the compressed stylesheet (every browser asks for br): that is the budget,
    // with a ceiling on the whole so no one ships a framework.
    let sent = 0;
    let whole = 0;
    for (const href of css) {
      const res = await fetch(`${site.url}${href}`, { headers: { 'accept-encoding': 'br' } });
      expect(res.headers.get('content-encoding')).toBe('br');
      whole += (await res.arrayBuffer()).byteLength;
      sent += Number(res.headers.get('content-length'));
    }
    expect(sent).toBeGreaterThan(1000);
    expect(sent).toBeLessThan(12 * 1024);
    expect(whole).toBeLessThan(48 * 1024);
    // Scripts the same way: what is sent (each enhancement is a small file of its own), with a ceiling on the whole.
    let jsSent = 0;
    let jsWhole = 0;
    for (const m of b.matchAll(/<script src="([^"]+)"/g)) {
      const res = await fetch(`${site.url}${m[1]}`, { headers: { 'accept-encoding': 'br' } });
      jsWhole += (await res.arrayBuffer()).byteLength;
      jsSent += Number(res.headers.get('content-length'));
    }
    expect(jsSent).toBeLessThan(6 * 1024);
    expect(jsWhole).toBeLessThan(16 * 1024);
  });

  it('serves images and assets with long-lived caching', async () => {
    const b = (await site.text(firstArticle)).body;
    const img = /<img src="(\/media\/[^"]+)"/.exec(b)![1];
    const res = await site.fetch(img);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await site.fetch('/media/..%2Fsamizdat.db')).status).toBe(404);
    expect((await site.fetch('/assets/site.00000000.css')).status).toBe(404);
  });

  it('reports its health', async () => {
    const res = await site.fetch('/healthz');
    expect(res.status).toBe(200);
    const health = await res.json();
    expect(health.status).toBe('ok');
    // The page cache, for an operator watching its hit rate.
    await site.fetch('/');
    await site.fetch('/');
    const after = await (await site.fetch('/healthz')).json();
    expect(after.cache.entries).toBeGreaterThan(0);
    expect(after.cache.hits).toBeGreaterThan(health.cache.hits);
    expect(after.cache.hitRatio).toBeGreaterThan(0);
    expect(after.cache.bytes).toBeGreaterThan(0);
  });
});
