import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * What several app servers need to share so that none keeps anything of its own
 * (docs/architecture.md, "Nothing kept on one server"):
 *
 * - `jobs`: work to be done once by whichever server claims it first (mail that
 *   must survive a restart, and later imports and newsletters). A claim is a
 *   lease: a server that dies mid-job leaves it to be claimed again.
 * - `job_timers`: one row per timed job (publishing, sweeps): who runs it now,
 *   and from when its last finished run looked.
 * - `system_state`: facts about the installation every server must agree on,
 *   such as which store holds the media.
 * - `media_claims`: a picture's name is claimed before its files are written,
 *   so two uploads never write over each other in a store that cannot refuse.
 * - `media_transfers`: each file `samizdat media migrate` copied and checked,
 *   so a run that was interrupted carries on where it stopped.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const pg = dialect === 'postgres';
  await db.schema
    .createTable('jobs')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('discard_after', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_after']).execute();
  await db.schema.createIndex('jobs_finished').on('jobs').column('finished_at').execute();
  await db.schema
    .createTable('job_timers')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .execute();
  await db.schema
    .createTable('system_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('media_claims')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('media_transfers')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_transfers_key', ['target', 'file'])
    .execute();
}
