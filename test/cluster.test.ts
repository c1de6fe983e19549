import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** Two app servers on one PostgreSQL, as behind a load balancer. */
describe('several app servers sharing one PostgreSQL', () => {
  let a: TestSite;
  let b: TestSite;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createPostgresDatabase();
    drop = db.drop;
    // Started together against an empty database: the demo must be loaded exactly once.
    [a, b] = await Promise.all([
      startTestSite('postgres', { databaseUrl: db.url }),
      startTestSite('postgres', { databaseUrl: db.url }),
    ]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('loads the demo once although both started on an empty database', async () => {
    const n = await a.services.db.kysely.selectFrom('sections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(4);
  });

  it('serves a change made through one server from the other within a second', async () => {
    const db = a.services.db.kysely;
    const row = await db.selectFrom('articles').innerJoin('article_bodies', 'article_id', 'id').selectAll().where('slug', '=', 'stop-the-road-war').executeTakeFirstOrThrow();
    const path = row.path!;
    const cachedOnB = await b.text(path);
    expect(cachedOnB.body).toContain(row.title);
    const authors = await db.selectFrom('article_authors').select('user_id').where('article_id', '=', row.id).execute();
    await a.services.articles.update(row.id, {
      title: 'Drivers and cyclists want the same thing: to get home',
      slug: row.slug, standfirst: row.standfirst, sectionId: row.section_id, authorIds: authors.map((r) => r.user_id),
      tags: [], bodyMd: row.body_md, leadMediaId: row.lead_media_id, status: 'published',
    });
    const deadline = Date.now() + 1000;
    let seen = false;
    while (Date.now() < deadline && !seen) {
      seen = (await b.text(path)).body.includes('Drivers and cyclists want the same thing');
      if (!seen) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toBe(true);
  });
});
