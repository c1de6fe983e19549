import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

/**
 * Moderation with due process (src/moderation/). `moderation_log` is
 * append-only: no foreign key may delete one of its rows, so the comment and
 * article it names are kept as plain numbers, and people as nullable links
 * (a reader who erases their account becomes a pseudonym in `subject_label`).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect === 'postgres' ? 'serial' : 'integer';
  const key = (c: any) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('comment_reports')
    .addColumn('id', id, key)
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Set when a moderator acts on the comment: the report has been answered and leaves the queue.
    .addColumn('settled_at', 'text')
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter_user_id'])
    .execute();
  await db.schema.createIndex('comment_reports_reporter').on('comment_reports').column('reporter_user_id').execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', id, key)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('article_id', 'integer')
    .addColumn('comment_id', 'integer')
    .addColumn('moderator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('subject_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('subject_label', 'text', (c) => c.notNull())
    .addColumn('appeal_of', 'integer', (c) => c.references('moderation_log.id'))
    // A ban's end (NULL: for good); NULL for every other action.
    .addColumn('until', 'text')
    .execute();
  await db.schema.createIndex('moderation_log_comment').on('moderation_log').column('comment_id').execute();
  await db.schema.createIndex('moderation_log_subject').on('moderation_log').column('subject_user_id').execute();

  await db.schema
    .createTable('bans')
    .addColumn('id', id, key)
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_email_hash', 'text')
    .addColumn('until', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .addColumn('log_id', 'integer', (c) => c.references('moderation_log.id'))
    .execute();
  await db.schema.createIndex('bans_user').on('bans').column('user_id').execute();
  await db.schema.createIndex('bans_email').on('bans').column('guest_email_hash').execute();

  await db.schema
    .createTable('appeals')
    .addColumn('id', id, key)
    // One appeal per decision: the unique key is the rule.
    .addColumn('log_id', 'integer', (c) => c.notNull().unique().references('moderation_log.id'))
    .addColumn('comment_id', 'integer')
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('guest_email', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decision', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();

  // Addresses that asked for no more mail about moderation: a keyed hash, never the address.
  await db.schema
    .createTable('moderation_mail_optouts')
    .addColumn('email_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
