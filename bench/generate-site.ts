import { loadConfig } from '../src/config/config.ts';
import { articlePath } from '../src/articles/service.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadDemoIfEmpty } from '../src/demo/load-demo.ts';

/**
 * Builds a large site for the benchmark: the demo, then copies of its articles
 * under new titles, spread over ten years, until there are `count` articles.
 */
export async function generateSite(env: Record<string, string>, count: number): Promise<void> {
  const config = loadConfig(env);
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  await loadDemoIfEmpty(db, config, { info: () => undefined });
  const k = db.kysely;
  const existing = await k.selectFrom('articles').selectAll().execute();
  const bodies = new Map((await k.selectFrom('article_bodies').selectAll().execute()).map((b) => [b.article_id, b]));
  const sections = await k.selectFrom('sections').select('id').execute();
  const users = await k.selectFrom('users').select('id').execute();
  const tags = await k.selectFrom('tags').select('id').execute();
  const words = ['Council', 'Harbour', 'Budget', 'Ferry', 'School', 'Library', 'Market', 'Housing', 'Rail', 'Festival', 'Coast', 'Clinic'];
  const verbs = ['weighs', 'delays', 'approves', 'questions', 'revisits', 'funds', 'rejects', 'reviews'];
  const now = Date.now();
  let n = existing.length;
  let i = 0;
  while (n < count) {
    await k.transaction().execute(async (trx) => {
      for (let batch = 0; batch < 500 && n < count; batch++, n++, i++) {
        const src = existing[i % existing.length];
        const title = `${words[i % words.length]} ${verbs[(i * 7) % verbs.length]} plan number ${i + 1}`;
        const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
        const publishedAt = new Date(now - (i + 1) * 8.7 * 3600_000).toISOString();
        const row = await trx
          .insertInto('articles')
          .values({
            ...src, id: undefined, slug, title, section_id: sections[i % sections.length].id,
            path: articlePath(publishedAt, slug), published_at: publishedAt, updated_at: publishedAt, created_at: publishedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('article_bodies').values({ ...bodies.get(src.id)!, article_id: row.id }).execute();
        await trx.insertInto('article_authors').values({ article_id: row.id, user_id: users[i % users.length].id, position: 0 }).execute();
        const t1 = tags[i % tags.length].id;
        const t2 = tags[(i * 13 + 5) % tags.length].id;
        await trx.insertInto('article_tags').values([...new Set([t1, t2])].map((tag_id) => ({ article_id: row.id, tag_id }))).execute();
      }
    });
  }
  await db.close();
}
