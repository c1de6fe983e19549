import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * Reader comments (src/comments/). A comment is never deleted: removed by the
 * moderators it keeps its text for an appeal and shows a marker; deleted by its
 * author it loses its text and shows a marker, so replies keep their place.
 *
 * Two counts are kept by triggers rather than by the code that writes, because
 * two domains change a comment's status (comments, and moderation):
 * `articles.comment_count` counts the article's visible comments (cards, feeds,
 * the heading), and `comments.reply_count` a comment's direct replies that are
 * shown (as themselves or as a marker; a reply waiting for approval is not).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const pg = dialect === 'postgres';
  await db.schema
    .createTable('comments')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    // The top-level comment of the thread (its own id for a top-level one): a page of threads is read in one query.
    .addColumn('thread_id', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_name', 'text')
    // Never shown: for reply notifications and bans only.
    .addColumn('guest_email', 'text')
    // A keyed hash of the guest's browser cookie: lets that browser edit and delete the comment.
    .addColumn('author_token_hash', 'text')
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    // Of the text with case and spacing evened out: the same words posted twice are found by it.
    .addColumn('body_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('removed_reason', 'text')
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notify_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_article_status').on('comments').columns(['article_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_article_top').on('comments').columns(['article_id', 'depth', 'created_at']).execute();
  await db.schema.createIndex('comments_thread').on('comments').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();
  await db.schema.createIndex('comments_author').on('comments').columns(['author_user_id', 'created_at']).execute();
  await db.schema.createIndex('comments_guest_token').on('comments').columns(['author_token_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_guest_email').on('comments').columns(['guest_email', 'created_at']).execute();
  await db.schema.createIndex('comments_body_hash').on('comments').columns(['body_hash', 'created_at']).execute();
  await db.schema.alterTable('articles').addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  if (pg) await postgresCounts(db);
  else await sqliteCounts(db);
}

async function sqliteCounts(db: Kysely<any>): Promise<void> {
  await sql`CREATE TRIGGER comments_counts_insert AFTER INSERT ON comments BEGIN
      UPDATE articles SET comment_count = comment_count + 1 WHERE id = new.article_id AND new.status = 'visible';
      UPDATE comments SET reply_count = reply_count + 1 WHERE id = new.parent_id AND new.status <> 'pending';
    END`.execute(db);
  await sql`CREATE TRIGGER comments_counts_status AFTER UPDATE OF status ON comments WHEN old.status <> new.status BEGIN
      UPDATE articles SET comment_count = comment_count + (new.status = 'visible') - (old.status = 'visible')
        WHERE id = new.article_id AND (new.status = 'visible') <> (old.status = 'visible');
      UPDATE comments SET reply_count = reply_count + (new.status <> 'pending') - (old.status <> 'pending')
        WHERE id = new.parent_id AND (new.status <> 'pending') <> (old.status <> 'pending');
    END`.execute(db);
}

async function postgresCounts(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION comments_counts() RETURNS trigger LANGUAGE plpgsql AS $$
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
      IF is_visible <> was_visible THEN
        UPDATE articles SET comment_count = comment_count + is_visible - was_visible WHERE id = new.article_id;
      END IF;
      IF new.parent_id IS NOT NULL AND is_shown <> was_shown THEN
        UPDATE comments SET reply_count = reply_count + is_shown - was_shown WHERE id = new.parent_id;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER comments_counts AFTER INSERT OR UPDATE OF status ON comments
      FOR EACH ROW EXECUTE FUNCTION comments_counts()`.execute(db);
}
