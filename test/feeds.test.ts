import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absoluteAddresses } from '../src/site/feeds.ts';
import { type Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { xmlErrors } from './helpers/markup.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * Feeds carry the whole article, sanitised, beside its standfirst, and the lead
 * picture as the very file the site serves; tags have feeds of their own, which
 * follow a renamed tag; the sitemap lists the section and tag pages.
 */
describe.each(DATABASES)('feeds and sitemaps on %s', (kind) => {
  let site: TestSite;
  let editor: Agent & { userId: number };
  let id: number;
  let path: string;
  const db = () => site.services.db.kysely;
  const item = (feed: string, tag: 'item' | 'entry') =>
    new RegExp(`<${tag}>((?:(?!</${tag}>)[\\s\\S])*?${path.replace(/\//g, '\\/')}[\\s\\S]*?)</${tag}>`).exec(feed)?.[1] ?? '';

  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
    const section = await db().selectFrom('sections').select('id').where('slug', '=', 'news').executeTakeFirstOrThrow();
    const media = await db().selectFrom('media').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', {
      title: 'Quarry road <reopens> & traffic returns', standfirst: 'Residents welcome the end of the works.', section_id: String(section.id),
      tags: 'Quarry works', author_ids: [String(editor.userId)], lead_media_id: String(media.id), action: 'publish',
      body_md: 'The road reopened on Monday after [six months](/section/news) of works.\n\n<p onclick="alert(1)">Tap here</p>\n\nThe mayor named Councillor Brannagh as the one who pushed for it.',
    });
    expect(res.status, res.body.slice(0, 300)).toBe(303);
    id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(res.location!)![1]);
    path = (await db().selectFrom('articles').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path!;
  });
  afterAll(async () => site?.close());

  it('carries the full, sanitised text beside the standfirst, with absolute addresses', async () => {
    const rss = await site.text('/feed.xml');
    expect(xmlErrors(rss.body)).toEqual([]);
    const entry = item(rss.body, 'item');
    expect(entry).toContain('<description><![CDATA[Residents welcome the end of the works.]]></description>');
    const content = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(entry)?.[1] ?? '';
    expect(content).toContain('<p>The road reopened on Monday after <a href="http://news.test/section/news">six months</a> of works.</p>');
    expect(content).toContain('Councillor Brannagh');
    expect(content).not.toContain('onclick');
    expect(content).toContain('Tap here');
    // Titles read as text in feed readers, markup and all.
    expect(entry).toContain('<title><![CDATA[Quarry road &lt;reopens&gt; &amp; traffic returns]]></title>');

    const atom = await site.text('/atom.xml');
    expect(xmlErrors(atom.body)).toEqual([]);
    const atomEntry = item(atom.body, 'entry');
    expect(atomEntry).toContain('<title type="text">Quarry road &lt;reopens&gt; &amp; traffic returns</title>');
    expect(atomEntry).toContain('<summary type="text">Residents welcome the end of the works.</summary>');
    expect(atomEntry).toContain('<content type="html">&lt;p&gt;The road reopened on Monday after &lt;a href=&quot;http://news.test/section/news&quot;&gt;six months&lt;/a&gt;');
    expect(atomEntry).not.toContain('onclick');
  });

  it('encloses the lead picture with the true length and type of the file served', async () => {
    for (const [feed, pattern] of [
      ['/feed.xml', /<enclosure url="([^"]+)" length="(\d+)" type="([^"]+)"\/>/],
      ['/atom.xml', /<link rel="enclosure" href="([^"]+)" length="(\d+)" type="([^"]+)"\/>/],
    ] as const) {
      const entry = item((await site.text(feed)).body, feed === '/feed.xml' ? 'item' : 'entry');
      const [, url, length, type] = pattern.exec(entry) ?? [];
      expect(url, feed).toMatch(/^http:\/\/news\.test\/media\//);
      const file = await site.fetch(new URL(url).pathname);
      expect(file.status).toBe(200);
      const bytes = (await file.arrayBuffer()).byteLength;
      expect(Number(length)).toBe(bytes);
      expect(type).toBe(file.headers.get('content-type'));
      expect(type).toMatch(/^image\/(jpeg|png)$/);
    }
  });

  it('keeps a redacted passage out of every feed', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get(`/admin/articles/${id}/redact`);
    expect((await owner.post(`/admin/articles/${id}/redact`, { passage: 'Councillor Brannagh', reason: 'on legal advice' })).status).toBe(200);
    const tag = await db().selectFrom('tags').select('slug').where('name', '=', 'Quarry works').executeTakeFirstOrThrow();
    for (const feed of ['/feed.xml', '/atom.xml', '/section/news/feed.xml', `/tag/${tag.slug}/feed.xml`, `/tag/${tag.slug}/atom.xml`]) {
      const body = (await site.text(feed)).body;
      expect(body, feed).toContain(path);
      expect(body, feed).not.toContain('Brannagh');
    }
  });

  it('gives each tag its own feeds, linked from its page, and leads a renamed tag’s old feeds to the new in one hop', async () => {
    const tag = await db().selectFrom('tags').select(['id', 'slug']).where('name', '=', 'Quarry works').executeTakeFirstOrThrow();
    const page = (await site.text(`/tag/${tag.slug}`)).body;
    expect(page).toContain(`<link rel="alternate" type="application/rss+xml" title="`);
    expect(page).toContain(`href="/tag/${tag.slug}/feed.xml"`);
    expect(page).toContain(`href="/tag/${tag.slug}/atom.xml"`);
    const rss = await site.text(`/tag/${tag.slug}/feed.xml`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    expect(rss.body).toContain(`<atom:link href="http://news.test/tag/${tag.slug}/feed.xml" rel="self"`);
    expect(rss.body).toContain(path);
    // Only the tag's articles.
    const other = await db().selectFrom('articles').select('path').where('status', '=', 'published').where('id', '!=', id).executeTakeFirstOrThrow();
    expect(rss.body).not.toContain(other.path!);
    expect((await site.text(`/tag/${tag.slug}/atom.xml`)).headers.get('content-type')).toContain('application/atom+xml');

    const renamed = await site.services.taxonomy.renameTag(tag.id, 'Quarry roadworks');
    expect(renamed.ok).toBe(true);
    for (const suffix of ['/feed.xml', '/atom.xml']) {
      const old = await site.fetch(`/tag/${tag.slug}${suffix}`);
      expect(old.status, suffix).toBe(301);
      expect(old.headers.get('location')).toBe(`/tag/quarry-roadworks${suffix}`);
      const landed = await site.text(old.headers.get('location')!);
      expect(landed.status).toBe(200);
      expect(landed.body).toContain(path);
    }
    expect((await site.fetch('/tag/no-such-tag/feed.xml')).status).toBe(404);
  });

  it('lists section and tag pages in the sitemap with their last change, and only tags in use', async () => {
    await site.services.taxonomy.renameTag(
      (await db().selectFrom('tags').select('id').where('slug', '=', 'quarry-roadworks').executeTakeFirstOrThrow()).id, 'Quarry reopening');
    const sitemap = await site.text('/sitemap.xml');
    expect(xmlErrors(sitemap.body)).toEqual([]);
    const updated = (await db().selectFrom('articles').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at;
    // The news section's newest change is this article's; the renamed tag is listed under its new address at once.
    expect(sitemap.body).toContain(`<url><loc>http://news.test/section/news</loc><lastmod>${updated}</lastmod></url>`);
    expect(sitemap.body).toContain(`<url><loc>http://news.test/tag/quarry-reopening</loc><lastmod>${updated}</lastmod></url>`);
    expect(sitemap.body).not.toContain('/tag/quarry-roadworks<');
    for (const s of await db().selectFrom('sections').select('slug').execute()) expect(sitemap.body).toContain(`<loc>http://news.test/section/${s.slug}</loc>`);
    // A tag no published article carries has no page worth listing.
    await db().insertInto('tags').values({ slug: 'unused-topic', name: 'Unused topic' }).execute();
    await site.services.changes.everything();
    expect((await site.text('/sitemap.xml')).body).not.toContain('/tag/unused-topic');
  });
});

describe('addresses in a feed body', () => {
  it('makes the site’s own links and pictures absolute, leaving text and other sites alone', () => {
    const body = '<p>See <a href="/2026/01/x">this</a>, <a href="https://else.where/y">that</a> and <a href="//cdn.example/z">a CDN</a>; write href="/not-a-link" in text.</p>'
      + '<picture><source type="image/webp" srcset="/media/a-480.webp 480w, /media/a-960.webp 960w"><img src="/media/a-960.jpg" alt=""></picture>';
    expect(absoluteAddresses(body, 'https://news.example')).toBe(
      '<p>See <a href="https://news.example/2026/01/x">this</a>, <a href="https://else.where/y">that</a> and <a href="//cdn.example/z">a CDN</a>; write href="/not-a-link" in text.</p>'
      + '<picture><source type="image/webp" srcset="https://news.example/media/a-480.webp 480w, https://news.example/media/a-960.webp 960w"><img src="https://news.example/media/a-960.jpg" alt=""></picture>',
    );
  });
});
