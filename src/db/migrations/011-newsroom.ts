import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * Running an outlet from the newsroom: which rows are demo content (so they can
 * be removed, and nothing else), a section's picture, staff profiles' links and
 * suspension, the bin for withdrawn articles, front-page pins, and static pages
 * with their history.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (t: CreateTableBuilder<any, any>): CreateTableBuilder<any, any> =>
    dialect === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await db.schema
    .createTable('demo_rows')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('demo_rows_pk', ['table_name', 'row_id'])
    .execute();

  await db.schema.alterTable('sections').addColumn('image_media_id', 'integer', (c) => c.references('media.id').onDelete('set null')).execute();
  await db.schema.alterTable('users').addColumn('suspended_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('links', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('articles').addColumn('binned_at', 'text').execute();

  await db.schema
    .createTable('pins')
    .$call(id)
    // 'front' for the front page, 'section:<id>' for a section page.
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('pins_place_article', ['place', 'article_id'])
    .execute();

  await db.schema
    .createTable('pages')
    .$call(id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();

  await db.schema
    .createTable('page_revisions')
    .$call(id)
    .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('editor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('page_revisions_number', ['page_id', 'number'])
    .execute();
}
