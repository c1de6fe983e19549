import { type Kysely, sql } from 'kysely';
import { type ArticleCard, listPublishedByIds } from '../articles/store.js';
import type { Dialect } from '../db/connection.js';
import type { Database } from '../db/schema.js';

/**
 * Full-text search with one ranking rule, spelled out so both engines follow it
 * exactly: every word must match (after stemming); articles with all the words
 * in the title come first, then those with all of them in the standfirst, then
 * the rest; within each tier the newest comes first (by publication time to the
 * second, then the later-created article).
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

/**
 * On SQLite each tier is its own FTS query over published articles only, read
 * newest first in the index's own rowid order (see the migrations), so a common
 * word costs no more than a rare one. The title and standfirst tiers ask the
 * small headline index; the last tier and the total ask the full one.
 */
const ID_BITS = 1048576;
type FtsTable = 'articles_fts' | 'articles_fts_headline';

async function searchSqlite(db: Kysely<Database>, terms: string[], limit: number, offset: number) {
  const all = `(${terms.map((t) => `"${t}"`).join(' AND ')})`;
  const title = `({title} : ${all})`;
  const standfirst = `({standfirst} : ${all})`;
  const tiers: [FtsTable, string][] = [
    ['articles_fts_headline', `${title} AND ${standfirst}`],
    ['articles_fts_headline', `${title} NOT ${standfirst}`],
    ['articles_fts_headline', `${standfirst} NOT ${title}`],
    ['articles_fts', `${all} NOT (${title} OR ${standfirst})`],
  ];
  const count = async (table: FtsTable, match: string) =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.table(table)} MATCH ${match}`.execute(db)).rows[0].n);
  // Only the total is counted up front; a tier is counted when a later page must skip it whole.
  const total = await count('articles_fts', all);
  const keys: number[] = [];
  let skip = offset;
  for (const [table, match] of tiers) {
    if (keys.length >= limit || skip >= total) break;
    const rows = await sql<{ k: number }>`
      SELECT rowid AS k FROM ${sql.table(table)} WHERE ${sql.table(table)} MATCH ${match}
      ORDER BY rowid DESC LIMIT ${limit - keys.length} OFFSET ${skip}`.execute(db);
    keys.push(...rows.rows.map((r) => r.k));
    if (rows.rows.length) skip = 0;
    else if (skip > 0) skip = Math.max(0, skip - (await count(table, match)));
  }
  return { ids: keys.map((k) => k % ID_BITS), total };
}

/** The stored vector weights the title A and the standfirst B, so "in the title" is "word:A". */
async function searchPostgres(db: Kysely<Database>, terms: string[], limit: number, offset: number) {
  const q = (weight: string) => sql`to_tsquery('english', ${terms.map((t) => `'${t}'${weight}`).join(' & ')})`;
  const rows = await sql<{ id: number; total: string }>`
    SELECT a.id, count(*) OVER () AS total
    FROM article_bodies b JOIN articles a ON a.id = b.article_id
    WHERE b.search_vector @@ ${q('')} AND a.status = 'published'
    ORDER BY (CASE WHEN b.search_vector @@ ${q(':A')} THEN 2 ELSE 0 END)
      + (CASE WHEN b.search_vector @@ ${q(':B')} THEN 1 ELSE 0 END) DESC,
      left(a.published_at, 19) DESC, a.id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(db);
  let total = Number(rows.rows[0]?.total ?? 0);
  if (!rows.rows.length && offset) {
    const r = await sql<{ n: string }>`
      SELECT count(*) AS n FROM article_bodies b JOIN articles a ON a.id = b.article_id
      WHERE b.search_vector @@ ${q('')} AND a.status = 'published'`.execute(db);
    total = Number(r.rows[0]?.n ?? 0);
  }
  return { ids: rows.rows.map((r) => r.id), total };
}
