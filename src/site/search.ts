import { type Kysely, sql } from 'kysely';
import { type ArticleCard, listPublishedByIds } from '../articles/store.js';
import type { Dialect } from '../db/connection.js';
import type { Database } from '../db/schema.js';

/**
 * Full-text search, one ranking rule on both engines: every word must match;
 * a match in the title counts most, then the standfirst, then the body
 * (weights 1 : 0.4 : 0.2); ties go to the newest article.
 */
const STOPWORDS = new Set(
  'a an and are as at be but by for from has have in is it its of on or that the this to was were will with'.split(' '),
);

export function searchTerms(q: string): string[] {
  const words = q.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => !STOPWORDS.has(w)))].slice(0, 12);
}

export async function searchArticles(
  db: Kysely<Database>,
  dialect: Dialect,
  q: string,
  limit: number,
  offset: number,
): Promise<{ total: number; results: ArticleCard[] }> {
  const terms = searchTerms(q);
  if (!terms.length) return { total: 0, results: [] };
  const { ids, total } = dialect === 'postgres'
    ? await searchPostgres(db, terms, limit, offset)
    : await searchSqlite(db, terms, limit, offset);
  return { total, results: await listPublishedByIds(db, ids) };
}

async function searchSqlite(db: Kysely<Database>, terms: string[], limit: number, offset: number) {
  const match = terms.map((t) => `"${t}"`).join(' AND ');
  const rows = await sql<{ id: number; total: number }>`
    SELECT a.id, count(*) OVER () AS total
    FROM articles_fts f JOIN articles a ON a.id = f.rowid
    WHERE articles_fts MATCH ${match} AND a.status = 'published'
    ORDER BY bm25(articles_fts, 10.0, 4.0, 2.0), a.published_at DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  return { ids: rows.rows.map((r) => r.id), total: Number(rows.rows[0]?.total ?? (offset ? await countSqlite(db, match) : 0)) };
}

async function countSqlite(db: Kysely<Database>, match: string): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*) AS n FROM articles_fts f JOIN articles a ON a.id = f.rowid
    WHERE articles_fts MATCH ${match} AND a.status = 'published'`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

async function searchPostgres(db: Kysely<Database>, terms: string[], limit: number, offset: number) {
  const query = sql`to_tsquery('english', ${terms.map((t) => `'${t}'`).join(' & ')})`;
  const rows = await sql<{ id: number; total: string }>`
    SELECT a.id, count(*) OVER () AS total
    FROM articles a
    WHERE a.search_vector @@ ${query} AND a.status = 'published'
    ORDER BY ts_rank(a.search_vector, ${query}, 1) DESC, a.published_at DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  let total = Number(rows.rows[0]?.total ?? 0);
  if (!rows.rows.length && offset) {
    const r = await sql<{ n: string }>`
      SELECT count(*) AS n FROM articles a WHERE a.search_vector @@ ${query} AND a.status = 'published'`.execute(db);
    total = Number(r.rows[0]?.n ?? 0);
  }
  return { ids: rows.rows.map((r) => r.id), total };
}
