import type { Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

/**
 * The demo's moderation: for each demo comment the moderators removed, the log
 * entry that says so (so the public log at /moderation is not empty and matches
 * the marker in the thread), and one reader's report of another demo comment, so
 * the newsroom's queue has something in it. Runs after the demo's comments are
 * loaded; every row is listed in demo_rows and removed with the demo (the log is
 * append-only for real decisions, not for the demo's made-up ones).
 */
export async function loadDemoModeration(db: Db): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const listed = await trx.selectFrom('demo_rows').select(['table_name', 'row_id']).where('table_name', 'in', ['comments', 'users']).execute();
    const commentIds = listed.filter((r) => r.table_name === 'comments').map((r) => r.row_id);
    if (!commentIds.length) return;
    const comments = await trx
      .selectFrom('comments as c')
      .leftJoin('users as u', 'u.id', 'c.author_user_id')
      .select(['c.id', 'c.article_id', 'c.status', 'c.removed_reason', 'c.created_at', 'c.author_user_id', 'c.guest_name', 'u.name'])
      .where('c.id', 'in', commentIds)
      .orderBy('c.created_at')
      .execute();
    const moderator = await demoModerator(trx, listed.filter((r) => r.table_name === 'users').map((r) => r.row_id));
    // Run twice (a demo loaded by an older version, then this one), it adds nothing twice.
    const logged = new Set((await trx.selectFrom('moderation_log').select('comment_id').where('comment_id', 'in', commentIds).where('action', '=', 'remove').execute()).map((r) => r.comment_id));
    for (const c of comments.filter((x) => x.status === 'removed' && !logged.has(x.id))) {
      // Decided an hour and a half after it was posted.
      const at = new Date(Date.parse(c.created_at) + 90 * 60_000).toISOString();
      const row = await trx.insertInto('moderation_log').values({
        created_at: at, action: 'remove', reason: c.removed_reason ?? 'Personal attack', note: '', article_id: c.article_id, comment_id: c.id,
        moderator_id: moderator, subject_user_id: c.author_user_id, subject_label: c.name ?? c.guest_name ?? '', appeal_of: null, until: null,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('demo_rows').values({ table_name: 'moderation_log', row_id: row.id }).execute();
    }
    await demoReport(trx, comments, listed.filter((r) => r.table_name === 'users').map((r) => r.row_id));
  });
}

/** A demo editor takes the demo's decisions; without one, the site does. */
async function demoModerator(trx: Transaction<Database>, userIds: number[]): Promise<number | null> {
  if (!userIds.length) return null;
  const u = await trx.selectFrom('users').select('id').where('id', 'in', userIds).where('role', 'in', ['moderator', 'editor', 'owner']).orderBy('id').executeTakeFirst();
  return u?.id ?? null;
}

/** A demo reader reports someone else's visible demo comment, if the demo has readers. */
async function demoReport(trx: Transaction<Database>, comments: { id: number; status: string; author_user_id: number | null }[], userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  const reader = await trx.selectFrom('users').select('id').where('id', 'in', userIds).where('role', '=', 'reader').orderBy('id').executeTakeFirst();
  const target = reader && comments.find((c) => c.status === 'visible' && c.author_user_id !== reader.id);
  if (!reader || !target) return;
  const row = await trx.insertInto('comment_reports').values({
    comment_id: target.id, reporter_user_id: reader.id, reason: 'Off topic', note: 'This is about the ferry, not the bookshop.', created_at: new Date().toISOString(), settled_at: null,
  }).onConflict((oc) => oc.columns(['comment_id', 'reporter_user_id']).doNothing()).returning('id').executeTakeFirst();
  if (row) await trx.insertInto('demo_rows').values({ table_name: 'comment_reports', row_id: row.id }).execute();
}

/**
 * The demo's moderation rows go first, before the comments and people they name.
 * A demo entry that a real decision hangs on (an appeal, a ban, an appeal's
 * decision) is kept, and said so: the real log is never edited.
 */
export async function removeDemoModeration(trx: Transaction<Database>, kept: string[]): Promise<number> {
  const listed = await trx.selectFrom('demo_rows').select(['table_name', 'row_id']).where('table_name', 'in', ['moderation_log', 'comment_reports']).execute();
  const logIds = listed.filter((r) => r.table_name === 'moderation_log').map((r) => r.row_id);
  const reportIds = listed.filter((r) => r.table_name === 'comment_reports').map((r) => r.row_id);
  if (reportIds.length) await trx.deleteFrom('comment_reports').where('id', 'in', reportIds).execute();
  if (!logIds.length) return 0;
  const used = new Set<number>();
  for (const r of await trx.selectFrom('appeals').select('log_id as id').where('log_id', 'in', logIds).execute()) used.add(r.id);
  for (const r of await trx.selectFrom('bans').select('log_id as id').where('log_id', 'in', logIds).execute()) if (r.id !== null) used.add(r.id);
  for (const r of await trx.selectFrom('moderation_log').select('appeal_of as id').where('appeal_of', 'in', logIds).execute()) if (r.id !== null) used.add(r.id);
  if (used.size) kept.push(`${used.size === 1 ? 'a demo moderation log entry' : `${used.size} demo moderation log entries`} that a real appeal or ban refers to`);
  const gone = logIds.filter((id) => !used.has(id));
  if (!gone.length) return 0;
  return Number((await trx.deleteFrom('moderation_log').where('id', 'in', gone).executeTakeFirst()).numDeletedRows);
}
