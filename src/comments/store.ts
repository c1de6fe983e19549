import { type Kysely, sql } from 'kysely';
import type { CommentStatus, Database, Role } from '../db/schema.ts';

/**
 * The comments' queries. The thread of an article page is read in one
 * statement whatever its size: a page of top-level comments in the chosen
 * order, and the first replies of each of those threads, through the index on
 * `thread_id`. Pages read it on every uncached view, so it is written as SQL
 * text, the same on both engines.
 */

type Db = Kysely<Database>;

/** Comment ids are PostgreSQL `serial`s, so none is larger: a larger number is no comment (and the database would refuse it rather than find nothing). */
const LARGEST_ID = 2_147_483_647;

export function isId(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= LARGEST_ID;
}

export type Sort = 'oldest' | 'newest' | 'replied';
export const SORTS: readonly Sort[] = ['oldest', 'newest', 'replied'];

/** A comment as a page shows it: nothing here is private (no address, no token). */
export interface ShownComment {
  id: number;
  articleId: number;
  parentId: number | null;
  threadId: number | null;
  depth: number;
  authorName: string;
  staff: boolean;
  status: CommentStatus;
  bodyHtml: string;
  removedReason: string | null;
  replyCount: number;
  editedAt: string | null;
  createdAt: string;
}

export interface ThreadPage {
  /** This page's top-level comments, in the chosen order. */
  threads: ShownComment[];
  /** Replies shown under each comment, oldest first, by parent id. */
  replies: Map<number, ShownComment[]>;
  /** Replies in each thread in all (some may not be shown here), by thread id. */
  threadSizes: Map<number, number>;
  /** Top-level comments on the article, over all pages. */
  totalThreads: number;
}

const ORDER: Record<Sort, string> = {
  oldest: 'created_at ASC, id ASC',
  newest: 'created_at DESC, id DESC',
  replied: 'reply_count DESC, created_at ASC, id ASC',
};

/** Shown in a thread: everything but comments waiting for approval, and deleted ones nobody answered. */
const SHOWN = sql.raw(`status <> 'pending' AND NOT (status = 'deleted' AND reply_count = 0)`);
const COLUMNS = sql.raw(`c.id, c.article_id, c.parent_id, c.thread_id, c.depth, c.status, c.body_html, c.removed_reason, c.reply_count,
  c.edited_at, c.created_at, c.guest_name, u.name AS user_name, u.role AS user_role`);

interface Row {
  id: number;
  article_id: number;
  parent_id: number | null;
  thread_id: number | null;
  depth: number;
  status: CommentStatus;
  body_html: string;
  removed_reason: string | null;
  reply_count: number;
  edited_at: string | null;
  created_at: string;
  guest_name: string | null;
  user_name: string | null;
  user_role: Role | null;
}

export function toShown(r: Row): ShownComment {
  return {
    id: Number(r.id), articleId: Number(r.article_id), parentId: r.parent_id === null ? null : Number(r.parent_id),
    threadId: r.thread_id === null ? null : Number(r.thread_id), depth: Number(r.depth),
    authorName: r.user_name ?? r.guest_name ?? '', staff: r.user_role !== null && r.user_role !== 'reader',
    status: r.status, bodyHtml: r.body_html, removedReason: r.removed_reason, replyCount: Number(r.reply_count),
    editedAt: r.edited_at, createdAt: r.created_at,
  };
}

/** One page of an article's threads, with at most `repliesPerThread` replies each (the earliest: a closed subtree). */
export async function threadPage(db: Db, articleId: number, sort: Sort, page: number, perPage: number, repliesPerThread: number): Promise<ThreadPage> {
  const order = sql.raw(ORDER[sort]);
  const { rows } = await sql<Row & { pos: number | null; threads: number | null; in_thread: number | null }>`
    WITH page AS (
      SELECT id, ROW_NUMBER() OVER (ORDER BY ${order}) AS pos, COUNT(*) OVER () AS threads FROM comments
      WHERE article_id = ${articleId} AND depth = 0 AND ${SHOWN}
      ORDER BY ${order} LIMIT ${perPage} OFFSET ${(page - 1) * perPage}
    ), replies AS (
      SELECT id, ROW_NUMBER() OVER (PARTITION BY thread_id ORDER BY id) AS rn, COUNT(*) OVER (PARTITION BY thread_id) AS in_thread
      FROM comments WHERE thread_id IN (SELECT id FROM page) AND ${SHOWN}
    )
    SELECT ${COLUMNS}, page.pos, page.threads, NULL AS in_thread
      FROM page JOIN comments c ON c.id = page.id LEFT JOIN users u ON u.id = c.author_user_id
    UNION ALL
    SELECT ${COLUMNS}, NULL, NULL, r.in_thread
      FROM replies r JOIN comments c ON c.id = r.id LEFT JOIN users u ON u.id = c.author_user_id
      WHERE r.rn <= ${repliesPerThread}`.execute(db);
  const top = rows.filter((r) => r.pos !== null).sort((a, b) => Number(a.pos) - Number(b.pos));
  const out: ThreadPage = { threads: top.map(toShown), replies: new Map(), threadSizes: new Map(), totalThreads: Number(top[0]?.threads ?? 0) };
  for (const r of rows.filter((x) => x.pos === null).sort((a, b) => Number(a.id) - Number(b.id))) {
    const c = toShown(r);
    const list = out.replies.get(c.parentId!) ?? [];
    list.push(c);
    out.replies.set(c.parentId!, list);
    out.threadSizes.set(c.threadId!, Number(r.in_thread));
  }
  return out;
}

/** A whole thread (its top-level comment and every reply shown), up to `limit` replies. */
export async function wholeThread(db: Db, rootId: number, limit: number): Promise<ShownComment[]> {
  const { rows } = await sql<Row>`
    SELECT ${COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_user_id WHERE c.id = ${rootId} AND c.status <> 'pending'
    UNION ALL
    SELECT * FROM (SELECT ${COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_user_id
      WHERE c.thread_id = ${rootId} AND ${sql.raw(`c.status <> 'pending' AND NOT (c.status = 'deleted' AND c.reply_count = 0)`)}
      ORDER BY c.id LIMIT ${limit}) r`.execute(db);
  return rows.map(toShown).sort((a, b) => a.id - b.id);
}

/**
 * Where a comment is on its article's pages in the given order: how many
 * top-level comments come before its thread's, and where it is among its
 * thread's replies (for the first page of replies shown under each).
 */
export async function placeOf(db: Db, id: number, sort: Exclude<Sort, 'replied'>): Promise<{ before: number; replyRank: number } | undefined> {
  const { rows } = await sql<{ before: number; reply_rank: number }>`
    SELECT
      (SELECT COUNT(*) FROM comments t WHERE t.article_id = c.article_id AND t.depth = 0 AND ${SHOWN}
        AND ${sort === 'oldest' ? sql`t.id < COALESCE(c.thread_id, c.id)` : sql`t.id > COALESCE(c.thread_id, c.id)`}) AS before,
      (SELECT COUNT(*) FROM comments r WHERE c.thread_id IS NOT NULL AND r.thread_id = c.thread_id AND r.id <= c.id AND ${SHOWN}) AS reply_rank
    FROM comments c WHERE c.id = ${id}`.execute(db);
  return rows[0] && { before: Number(rows[0].before), replyRank: Number(rows[0].reply_rank) };
}

/** One shown comment, for the live update's fetch. */
export async function shownComment(db: Db, id: number): Promise<ShownComment | undefined> {
  const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.author_user_id WHERE c.id = ${id}`.execute(db);
  return rows[0] ? toShown(rows[0]) : undefined;
}

export interface CommentArticle {
  id: number;
  title: string;
  path: string | null;
  status: string;
  publishedAt: string | null;
  commentsEnabled: boolean;
  commentCount: number;
}

export async function articleForComments(db: Db, id: number): Promise<CommentArticle | undefined> {
  const a = await db.selectFrom('articles').select(['id', 'title', 'path', 'status', 'published_at', 'comments_enabled', 'comment_count'])
    .where('id', '=', id).executeTakeFirst();
  return a && {
    id: a.id, title: a.title, path: a.path, status: a.status, publishedAt: a.published_at,
    commentsEnabled: Number(a.comments_enabled) === 1, commentCount: Number(a.comment_count),
  };
}

/** Every column of one comment, and the name it is shown under. */
export async function commentRow(db: Db, id: number) {
  return db.selectFrom('comments as c').leftJoin('users as u', 'u.id', 'c.author_user_id')
    .selectAll('c').select(['u.name as user_name', 'u.role as user_role', 'u.email as user_email'])
    .where('c.id', '=', id).executeTakeFirst();
}

export type CommentRow = NonNullable<Awaited<ReturnType<typeof commentRow>>>;

/** Has this author had a comment shown before (for "first comment waits")? */
export async function shownBefore(db: Db, who: { userId: number | null; guestEmail: string | null }): Promise<boolean> {
  let q = db.selectFrom('comments').select('id').where('status', '=', 'visible');
  if (who.userId !== null) q = q.where('author_user_id', '=', who.userId);
  else if (who.guestEmail) q = q.where('guest_email', '=', who.guestEmail);
  else return false;
  return Boolean(await q.limit(1).executeTakeFirst());
}

/** Visible comments on an article newer than `afterId`, for the live stream. */
export async function visibleSince(db: Db, articleId: number, afterId: number, limit = 200): Promise<{ id: number; parentId: number | null }[]> {
  const rows = await db.selectFrom('comments').select(['id', 'parent_id']).where('article_id', '=', articleId).where('status', '=', 'visible')
    .where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id) }));
}

export async function lastCommentId(db: Db, articleId: number): Promise<number> {
  const r = await db.selectFrom('articles').select('last_comment_id').where('id', '=', articleId).executeTakeFirst();
  return Number(r?.last_comment_id ?? 0);
}

export interface OwnComment {
  id: number;
  status: CommentStatus;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  articleTitle: string;
  articlePath: string | null;
  articleStatus: string;
}

/** A reader's or a browser's own comments, newest first. */
export async function commentsBy(db: Db, who: { userId: number | null; tokenHash: string | null }, limit: number, articleId?: number): Promise<OwnComment[]> {
  if (who.userId === null && who.tokenHash === null) return [];
  const rows = await db.selectFrom('comments as c').innerJoin('articles as a', 'a.id', 'c.article_id')
    .$if(articleId !== undefined, (q) => q.where('c.article_id', '=', articleId!))
    .select(['c.id', 'c.status', 'c.body_html', 'c.created_at', 'c.edited_at', 'a.title', 'a.path', 'a.status as article_status'])
    .where((eb) => eb.or([
      ...(who.userId !== null ? [eb('c.author_user_id', '=', who.userId)] : []),
      ...(who.tokenHash !== null ? [eb('c.author_token_hash', '=', who.tokenHash)] : []),
    ]))
    .orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id), status: r.status, bodyHtml: r.body_html, createdAt: r.created_at, editedAt: r.edited_at,
    articleTitle: r.title, articlePath: r.path, articleStatus: r.article_status,
  }));
}
