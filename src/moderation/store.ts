import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, ModerationAction } from '../db/schema.ts';
import type { CommentStatus } from './rules.ts';

/**
 * Moderation's SQL, the same on SQLite and PostgreSQL. The comments table is
 * the comments domain's; moderation reads it and changes only a comment's
 * status and removal reason.
 */

type Q = Kysely<Database> | Transaction<Database>;

export interface ModeratedComment {
  id: number;
  articleId: number;
  status: CommentStatus;
  bodyHtml: string;
  createdAt: string;
  authorUserId: number | null;
  /** The name shown with the comment. */
  authorName: string;
  /** Where the author can be told (a guest's given address or the account's); never shown publicly. */
  authorEmail: string | null;
  removedReason: string | null;
  articleTitle: string;
  articlePath: string | null;
  articlePublished: boolean;
}

function commentQuery(db: Q) {
  return db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .leftJoin('users as u', 'u.id', 'c.author_user_id')
    .select([
      'c.id', 'c.article_id', 'c.status', 'c.body_html', 'c.created_at', 'c.author_user_id', 'c.guest_name', 'c.guest_email', 'c.removed_reason',
      'u.name as user_name', 'u.email as user_email', 'a.title', 'a.path', 'a.status as article_status',
    ]);
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof commentQuery>['executeTakeFirstOrThrow']>>;

function toComment(r: CommentRow): ModeratedComment {
  return {
    id: r.id, articleId: r.article_id, status: r.status as CommentStatus, bodyHtml: r.body_html, createdAt: r.created_at,
    authorUserId: r.author_user_id, authorName: r.user_name ?? r.guest_name ?? '',
    authorEmail: r.author_user_id !== null ? (r.user_email ?? null) : (r.guest_email ?? null),
    removedReason: r.removed_reason ?? null, articleTitle: r.title, articlePath: r.path, articlePublished: r.article_status === 'published',
  };
}

export async function findComment(db: Q, id: number): Promise<ModeratedComment | null> {
  const r = await commentQuery(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toComment(r) : null;
}

/** Moves a comment's status only from one it is in now: the update is the claim, so two moderators cannot both act. */
export async function moveComment(trx: Q, id: number, from: readonly CommentStatus[], to: CommentStatus, removedReason: string | null): Promise<boolean> {
  const r = await trx
    .updateTable('comments')
    .set({ status: to, removed_reason: removedReason })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- reports -------------------------------------------------------------------

/** Inserts the report unless this reader has reported the comment before; false when they had. */
export async function insertReport(db: Q, r: { commentId: number; reporterId: number; reason: string; note: string; now: string }): Promise<boolean> {
  const res = await db
    .insertInto('comment_reports')
    .values({ comment_id: r.commentId, reporter_user_id: r.reporterId, reason: r.reason, note: r.note, created_at: r.now, settled_at: null })
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_user_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function findReport(db: Q, commentId: number, reporterId: number) {
  return db.selectFrom('comment_reports').select(['reason', 'created_at']).where('comment_id', '=', commentId).where('reporter_user_id', '=', reporterId).executeTakeFirst();
}

export async function settleReports(trx: Q, commentId: number, now: string): Promise<void> {
  await trx.updateTable('comment_reports').set({ settled_at: now }).where('comment_id', '=', commentId).where('settled_at', 'is', null).execute();
}

export interface ReportRow {
  commentId: number;
  reporter: string;
  reason: string;
  note: string;
  createdAt: string;
  settled: boolean;
}

/** Every report of these comments, with the reporter's name: moderators see who reported. */
export async function reportsOf(db: Q, commentIds: number[]): Promise<ReportRow[]> {
  if (!commentIds.length) return [];
  const rows = await db
    .selectFrom('comment_reports as r')
    .innerJoin('users as u', 'u.id', 'r.reporter_user_id')
    .select(['r.comment_id', 'u.name', 'r.reason', 'r.note', 'r.created_at', 'r.settled_at'])
    .where('r.comment_id', 'in', commentIds)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ commentId: r.comment_id, reporter: r.name, reason: r.reason, note: r.note, createdAt: r.created_at, settled: r.settled_at !== null }));
}

export async function openReportCount(db: Q, commentId: number): Promise<number> {
  const r = await db.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('comment_id', '=', commentId).where('settled_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function countReportsBy(db: Q, reporterId: number): Promise<number> {
  const r = await db.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('reporter_user_id', '=', reporterId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ---- the queue -----------------------------------------------------------------

export interface QueueItem extends ModeratedComment {
  openReports: number;
}

const openReports = sql<number>`(SELECT COUNT(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.settled_at IS NULL)`;

/**
 * Comments waiting for approval, then comments with unanswered reports, most
 * reported first. Reports only order the queue: they never change a comment.
 */
export async function queue(db: Q, limit: number, offset: number): Promise<{ items: QueueItem[]; total: number }> {
  const waiting = (eb: any) => eb.or([eb('c.status', '=', 'pending'), eb.and([eb('c.status', '=', 'visible'), eb(openReports, '>', 0)])]);
  const rows = await commentQuery(db)
    .select(openReports.as('open_reports'))
    .where(waiting)
    .orderBy(sql`CASE WHEN c.status = 'pending' THEN 0 ELSE 1 END`)
    .orderBy(sql`open_reports`, 'desc')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const count = await db.selectFrom('comments as c').select((eb) => eb.fn.countAll<number>().as('n')).where(waiting).executeTakeFirst();
  return { items: rows.map((r) => ({ ...toComment(r), openReports: Number(r.open_reports) })), total: Number(count?.n ?? 0) };
}

// ---- the log -------------------------------------------------------------------

export interface NewEntry {
  action: ModerationAction;
  reason: string;
  note: string;
  articleId: number | null;
  commentId: number | null;
  moderatorId: number | null;
  subjectUserId: number | null;
  subjectLabel: string;
  appealOf?: number | null;
  until?: string | null;
  now: string;
}

/** Adds an entry to the append-only log; nothing here updates or deletes one. */
export async function appendLog(trx: Q, e: NewEntry): Promise<number> {
  const row = await trx
    .insertInto('moderation_log')
    .values({
      created_at: e.now, action: e.action, reason: e.reason, note: e.note, article_id: e.articleId, comment_id: e.commentId,
      moderator_id: e.moderatorId, subject_user_id: e.subjectUserId, subject_label: e.subjectLabel, appeal_of: e.appealOf ?? null, until: e.until ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface LogEntry {
  id: number;
  createdAt: string;
  action: ModerationAction;
  reason: string;
  note: string;
  articleId: number | null;
  commentId: number | null;
  moderatorId: number | null;
  moderator: string | null;
  subjectUserId: number | null;
  subject: string;
  appealOf: number | null;
  appealOfDate: string | null;
  until: string | null;
  articleTitle: string | null;
  articlePath: string | null;
  articlePublished: boolean;
}

function logQuery(db: Q) {
  return db
    .selectFrom('moderation_log as l')
    .leftJoin('articles as a', 'a.id', 'l.article_id')
    .leftJoin('users as m', 'm.id', 'l.moderator_id')
    .leftJoin('moderation_log as o', 'o.id', 'l.appeal_of')
    .select([
      'l.id', 'l.created_at', 'l.action', 'l.reason', 'l.note', 'l.article_id', 'l.comment_id', 'l.moderator_id', 'm.name as moderator',
      'l.subject_user_id', 'l.subject_label', 'l.appeal_of', 'o.created_at as appeal_of_date', 'l.until', 'a.title', 'a.path', 'a.status',
    ]);
}

type LogRow = Awaited<ReturnType<ReturnType<typeof logQuery>['executeTakeFirstOrThrow']>>;

function toEntry(r: LogRow): LogEntry {
  return {
    id: r.id, createdAt: r.created_at, action: r.action, reason: r.reason, note: r.note, articleId: r.article_id, commentId: r.comment_id,
    moderatorId: r.moderator_id, moderator: r.moderator ?? null, subjectUserId: r.subject_user_id, subject: r.subject_label,
    appealOf: r.appeal_of, appealOfDate: r.appeal_of_date ?? null, until: r.until,
    articleTitle: r.title ?? null, articlePath: r.path ?? null, articlePublished: r.status === 'published',
  };
}

/** A page of the log, newest first. */
export async function logPage(db: Q, limit: number, offset: number): Promise<{ entries: LogEntry[]; total: number }> {
  const rows = await logQuery(db).orderBy('l.id', 'desc').limit(limit).offset(offset).execute();
  const count = await db.selectFrom('moderation_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { entries: rows.map(toEntry), total: Number(count?.n ?? 0) };
}

export async function logEntry(db: Q, id: number): Promise<LogEntry | null> {
  const r = await logQuery(db).where('l.id', '=', id).executeTakeFirst();
  return r ? toEntry(r) : null;
}

export async function logOfComment(db: Q, commentId: number): Promise<LogEntry[]> {
  return (await logQuery(db).where('l.comment_id', '=', commentId).orderBy('l.id').execute()).map(toEntry);
}

export async function logAbout(db: Q, userId: number): Promise<LogEntry[]> {
  return (await logQuery(db).where('l.subject_user_id', '=', userId).orderBy('l.id', 'desc').limit(200).execute()).map(toEntry);
}
