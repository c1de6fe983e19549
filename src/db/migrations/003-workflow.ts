import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

/** The newsroom's workflow: who started an article and the editor's note when sending it back. */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('articles').addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();
  await db.schema.alterTable('articles').addColumn('review_note', 'text').execute();
  await db.schema.createIndex('articles_status_updated').on('articles').columns(['status', 'updated_at']).execute();
}
