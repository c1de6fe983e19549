import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * A legal redaction must reach every copy of the passage. It is planted in every
 * field an article has (and in the library picture it shows, a tag, its address
 * and a correction note), then every public answer is searched for it.
 */
describe.each(DATABASES)('a legal redaction on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  const PASSAGE = 'Councillor Quill took the harbour money';
  const SLUGGED = 'councillor-quill-took-the-harbour-money';
  const db = () => site.services.db.kysely;

  /** Everything a reader, a feed reader or a search engine can fetch that could show the article. */
  async function publicAnswers(paths: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const p of paths) out.set(p, (await site.text(p)).body);
    return out;
  }

  it('removes the passage from every public page, feed, sitemap, search result and address', async () => {
    const editor = await asRole(site, 'editor');
    const section = await db().selectFrom('sections').select(['id', 'slug']).where('slug', '=', 'news').executeTakeFirstOrThrow();
    const [picture, figure] = await db().selectFrom('media').select(['id', 'slug']).orderBy('id').limit(2).execute();
    // The library's own texts carry it too: they show on every page using the picture.
    await editor.get(`/admin/media/${figure.id}`);
    expect((await editor.post(`/admin/media/${figure.id}`, { alt: 'Boats in the harbour', caption: `Where ${PASSAGE}.`, credit: 'Library photo' })).status).toBe(303);

    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', {
      title: `Inquiry: ${PASSAGE}`, slug: `${SLUGGED}-inquiry`, standfirst: `Documents say ${PASSAGE}.`, section_id: String(section.id),
      tags: `${PASSAGE}, harbour`, body_md: `Our reporters found that ${PASSAGE}.\n\n::: figure ${figure.slug}\n:::\n\nMore follows.`,
      lead_media_id: String(picture.id), lead_caption: `The quay where ${PASSAGE}`, lead_credit: `Photo for: ${PASSAGE}`,
      seo_title: `SEO: ${PASSAGE}`, seo_description: `Description: ${PASSAGE}`, author_ids: [String(editor.userId)], action: 'publish',
    });
    expect(created.status).toBe(303);
    const id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1]);
    const before = await db().selectFrom('articles').select(['path', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(before.path).toContain(SLUGGED);
    await editor.get(`/admin/articles/${id}/edit`);
    await editor.post(`/admin/articles/${id}`, {
      title: `Inquiry: ${PASSAGE}`, slug: `${SLUGGED}-inquiry`, standfirst: `Documents say ${PASSAGE}.`, section_id: String(section.id),
      tags: `${PASSAGE}, harbour`, body_md: `Our reporters found that ${PASSAGE}, as the minutes show.\n\n::: figure ${figure.slug}\n:::\n\nMore follows.`,
      lead_media_id: String(picture.id), lead_caption: `The quay where ${PASSAGE}`, lead_credit: `Photo for: ${PASSAGE}`,
      seo_title: `SEO: ${PASSAGE}`, seo_description: `Description: ${PASSAGE}`, author_ids: [String(editor.userId)],
      change_kind: 'correction', change_note: `We said earlier that ${PASSAGE}; the date was wrong.`,
    });
    // Another article shows the same library picture: it must lose the passage too.
    await editor.get('/admin/articles/new');
    const other = await editor.post('/admin/articles', {
      title: 'Harbour works begin', standfirst: 'Cranes arrive.', section_id: String(section.id), tags: 'harbour',
      body_md: `Work began today.\n\n::: figure ${figure.slug}\n:::`, author_ids: [String(editor.userId)], action: 'publish',
    });
    const otherId = Number(/\/admin\/articles\/(\d+)\/edit/.exec(other.location!)![1]);
    const otherPath = (await db().selectFrom('articles').select('path').where('id', '=', otherId).executeTakeFirstOrThrow()).path!;
    const tag = await db().selectFrom('tags').select('slug').where('name', '=', PASSAGE).executeTakeFirstOrThrow();
    const authorSlug = (await db().selectFrom('users').select('slug').where('id', '=', editor.userId).executeTakeFirstOrThrow()).slug;

    const pages = [before.path!, `${before.path}/history`, `${before.path}/history?from=1&to=2`, otherPath, '/', `/section/${section.slug}`,
      `/tag/${tag.slug}`, '/tag/harbour', `/author/${authorSlug}`, '/feed.xml', '/atom.xml', `/section/${section.slug}/feed.xml`,
      `/author/${authorSlug}/atom.xml`, '/sitemap.xml', '/news-sitemap.xml', '/search?q=Quill+harbour+money'];
    const planted = await publicAnswers(pages);
    expect(planted.get(before.path!)).toContain(PASSAGE);
    expect(planted.get(otherPath)).toContain(PASSAGE);
    expect(planted.get('/search?q=Quill+harbour+money')).toContain(PASSAGE);

    const owner = await asRole(site, 'owner');
    await owner.get(`/admin/articles/${id}/redact`);
    const done = await owner.post(`/admin/articles/${id}/redact`, { passage: PASSAGE, reason: 'on legal advice following a court order' });
    expect(done.status).toBe(200);
    for (const place of ['headline', 'standfirst', 'body', 'lead picture', 'search and sharing title', 'earlier revisions', 'notes on corrections and updates']) {
      expect(done.body, place).toContain(`<li>${place}</li>`);
    }
    expect(done.body).toMatch(/a tag \(removed from every article/);
    expect(done.body).toMatch(/the address \(now \/\d{4}\/\d{2}\/redacted-inquiry/);

    const after = await db().selectFrom('articles').select('path').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.path).not.toContain(SLUGGED);
    const answers = await publicAnswers([after.path!, `${after.path}/history`, `${after.path}/history?from=1&to=3`, ...pages.filter((p) => !p.includes(SLUGGED) && !p.includes(tag.slug))]);
    for (const [path, body] of answers) {
      expect(body.toLowerCase(), path).not.toContain(PASSAGE.toLowerCase());
      expect(body, path).not.toContain(SLUGGED);
    }
    expect(answers.get(after.path!)).toMatch(/Text removed on \d+ \w+ \d{4}: on legal advice following a court order/);
    // The old addresses answer 410, never a redirect that would spell the passage again.
    for (const old of [before.path!, `${before.path}/history`, `/tag/${tag.slug}`]) {
      const res = await site.fetch(old);
      expect(res.status, old).toBe(410);
      expect(res.headers.get('location'), old).toBeNull();
      expect((await res.text()).toLowerCase(), old).not.toContain(PASSAGE.toLowerCase());
    }
    // Stored copies are gone too, not only the pages.
    const stored = JSON.stringify([
      await db().selectFrom('articles').selectAll().where('id', '=', id).execute(),
      await db().selectFrom('article_bodies').selectAll().execute(),
      await db().selectFrom('article_revisions').selectAll().where('article_id', '=', id).execute(),
      await db().selectFrom('media').selectAll().execute(),
      await db().selectFrom('tags').selectAll().execute(),
      await db().selectFrom('redirects').selectAll().execute(),
    ]);
    expect(stored.toLowerCase()).not.toContain(PASSAGE.toLowerCase());
    expect(stored).not.toContain(SLUGGED);
  });

  it('retires the old addresses that spell the passage: an imported one ending in a slash, a renamed tag’s former name', async () => {
    const editor = await asRole(site, 'editor');
    const section = await db().selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', {
      title: 'Minutes of the harbour board', slug: `${SLUGGED}-minutes`, standfirst: 'Read them.', section_id: String(section.id),
      tags: 'Harbour money affair', body_md: `The minutes say ${PASSAGE}.`, author_ids: [String(editor.userId)], action: 'publish',
    });
    const id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1]);
    // An address from the site's WordPress days, as the importer keeps it.
    const imported = `/2019/05/12/${SLUGGED}-minutes/`;
    await db().insertInto('redirects').values({ from_path: imported, article_id: id, to_path: null, gone: 0, created_at: new Date().toISOString() }).execute();
    expect((await site.fetch(imported)).status).toBe(301);
    // The tag is renamed to spell the passage: its old address now leads to one that does.
    const tag = await db().selectFrom('tags').select(['id', 'slug']).where('name', '=', 'Harbour money affair').executeTakeFirstOrThrow();
    await editor.get('/admin/tags');
    expect((await editor.post(`/admin/tags/${tag.id}/rename`, { name: PASSAGE })).status).toBe(303);
    expect((await site.fetch(`/tag/${tag.slug}`)).headers.get('location')).toBe(`/tag/${SLUGGED}`);

    const owner = await asRole(site, 'owner');
    await owner.get(`/admin/articles/${id}/redact`);
    expect((await owner.post(`/admin/articles/${id}/redact`, { passage: PASSAGE, reason: 'court order' })).status).toBe(200);
    for (const old of [imported, `/tag/${tag.slug}`, `/tag/${SLUGGED}`, `/tag/${SLUGGED}/feed.xml`]) {
      const res = await site.fetch(old);
      expect(res.status, old).toBe(410);
      expect(res.headers.get('location'), old).toBeNull();
    }
    const redirects = JSON.stringify(await db().selectFrom('redirects').selectAll().execute());
    expect(redirects).not.toContain(SLUGGED);
  });
});
