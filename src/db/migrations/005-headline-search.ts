import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * SQLite only: a second, small full-text index of just the headline and the
 * standfirst, with the same search keys as articles_fts. Search ranks articles
 * with every word in the title (or standfirst) first; asked of the full index,
 * a tier with few matches walked the whole body-text posting list of every word
 * (2 ms for two common words). The headline index holds a small fraction of the
 * words, so those tiers cost tens of microseconds. PostgreSQL ranks with the
 * weights stored in its search vector and needs nothing new.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`CREATE VIRTUAL TABLE articles_fts_headline USING fts5(
      title, standfirst, content='', contentless_delete=1, detail='column',
      tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(db);
  const key = (publishedAt: string, id: string) => `(CAST(strftime('%s', ${publishedAt}) AS INTEGER) * 1048576 + ${id})`;
  const reindex = (oldKey: string, id: string) => sql.raw(`
      DELETE FROM articles_fts_headline WHERE rowid = ${oldKey};
      INSERT INTO articles_fts_headline(rowid, title, standfirst)
        SELECT ${key('a.published_at', 'a.id')}, a.title, a.standfirst FROM articles a
        WHERE a.id = ${id} AND a.status = 'published' AND a.published_at IS NOT NULL;`);
  await sql`CREATE TRIGGER articles_fts_headline_update AFTER UPDATE OF title, standfirst, status, published_at ON articles BEGIN
      ${reindex(key('old.published_at', 'old.id'), 'new.id')} END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_headline_insert AFTER INSERT ON articles BEGIN
      ${reindex(key('new.published_at', 'new.id'), 'new.id')} END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_headline_delete AFTER DELETE ON articles BEGIN
      DELETE FROM articles_fts_headline WHERE rowid = ${sql.raw(key('old.published_at', 'old.id'))};
    END`.execute(db);
  await sql`INSERT INTO articles_fts_headline(rowid, title, standfirst)
      SELECT ${sql.raw(key('published_at', 'id'))}, title, standfirst FROM articles
      WHERE status = 'published' AND published_at IS NOT NULL`.execute(db);
}
