import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

describe.each(DATABASES)('articles written in import mode, and old addresses, on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;

  it('keeps given dates and slugs, lists each article once, and sends one change message for the batch', async () => {
    const section = await db().selectFrom('sections').select(['id', 'slug']).where('slug', '=', 'news').executeTakeFirstOrThrow();
    const author = await db().selectFrom('users').select(['id', 'slug']).where('role', '!=', 'reader').executeTakeFirstOrThrow();
    const changesBefore = Number((await db().selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const items = [1, 2, 3].map((n) => ({
      title: `Imported quarry report ${n}`, slug: `old-quarry-report-${n}`, standfirst: `From the archive, part ${n}.`, sectionId: section.id,
      authorIds: [author.id], tags: ['quarry archive'], bodyMd: `The quarry closed in 2019. Part ${n}.`, status: 'published' as const,
      publishedAt: `2019-05-1${n}T09:00:00.000Z`, updatedAt: `2019-06-0${n}T10:00:00.000Z`,
      oldPaths: [`/2019/05/1${n}/old-quarry-report-${n}/`, `/?p=${900 + n}`],
    }));
    const ids = await site.services.articles.importArticles(items);
    expect(ids).toHaveLength(3);
    const changesAfter = Number((await db().selectFrom('change_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(changesAfter - changesBefore).toBe(1);

    const rows = await db().selectFrom('articles').select(['id', 'slug', 'path', 'published_at', 'updated_at', 'created_at']).where('id', 'in', ids).orderBy('id').execute();
    expect(rows.map((r) => r.slug)).toEqual(['old-quarry-report-1', 'old-quarry-report-2', 'old-quarry-report-3']);
    expect(rows[0].path).toBe('/2019/05/old-quarry-report-1');
    expect(rows[0].published_at).toBe('2019-05-11T09:00:00.000Z');
    expect(rows[0].updated_at).toBe('2019-06-01T10:00:00.000Z');
    const revisions = await db().selectFrom('article_revisions').select(['kind', 'created_at']).where('article_id', '=', ids[0]).execute();
    expect(revisions).toEqual([{ kind: 'published', created_at: '2019-05-11T09:00:00.000Z' }]);

    const tag = await site.text('/tag/quarry-archive');
    expect(tag.body.split('/2019/05/old-quarry-report-2"').length - 1).toBe(1);
    const search = await site.text('/search?q=quarry+archive+report');
    expect(search.body.split('Imported quarry report 3</a>').length - 1).toBe(1);
    const authorFeed = await site.text(`/author/${author.slug}/feed.xml`);
    expect(authorFeed.status).toBe(200);

    for (const [old, to] of [['/2019/05/11/old-quarry-report-1/', rows[0].path], ['/?p=902', rows[1].path], ['/2019/05/13/old-quarry-report-3', rows[2].path]]) {
      const res = await site.fetch(old!);
      expect(res.status, old!).toBe(301);
      expect(res.headers.get('location'), old!).toBe(to);
    }
  });

  it('leads WordPress’s standard addresses home in one hop', async () => {
    const author = await db().selectFrom('users').select('slug').where('role', '!=', 'reader').executeTakeFirstOrThrow();
    const tag = await db().selectFrom('tags').select('slug').executeTakeFirstOrThrow();
    for (const [from, to] of [
      ['/category/news/', '/section/news'],
      ['/category/news', '/section/news'],
      ['/category/news/feed/', '/section/news/feed.xml'],
      [`/tag/${tag.slug}/`, `/tag/${tag.slug}`],
      [`/tag/${tag.slug}/feed/`, `/tag/${tag.slug}/feed.xml`],
      [`/author/${author.slug}/`, `/author/${author.slug}`],
      [`/author/${author.slug}/feed/`, `/author/${author.slug}/feed.xml`],
      ['/feed/', '/feed.xml'],
      ['/feed', '/feed.xml'],
    ]) {
      const res = await site.fetch(from);
      expect(res.status, from).toBe(301);
      expect(res.headers.get('location'), from).toBe(to);
      const landed = await site.fetch(to);
      expect(landed.status, to).toBe(200);
    }
    expect((await site.fetch('/category/no-such-section/')).status).toBe(301); // only the trailing slash goes
    expect((await site.fetch('/category/no-such-section')).status).toBe(404);
  });
});
