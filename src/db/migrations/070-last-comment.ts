import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * `articles.last_comment_id`: the newest comment on the article, whatever its
 * status, kept by the insert trigger of migrations/030-comments.ts. The article
 * page hands it to the live stream as the point to follow on from. It was a
 * `MAX(id)` over the article's comments, which PostgreSQL's cached plan answers
 * by walking the comments' primary key backwards: every uncached page of an
 * article without comments read every comment on the site. Kept on the row, it
 * costs nothing to read.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('articles').addColumn('last_comment_id', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`UPDATE articles SET last_comment_id = m.id
    FROM (SELECT article_id, MAX(id) AS id FROM comments GROUP BY article_id) AS m
    WHERE m.article_id = articles.id`.execute(db);
  if (dialect === 'postgres') {
    // As in 030, with the insert branch also keeping the newest id (one update of the article's row).
    await sql`CREATE OR REPLACE FUNCTION comments_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was_visible integer := 0;
        was_shown integer := 0;
        is_visible integer := (new.status = 'visible')::integer;
        is_shown integer := (new.status <> 'pending')::integer;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF old.status = new.status THEN RETURN NULL; END IF;
          was_visible := (old.status = 'visible')::integer;
          was_shown := (old.status <> 'pending')::integer;
        END IF;
        IF TG_OP = 'INSERT' THEN
          UPDATE articles SET comment_count = comment_count + is_visible, last_comment_id = GREATEST(last_comment_id, new.id)
            WHERE id = new.article_id;
        ELSIF is_visible <> was_visible THEN
          UPDATE articles SET comment_count = comment_count + is_visible - was_visible WHERE id = new.article_id;
        END IF;
        IF new.parent_id IS NOT NULL AND is_shown <> was_shown THEN
          UPDATE comments SET reply_count = reply_count + is_shown - was_shown WHERE id = new.parent_id;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    return;
  }
  await sql`DROP TRIGGER comments_counts_insert`.execute(db);
  await sql`CREATE TRIGGER comments_counts_insert AFTER INSERT ON comments BEGIN
      UPDATE articles SET comment_count = comment_count + (new.status = 'visible'), last_comment_id = max(last_comment_id, new.id)
        WHERE id = new.article_id;
      UPDATE comments SET reply_count = reply_count + 1 WHERE id = new.parent_id AND new.status <> 'pending';
    END`.execute(db);
}
