import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * What changed, for every process using the database: each row names the
 * dependencies a write touched (see cache/change-bus.ts). Rows are kept ten
 * minutes; servers read the ones after the last they saw.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('change_log')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('deps', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_log_created').on('change_log').column('created_at').execute();
}
