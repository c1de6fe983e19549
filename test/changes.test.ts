import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../src/articles/service.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** The input that would save this article unchanged, for tests that change one thing. */
async function inputFor(site: TestSite, path: string): Promise<{ id: number; input: ArticleInput }> {
  const db = site.services.db.kysely;
  const a = await db.selectFrom('articles').innerJoin('article_bodies', 'article_id', 'id').selectAll().where('path', '=', path).executeTakeFirstOrThrow();
  const authors = await db.selectFrom('article_authors').select('user_id').where('article_id', '=', a.id).orderBy('position').execute();
  const tags = await db
    .selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id')
    .select('t.name').where('at.article_id', '=', a.id).execute();
  return {
    id: a.id,
    input: {
      title: a.title, slug: a.slug, standfirst: a.standfirst, sectionId: a.section_id,
      authorIds: authors.map((r) => r.user_id), tags: tags.map((t) => t.name), bodyMd: a.body_md,
      leadMediaId: a.lead_media_id, leadAlt: a.lead_alt, leadCaption: a.lead_caption, leadCredit: a.lead_credit,
      status: a.status, publishedAt: a.published_at,
    },
  };
}

describe.each(DATABASES)('changes to published articles on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  it('shows an edited article at once, though the old page was cached', async () => {
    const path = (await site.services.db.kysely.selectFrom('articles').select('path').where('slug', '=', 'library-late-hours').executeTakeFirstOrThrow()).path!;
    const before = await site.text(path);
    expect(before.status).toBe(200);
    const { id, input } = await inputFor(site, path);
    await site.services.articles.update(id, { ...input, title: 'Library to open until ten on weekdays' });
    const after = await site.text(path);
    expect(after.body).toContain('<h1>Library to open until ten on weekdays</h1>');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await site.text('/')).body).toContain('Library to open until ten on weekdays');
  });

  it('ranks by the headline as it is now: a retitled article moves up search, and down again', async () => {
    const db = site.services.db.kysely;
    const [newer, older] = await db.selectFrom('articles').select('path').where('status', '=', 'published')
      .orderBy('published_at', 'desc').limit(2).offset(3).execute();
    const inBody = await inputFor(site, newer.path!);
    await site.services.articles.update(inBody.id, { ...inBody.input, bodyMd: `${inBody.input.bodyMd}\n\nThe quillwort grows by the shore.` });
    const inTitle = await inputFor(site, older.path!);
    await site.services.articles.update(inTitle.id, { ...inTitle.input, title: 'Quillwort returns to the loch' });
    const titles = async () => [...(await site.text('/search?q=quillwort')).body.matchAll(/class="card__title"><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(await titles()).toEqual([older.path, newer.path]);
    await site.services.articles.update(inTitle.id, { ...inTitle.input });
    expect(await titles()).toEqual([newer.path]);
  });

  it('answers the old address of a renamed article with 301 to the new one', async () => {
    const oldPath = (await site.services.db.kysely.selectFrom('articles').select('path').where('slug', '=', 'wind-farm-appeal').executeTakeFirstOrThrow()).path!;
    const { id, input } = await inputFor(site, oldPath);
    await site.services.articles.update(id, { ...input, slug: 'offshore-wind-farm-appeal' });
    const newPath = oldPath.replace('wind-farm-appeal', 'offshore-wind-farm-appeal');
    const res = await site.fetch(oldPath);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(newPath);
    expect((await site.fetch(newPath)).status).toBe(200);
    // A second rename: the first address still leads to the current one, in one hop.
    await site.services.articles.update(id, { ...input, slug: 'wind-farm-appeal-hearing' });
    const hop = await site.fetch(oldPath);
    expect(hop.headers.get('location')).toBe(oldPath.replace('wind-farm-appeal', 'wind-farm-appeal-hearing'));
  });

  it('takes an article off every page when it is no longer published', async () => {
    const path = (await site.services.db.kysely.selectFrom('articles').select('path').where('slug', '=', 'review-the-salt-road').executeTakeFirstOrThrow()).path!;
    expect((await site.text('/section/culture')).body).toContain(path);
    const { id, input } = await inputFor(site, path);
    await site.services.articles.update(id, { ...input, status: 'unpublished' });
    const res = await site.text(path);
    expect(res.status).toBe(410);
    expect(res.body).toContain('withdrawn');
    expect((await site.text('/section/culture')).body).not.toContain(path);
    expect((await site.text('/feed.xml')).body).not.toContain(path);
    expect((await site.text('/search?q=salt+road')).body).not.toContain(path);
  });

  it('keeps tag and author pages, their counts and feeds in step as an article is published, withdrawn and tagged again', async () => {
    const db = site.services.db.kysely;
    const article = await db.selectFrom('articles').select(['id', 'path']).where('status', '=', 'published')
      .orderBy('published_at', 'desc').limit(1).offset(5).executeTakeFirstOrThrow();
    const { id, input } = await inputFor(site, article.path!);
    const author = await db.selectFrom('users').select('slug').where('id', '=', input.authorIds[0]).executeTakeFirstOrThrow();
    const authorPage = `/author/${author.slug}`;
    const count = async (page: string) => [...(await site.text(page)).body.matchAll(/class="card__title"/g)].length;

    // A brand-new tag: its page lists exactly this article once it is published with it.
    await site.services.articles.update(id, { ...input, tags: [...input.tags, 'Tidal power'] });
    expect((await site.text('/tag/tidal-power')).body).toContain(article.path!);
    expect(await count('/tag/tidal-power')).toBe(1);
    expect((await site.text(authorPage)).body).toContain(article.path!);

    await site.services.articles.update(id, { ...input, tags: [...input.tags, 'Tidal power'], status: 'unpublished' });
    expect(await count('/tag/tidal-power')).toBe(0);
    expect((await site.text(authorPage)).body).not.toContain(article.path!);
    expect((await site.text(`/author/${author.slug}/feed.xml`)).body).not.toContain(article.path!);

    await site.services.articles.update(id, { ...input, tags: [...input.tags, 'Tidal power'], status: 'published' });
    expect(await count('/tag/tidal-power')).toBe(1);
    expect((await site.text(authorPage)).body).toContain(article.path!);
  });
});
