import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../helpers/agent.ts';
import { DATABASES } from '../helpers/databases.ts';
import { markupErrors } from '../helpers/markup.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

/**
 * Every public answer is valid for its type, even when an editor pastes
 * characters that XML forbids (a title with \x08 once broke every feed), and
 * text that looks like markup reads as text in feeds.
 */
describe.each(DATABASES)('valid pages and feeds on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  it('keeps feeds, sitemaps and pages valid when titles carry control characters and markup', async () => {
    const editor = await asRole(site, 'editor');
    const section = await site.services.db.kysely.selectFrom('sections').select(['id', 'slug']).where('slug', '=', 'news').executeTakeFirstOrThrow();
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', {
      title: 'Bell\x07 back\x08space esc\x1b and <b>bold</b> & co', standfirst: 'A <script>x</script> standfirst\x0b here.',
      section_id: String(section.id), tags: 'odd\x01 tag', body_md: 'Text with a \x0c form feed.', author_ids: [String(editor.userId)], action: 'publish',
    });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1]);
    const a = await site.services.db.kysely.selectFrom('articles').select(['title', 'path']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(a.title).toBe('Bell backspace esc and <b>bold</b> & co');

    const author = (await site.services.db.kysely.selectFrom('users').select('slug').where('id', '=', editor.userId).executeTakeFirstOrThrow()).slug;
    const paths = ['/', a.path!, `${a.path}/history`, `/section/${section.slug}`, `/author/${author}`, '/tag/odd-tag', '/search?q=bell',
      '/feed.xml', '/atom.xml', `/section/${section.slug}/feed.xml`, `/section/${section.slug}/atom.xml`, `/author/${author}/feed.xml`,
      `/author/${author}/atom.xml`, '/sitemap.xml', '/news-sitemap.xml', '/no/such/page'];
    for (const p of paths) {
      const res = await site.fetch(p);
      const body = await res.text();
      expect(markupErrors(res.headers.get('content-type'), body), p).toEqual([]);
    }
    // Feed readers show titles as text: the markup in one is escaped, not a tag.
    const rss = await (await site.fetch('/feed.xml')).text();
    expect(rss).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; co');
    expect(rss).not.toContain('<script>');
  });

  it('serves every demo article and listing as valid HTML', async () => {
    const articles = await site.services.db.kysely.selectFrom('articles').select('path').where('status', '=', 'published').limit(20).execute();
    for (const { path } of articles) {
      const res = await site.fetch(path!);
      expect(markupErrors(res.headers.get('content-type'), await res.text()), path!).toEqual([]);
    }
  });
});
