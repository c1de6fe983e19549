import { ArticleService, type ImportedArticle } from '../src/articles/service.ts';
import { ChangeBus } from '../src/cache/change-bus.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { refreshStatisticsAfterBulkLoad } from '../src/db/statistics.ts';
import { loadDemoIfEmpty } from '../src/demo/load-demo.ts';

/**
 * Builds a large site for the benchmark: the demo, then copies of its articles
 * under new titles, spread over ten years, until there are `count` articles.
 * Written through the article service's import mode, the one way articles are
 * written, so the site is exactly what a real import would make.
 */
export async function generateSite(env: Record<string, string>, count: number): Promise<void> {
  const config = loadConfig(env);
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  await loadDemoIfEmpty(db, config, { info: () => undefined });
  const k = db.kysely;
  const existing = await k.selectFrom('articles as a').innerJoin('article_bodies as b', 'b.article_id', 'a.id').selectAll().execute();
  const sections = await k.selectFrom('sections').select('id').execute();
  const users = await k.selectFrom('users').select('id').where('role', '!=', 'reader').execute();
  const tags = await k.selectFrom('tags').select('name').execute();
  const words = ['Council', 'Harbour', 'Budget', 'Ferry', 'School', 'Library', 'Market', 'Housing', 'Rail', 'Festival', 'Coast', 'Clinic'];
  const verbs = ['weighs', 'delays', 'approves', 'questions', 'revisits', 'funds', 'rejects', 'reviews'];
  const now = Date.now();
  const total = Number((await k.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const items: ImportedArticle[] = [];
  for (let i = total - existing.length, n = total; n < count; i++, n++) {
    const src = existing[i % existing.length];
    const title = `${words[i % words.length]} ${verbs[(i * 7) % verbs.length]} plan number ${i + 1}`;
    const publishedAt = new Date(now - (i + 1) * 8.7 * 3600_000).toISOString();
    items.push({
      title, slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'), standfirst: src.standfirst, sectionId: sections[i % sections.length].id,
      authorIds: [users[i % users.length].id], tags: [...new Set([tags[i % tags.length].name, tags[(i * 13 + 5) % tags.length].name])],
      bodyMd: src.body_md, leadMediaId: src.lead_media_id, leadAlt: src.lead_alt, leadCaption: src.lead_caption, leadCredit: src.lead_credit,
      status: 'published', publishedAt, updatedAt: publishedAt,
    });
  }
  const changes = new ChangeBus(db, { warn: () => undefined });
  await new ArticleService({ db, changes }).importArticles(items, { batchSize: 500 });
  await refreshStatisticsAfterBulkLoad(db);
  await db.close();
}
