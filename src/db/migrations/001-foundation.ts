import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

// Migrations take `any` because they describe tables before the typed schema exists.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (t: CreateTableBuilder<any, any>): CreateTableBuilder<any, any> =>
    dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('media')
    .$call(id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('variants', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .$call(id)
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('avatar_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sections')
    .$call(id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('tags')
    .$call(id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .$call(id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lead_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('lead_alt', 'text')
    .addColumn('lead_caption', 'text')
    .addColumn('lead_credit', 'text')
    .addColumn('seo_title', 'text')
    .addColumn('seo_description', 'text')
    .addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('path', 'text', (c) => c.unique())
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute();
  await db.schema
    .createIndex('articles_section_published')
    .on('articles')
    .columns(['section_id', 'status', 'published_at'])
    .execute();

  // Bodies live apart from the article rows, so listings, neighbours and search
  // ranking read small rows and never page through long texts.
  await db.schema
    .createTable('article_bodies')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'user_id'])
    .execute();
  await db.schema.createIndex('article_authors_user').on('article_authors').columns(['user_id', 'article_id']).execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

  await db.schema
    .createTable('redirects')
    .addColumn('from_path', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('cascade'))
    .addColumn('to_path', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await createSearchIndex(db, dialect);
}

/**
 * Full-text search. Both engines index the title (weight A), the standfirst (B)
 * and the body text (C), kept in step by triggers whichever table changes.
 */
async function createSearchIndex(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE article_bodies ADD COLUMN search_vector tsvector`.execute(db);
    await sql`CREATE INDEX article_bodies_search ON article_bodies USING GIN (search_vector)`.execute(db);
    await sql`CREATE FUNCTION article_search_vector(t text, s text, b text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('english', coalesce(t, '')), 'A') ||
               setweight(to_tsvector('english', coalesce(s, '')), 'B') ||
               setweight(to_tsvector('english', coalesce(b, '')), 'C')
      $$`.execute(db);
    await sql`CREATE FUNCTION article_bodies_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          SELECT article_search_vector(a.title, a.standfirst, NEW.body_text) INTO NEW.search_vector
            FROM articles a WHERE a.id = NEW.article_id;
          RETURN NEW;
        END $$`.execute(db);
    await sql`CREATE TRIGGER article_bodies_search BEFORE INSERT OR UPDATE OF body_text ON article_bodies
        FOR EACH ROW EXECUTE FUNCTION article_bodies_search_update()`.execute(db);
    await sql`CREATE FUNCTION articles_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          UPDATE article_bodies SET search_vector = article_search_vector(NEW.title, NEW.standfirst, body_text)
            WHERE article_id = NEW.id;
          RETURN NEW;
        END $$`.execute(db);
    await sql`CREATE TRIGGER articles_search AFTER UPDATE OF title, standfirst ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_search_update()`.execute(db);
    return;
  }
  // Contentless, and holding only published articles, so counts need no join.
  // The rowid is a search key that sorts newest first by itself: the publication
  // time in seconds, shifted left 20 bits, plus the article id (< 1,048,576).
  // Reading a tier newest-first is then FTS5's own rowid order, with no sort.
  await sql`CREATE VIRTUAL TABLE articles_fts USING fts5(
      title, standfirst, body_text, content='', contentless_delete=1, detail='column',
      tokenize='porter unicode61 remove_diacritics 2'
    )`.execute(db);
  const key = (publishedAt: string, id: string) => `(CAST(strftime('%s', ${publishedAt}) AS INTEGER) * 1048576 + ${id})`;
  const reindex = (oldKey: string, id: string) => sql.raw(`
      DELETE FROM articles_fts WHERE rowid = ${oldKey};
      INSERT INTO articles_fts(rowid, title, standfirst, body_text)
        SELECT ${key('a.published_at', 'a.id')}, a.title, a.standfirst, b.body_text
        FROM articles a JOIN article_bodies b ON b.article_id = a.id
        WHERE a.id = ${id} AND a.status = 'published' AND a.published_at IS NOT NULL;`);
  const keyOf = (id: string) => `(SELECT ${key('published_at', 'id')} FROM articles WHERE id = ${id})`;
  await sql`CREATE TRIGGER article_bodies_fts_insert AFTER INSERT ON article_bodies BEGIN
      ${reindex(keyOf('new.article_id'), 'new.article_id')} END`.execute(db);
  await sql`CREATE TRIGGER article_bodies_fts_update AFTER UPDATE OF body_text ON article_bodies BEGIN
      ${reindex(keyOf('new.article_id'), 'new.article_id')} END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, standfirst, status, published_at ON articles BEGIN
      ${reindex(key('old.published_at', 'old.id'), 'new.id')} END`.execute(db);
  await sql`CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
      DELETE FROM articles_fts WHERE rowid = ${sql.raw(key('old.published_at', 'old.id'))};
    END`.execute(db);
}
