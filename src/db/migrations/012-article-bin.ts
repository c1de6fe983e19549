import type { Kysely } from 'kysely';

/**
 * The bin keeps what a binned article was (published, withdrawn, or back in
 * draft after a withdrawal) so that restoring it puts it back exactly so. While
 * it is in the bin its status is 'binned', which every public query, trigger and
 * index already leaves out. NULL once the thirty days have passed and the bin
 * was purged: the article then stays only as a tombstone answering 410.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('binned_status', 'text').execute();
}
