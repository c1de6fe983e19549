import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * The newsroom's WordPress imports (src/wordpress/import-job.ts): each upload
 * is a row here and a job in `jobs` (claimed with a lease by whichever app
 * server gets to it). This row is what every server shows on the status page:
 * the phase and counts as the import goes, the report or the reason it
 * stopped at the end. `active` is 1 while the import is queued or running and
 * null after; its unique index lets one import at a time exist site-wide (a
 * second insert fails, on any server), since both engines let nulls repeat.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const pg = dialect === 'postgres';
  await db.schema
    .createTable('wordpress_imports')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('active', 'integer', (c) => c.unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('job_id', 'integer')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_file', 'text', (c) => c.notNull())
    .addColumn('uploads_dir', 'text')
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('started_by', 'integer')
    .addColumn('server', 'text')
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
}
