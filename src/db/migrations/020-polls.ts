import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * Reader polls. Who has voted and what was voted are kept apart: `poll_voters`
 * holds only keyed hashes (no time, no order — on SQLite its rows are stored in
 * key order, not in the order written), `poll_ballots` is the public board, in
 * chain order, stamped to the hour. Nothing joins the two.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('polls')
    .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('max_choices', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('show_results', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('in_sidebar', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    // The per-poll key for voters' and addresses' hashes; destroyed when the poll closes.
    .addColumn('secret', 'text')
    // Set by the first ballot: the options are frozen from then on.
    .addColumn('genesis', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('poll_options')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_options_pk', ['poll_id', 'number'])
    .execute();
  await db.schema
    .createTable('poll_voters')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_voters_pk', ['poll_id', 'voter_key'])
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`WITHOUT ROWID`) : t))
    .execute();
  await db.schema
    .createTable('poll_ballots')
    .addColumn('poll_id', 'integer', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('receipt_hash', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_ballots_pk', ['poll_id', 'seq'])
    .execute();
  await db.schema.createIndex('poll_ballots_receipt').on('poll_ballots').columns(['poll_id', 'receipt_hash']).unique().execute();
  await db.schema.createIndex('polls_article').on('polls').column('article_id').execute();
}
