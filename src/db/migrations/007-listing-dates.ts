import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * Tag and author pages list an article's links newest first. Knowing only the
 * article id, the database had to fetch every linked article and sort the lot
 * before it could show page one (1–3 ms for a tag or a writer with a few
 * thousand articles, growing with the archive). Each link now carries the
 * article's publication time while it is published (NULL otherwise), and an
 * index in listing order answers a page by reading just that page.
 *
 * Triggers keep the copy true: publishing, unpublishing or re-dating an article
 * updates its links, and a new link takes the article's current state.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  for (const table of ['article_tags', 'article_authors']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN published_at text`.execute(db);
    await sql`UPDATE ${sql.table(table)} SET published_at = (
        SELECT a.published_at FROM articles a WHERE a.id = ${sql.ref(`${table}.article_id`)} AND a.status = 'published')`.execute(db);
  }
  await sql`CREATE INDEX article_tags_listing ON article_tags (tag_id, published_at, article_id)`.execute(db);
  await sql`CREATE INDEX article_authors_listing ON article_authors (user_id, published_at, article_id)`.execute(db);

  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION listing_dates_follow_article() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE d text := CASE WHEN NEW.status = 'published' THEN NEW.published_at END;
        BEGIN
          UPDATE article_tags SET published_at = d WHERE article_id = NEW.id AND published_at IS DISTINCT FROM d;
          UPDATE article_authors SET published_at = d WHERE article_id = NEW.id AND published_at IS DISTINCT FROM d;
          RETURN NULL;
        END $$`.execute(db);
    await sql`CREATE TRIGGER listing_dates_article AFTER UPDATE OF status, published_at ON articles
        FOR EACH ROW EXECUTE FUNCTION listing_dates_follow_article()`.execute(db);
    await sql`CREATE FUNCTION listing_date_of_new_link() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.published_at := (SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id AND a.status = 'published');
          RETURN NEW;
        END $$`.execute(db);
    for (const table of ['article_tags', 'article_authors']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_listing_date`)} BEFORE INSERT ON ${sql.table(table)}
          FOR EACH ROW EXECUTE FUNCTION listing_date_of_new_link()`.execute(db);
    }
    return;
  }

  await sql`CREATE TRIGGER listing_dates_article AFTER UPDATE OF status, published_at ON articles BEGIN
      UPDATE article_tags SET published_at = CASE WHEN new.status = 'published' THEN new.published_at END WHERE article_id = new.id;
      UPDATE article_authors SET published_at = CASE WHEN new.status = 'published' THEN new.published_at END WHERE article_id = new.id;
    END`.execute(db);
  await sql`CREATE TRIGGER article_tags_listing_date AFTER INSERT ON article_tags BEGIN
      UPDATE article_tags SET published_at = (SELECT a.published_at FROM articles a WHERE a.id = new.article_id AND a.status = 'published')
        WHERE article_id = new.article_id AND tag_id = new.tag_id;
    END`.execute(db);
  await sql`CREATE TRIGGER article_authors_listing_date AFTER INSERT ON article_authors BEGIN
      UPDATE article_authors SET published_at = (SELECT a.published_at FROM articles a WHERE a.id = new.article_id AND a.status = 'published')
        WHERE article_id = new.article_id AND user_id = new.user_id;
    END`.execute(db);
}
