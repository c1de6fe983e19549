import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * PostgreSQL only: search moves from a vector on every article body to a table
 * of published articles alone, built like SQLite's FTS tables.
 *
 * The old design ranked by testing the body's vector for title and standfirst
 * weights on every match; those vectors are large, so each test unpacked one
 * from TOAST storage, and a common word took 160 ms. Now each row holds small
 * vectors of the title and of the standfirst for the ranking tiers (their own
 * columns, not weights, so the GIN index answers a tier exactly, without
 * re-reading rows), the full vector (title, standfirst, body) for "every word
 * matches", and a search key that sorts newest first by itself (publication
 * second × 2^20 + id, as on SQLite), so each tier is read in key order with
 * LIMIT. Triggers keep it in step.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`CREATE TABLE article_search (
      article_id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
      search_key bigint NOT NULL,
      title tsvector NOT NULL,
      standfirst tsvector NOT NULL,
      everything tsvector NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX article_search_key ON article_search (search_key)`.execute(db);
  for (const column of ['title', 'standfirst', 'everything']) {
    await sql`CREATE INDEX ${sql.raw(`article_search_${column}`)} ON article_search USING GIN (${sql.ref(column)})`.execute(db);
  }

  // Written so that two transactions refreshing one article at once (an editor's
  // save and a caption change re-rendering the body) cannot collide: the row is
  // removed only when the article is not published, and written with an upsert.
  await sql`CREATE FUNCTION article_search_refresh(aid integer) RETURNS void LANGUAGE sql AS $$
      DELETE FROM article_search WHERE article_id = aid AND NOT EXISTS (
        SELECT 1 FROM articles a WHERE a.id = aid AND a.status = 'published' AND a.published_at IS NOT NULL);
      INSERT INTO article_search (article_id, search_key, title, standfirst, everything)
        SELECT a.id,
          floor(extract(epoch FROM a.published_at::timestamptz))::bigint * 1048576 + a.id,
          to_tsvector('english', a.title),
          to_tsvector('english', a.standfirst),
          to_tsvector('english', a.title || ' ' || a.standfirst || ' ' || b.body_text)
        FROM articles a JOIN article_bodies b ON b.article_id = a.id
        WHERE a.id = aid AND a.status = 'published' AND a.published_at IS NOT NULL
      ON CONFLICT (article_id) DO UPDATE SET search_key = EXCLUDED.search_key, title = EXCLUDED.title,
        standfirst = EXCLUDED.standfirst, everything = EXCLUDED.everything;
    $$`.execute(db);
  await sql`CREATE FUNCTION article_search_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM article_search_refresh(NEW.id); RETURN NULL; END $$`.execute(db);
  await sql`CREATE FUNCTION article_search_on_body() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM article_search_refresh(NEW.article_id); RETURN NULL; END $$`.execute(db);
  await sql`CREATE TRIGGER article_search_article AFTER UPDATE OF title, standfirst, status, published_at ON articles
      FOR EACH ROW EXECUTE FUNCTION article_search_on_article()`.execute(db);
  await sql`CREATE TRIGGER article_search_body AFTER INSERT OR UPDATE OF body_text ON article_bodies
      FOR EACH ROW EXECUTE FUNCTION article_search_on_body()`.execute(db);

  await sql`SELECT article_search_refresh(id) FROM articles WHERE status = 'published'`.execute(db);
  // Statistics now, not at autovacuum's leisure: the planner needs them to use the indexes.
  await sql`ANALYZE article_search`.execute(db);

  // The old per-body vector, its index and the triggers that kept it.
  await sql`DROP TRIGGER articles_search ON articles`.execute(db);
  await sql`DROP TRIGGER article_bodies_search ON article_bodies`.execute(db);
  await sql`DROP FUNCTION articles_search_update()`.execute(db);
  await sql`DROP FUNCTION article_bodies_search_update()`.execute(db);
  await sql`ALTER TABLE article_bodies DROP COLUMN search_vector`.execute(db);
  await sql`DROP FUNCTION article_search_vector(text, text, text)`.execute(db);
}
