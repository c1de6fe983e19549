import { createHash } from 'node:crypto';
import { throttleKey } from '../accounts/throttle.ts';
import type { Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import type { SiteSettings } from '../settings/settings.ts';
import { commentsDep } from './deps.ts';
import { isOpen } from './intake/phases.ts';
import { EDIT_PHASES, runIntake } from './intake/pipeline.ts';
import { readStamp } from './intake/timing.ts';
import type { Decision, IntakeRules, Refusal, Submission } from './intake/types.ts';
import { normalisedText } from './markdown.ts';
import type { ReplyMail } from './notify.ts';
import * as store from './store.ts';
import type { Author, BanCheck, ChangeResult, Comment, PostedComment, PostRequest, PostResult } from './types.ts';
import type { CommentWriter, NewComment, RateLimit } from './writer.ts';

export type { Author, BanCheck, ChangeResult, Comment, PostedComment, PostRequest, PostResult };

/**
 * The rules of comments: who may post, edit and delete what, and when. Every
 * post goes through the intake pipeline (intake/pipeline.ts), then the writer
 * (rate limits and duplicates, in the transaction that stores it); every
 * change a reader could see forgets the article's page, and nothing else.
 */

/** Posts per ten minutes, per author (account or guest address) and per client address. */
export const COMMENT_LIMITS = { perAuthor: 10, perAddress: 30, windowMinutes: 10 } as const;
export const EDIT_MINUTES = 15;
/** Top-level comments on a page of the article: enough to read on, few enough that a phone gets the page quickly. */
export const THREADS_PER_PAGE = 25;
/** Replies shown under a thread on the article page; the thread's own page shows them all. */
export const REPLIES_SHOWN = 5;
const WHOLE_THREAD_MAX = 2000;

export interface CommentDeps {
  db: Db;
  changes: ChangeBus;
  secret: Buffer;
  settings: () => SiteSettings;
  writer: CommentWriter;
  mail: ReplyMail;
  log: { warn(o: object, msg: string): void };
  isBanned?: BanCheck;
  now?: () => Date;
}

export function rulesOf(st: SiteSettings): IntakeRules {
  return {
    who: st.comments_who, closeAfterDays: st.comments_close_after_days, firstWaits: st.comments_first_waits, depthLimit: st.comments_depth,
    linkLimit: st.comments_link_limit, blocklist: st.comments_blocklist, minSeconds: st.comments_min_seconds,
  };
}

/** What the writer stores: intake's decision, who wrote it, the rate limits to claim for it, and whether a reply email may be due. */
function toWrite(secret: Buffer, req: PostRequest, articleId: number, d: Decision, parent: Parent | null): NewComment {
  const user = req.author.user;
  const text = normalisedText(d.bodyMd);
  const window = COMMENT_LIMITS.windowMinutes;
  const limits: RateLimit[] = [
    { key: throttleKey(secret, 'comment-address', req.address), max: COMMENT_LIMITS.perAddress, windowMinutes: window },
    { key: throttleKey(secret, 'comment-author', user ? `user:${user.id}` : `email:${d.guestEmail!.toLowerCase()}`), max: COMMENT_LIMITS.perAuthor, windowMinutes: window },
  ];
  return {
    articleId, parentId: d.parentId, threadId: d.threadId, depth: d.depth, authorUserId: user?.id ?? null,
    guestName: d.guestName, guestEmail: d.guestEmail, authorTokenHash: user ? null : req.author.tokenHash,
    bodyMd: d.bodyMd, bodyHtml: d.bodyHtml, bodyHash: createHash('sha256').update(text).digest('base64url'), longText: [...text].length >= 80,
    status: d.status, notify: d.notify, limits,
    // Placed elsewhere than where it was sent (past the depth limit), the reply's parent is another comment: its job decides.
    tellParent: d.status === 'visible' && d.parentId !== null && (d.parentId !== parent?.id || parent.notify),
  };
}

type Parent = { id: number; depth: number; parentId: number | null; threadId: number | null; notify: boolean };

export function mayChange(row: { author_user_id: number | null; author_token_hash: string | null }, who: Author): boolean {
  if (row.author_user_id !== null) return who.user !== null && Number(row.author_user_id) === who.user.id;
  return row.author_token_hash !== null && row.author_token_hash === who.tokenHash;
}

export class CommentService {
  private readonly deps: CommentDeps;
  private readonly posted: ((c: PostedComment) => void | Promise<void>)[] = [];
  private readonly approvedHere: ((articleId: number, id: number) => void)[] = [];

  constructor(deps: CommentDeps) {
    this.deps = deps;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  rules(): IntakeRules {
    return rulesOf(this.deps.settings());
  }

  /** Told of every new comment after it is stored (moderation's queue). A listener's failure never fails the post. */
  onPosted(listener: (c: PostedComment) => void | Promise<void>): void {
    this.posted.push(listener);
  }

  /** Told when a comment waiting for approval is let through on this server (the live stream). */
  onApproved(listener: (articleId: number, id: number) => void): void {
    this.approvedHere.push(listener);
  }

  /** Whether an article takes comments now (switched on, and not closed by age). */
  isOpen(article: { commentsEnabled: boolean; publishedAt: string | null }): boolean {
    return article.publishedAt !== null && isOpen({ commentsEnabled: article.commentsEnabled, publishedAt: article.publishedAt }, this.rules().closeAfterDays, this.now());
  }

  async post(req: PostRequest): Promise<PostResult | null> {
    const { db, secret } = this.deps;
    const article = await store.articleForComments(db.kysely, req.articleId);
    if (!article || article.status !== 'published' || !article.publishedAt) return null;
    const rules = this.rules();
    const user = req.author.user;
    const guestEmail = user ? null : req.input.email.trim() || null;
    const [parent, ban, approvedBefore] = await Promise.all([
      req.input.parentId === null ? null : this.parentFor(req.articleId, req.input.parentId),
      this.deps.isBanned ? this.deps.isBanned({ userId: user?.id ?? null, guestEmail }) : null,
      rules.firstWaits ? store.shownBefore(db.kysely, { userId: user?.id ?? null, guestEmail }) : true,
    ]);
    const result = runIntake(req.input, rules, {
      now: this.now(), article: { id: article.id, commentsEnabled: article.commentsEnabled, publishedAt: article.publishedAt },
      user: user && { id: user.id, name: user.name, trusted: user.role !== 'reader' }, parent, ban, approvedBefore,
      formDrawnAt: readStamp(secret, article.id, req.input.formStamp),
    });
    if (!result.ok) return { ok: false, refusal: result.refusal };
    const d = result.decision;
    const comment = toWrite(this.deps.secret, req, article.id, d, parent);
    const out = await this.deps.writer.write(comment);
    if (!out.ok) {
      const refusal: Refusal = out.reason === 'throttled'
        ? { code: 'throttled', status: 429, detail: { minutes: COMMENT_LIMITS.windowMinutes } }
        : { code: 'duplicate', status: 409, field: 'body' };
      return { ok: false, refusal };
    }
    if (!out.repeat) await this.tell({ ...comment, id: out.id, createdAt: out.createdAt, bodyText: d.bodyText });
    return { ok: true, id: out.id, status: out.status, articleId: article.id, parentId: d.parentId, repeat: out.repeat };
  }

  /** The comment replied to: on this article, and shown as itself (not waiting, removed or deleted). */
  private async parentFor(articleId: number, id: number): Promise<Parent | null> {
    if (!store.isId(id)) return null;
    const p = await this.deps.db.kysely.selectFrom('comments').select(['id', 'article_id', 'depth', 'parent_id', 'thread_id', 'status', 'notify_replies'])
      .where('id', '=', id).executeTakeFirst();
    if (!p || Number(p.article_id) !== articleId || p.status !== 'visible') return null;
    return {
      id: Number(p.id), depth: Number(p.depth), parentId: p.parent_id === null ? null : Number(p.parent_id), threadId: p.thread_id === null ? null : Number(p.thread_id),
      notify: Number(p.notify_replies) === 1,
    };
  }

  private async tell(c: NewComment & { id: number; createdAt: string; bodyText: string }): Promise<void> {
    const posted: PostedComment = {
      id: c.id, articleId: c.articleId, parentId: c.parentId, status: c.status, authorUserId: c.authorUserId, guestName: c.guestName,
      guestEmail: c.guestEmail, bodyText: [...c.bodyText].slice(0, 500).join(''), createdAt: c.createdAt,
    };
    for (const l of this.posted) {
      try {
        await l(posted);
      } catch (err) {
        this.deps.log.warn({ err, commentId: c.id }, 'a listener for new comments failed');
      }
    }
  }

  /**
   * Moderation is letting a waiting comment through, in this transaction: a
   * reply's email is queued with the approval (notify.ts), so neither is kept
   * without the other. Reads through the transaction (SQLite has one connection).
   */
  async approvingWithin(trx: Transaction<Database>, id: number): Promise<void> {
    const c = await trx.selectFrom('comments as c').innerJoin('comments as p', 'p.id', 'c.parent_id')
      .select(['p.notify_replies']).where('c.id', '=', id).executeTakeFirst();
    if (c && Number(c.notify_replies) === 1) await this.deps.mail.within(trx, id);
  }

  /** Moderation let a waiting comment through (committed): the live stream on this server, and its reply email sent now. */
  async afterApproval(id: number): Promise<void> {
    this.deps.mail.wake();
    const c = await this.get(id);
    if (!c || c.status !== 'visible') return;
    for (const l of this.approvedHere) l(c.articleId, c.id);
  }

  /** The author changes the text, within the first minutes; the same content rules apply. */
  async edit(id: number, who: Author, body: string): Promise<ChangeResult> {
    const row = await store.commentRow(this.deps.db.kysely, id);
    const problem = this.changeProblem(row, who);
    if (problem) return { ok: false, problem };
    if (this.now().getTime() - Date.parse(row!.created_at) > EDIT_MINUTES * 60_000) return { ok: false, problem: 'too-late' };
    const r = row!;
    const input: Submission = { body, name: r.guest_name ?? '', email: r.guest_email ?? '', notify: Number(r.notify_replies) === 1, parentId: null, trap: '', formStamp: '' };
    const user = r.author_user_id === null ? null : { id: Number(r.author_user_id), name: r.user_name ?? '', trusted: r.user_role !== 'reader' };
    const result = runIntake(input, this.rules(), { now: this.now(), article: { id: r.article_id, commentsEnabled: true, publishedAt: r.created_at }, user, parent: null, ban: null, approvedBefore: true, formDrawnAt: null }, EDIT_PHASES);
    if (!result.ok) return { ok: false, refusal: result.refusal };
    const at = this.now().toISOString();
    const hash = createHash('sha256').update(normalisedText(body)).digest('base64url');
    await this.deps.db.kysely.updateTable('comments').set({ body_md: body, body_html: result.decision.bodyHtml, body_hash: hash, edited_at: at, updated_at: at })
      .where('id', '=', id).where('status', 'in', ['visible', 'pending']).execute();
    if (r.status === 'visible') await this.deps.changes.changed([commentsDep(r.article_id)]);
    return { ok: true, articleId: Number(r.article_id) };
  }

  /** The author deletes their comment: its text is erased, and a marker keeps any replies in place. */
  async deleteOwn(id: number, who: Author): Promise<ChangeResult> {
    const row = await store.commentRow(this.deps.db.kysely, id);
    if (row?.status === 'deleted' && mayChange(row, who)) return { ok: true, articleId: Number(row.article_id) };
    const problem = this.changeProblem(row, who);
    if (problem) return { ok: false, problem };
    const at = this.now().toISOString();
    await this.deps.db.kysely.updateTable('comments')
      .set({ status: 'deleted', body_md: '', body_html: '', body_hash: null, guest_email: null, notify_replies: 0, updated_at: at })
      .where('id', '=', id).where('status', 'in', ['visible', 'pending']).execute();
    if (row!.status === 'visible') await this.deps.changes.changed([commentsDep(row!.article_id)]);
    return { ok: true, articleId: Number(row!.article_id) };
  }

  private changeProblem(row: store.CommentRow | undefined, who: Author): 'not-found' | 'not-yours' | 'gone' | null {
    if (!row) return 'not-found';
    if (!mayChange(row, who)) return 'not-yours';
    if (row.status === 'removed' || row.status === 'deleted') return 'gone';
    return null;
  }

  /** May this author still edit the comment (for the pages that offer it)? */
  editableUntil(c: { createdAt: string }): Date {
    return new Date(Date.parse(c.createdAt) + EDIT_MINUTES * 60_000);
  }

  async get(id: number): Promise<Comment | undefined> {
    const r = await store.commentRow(this.deps.db.kysely, id);
    if (!r) return undefined;
    return {
      ...store.toShown({ ...r, user_name: r.user_name, user_role: r.user_role }), authorUserId: r.author_user_id === null ? null : Number(r.author_user_id),
      guestName: r.guest_name, guestEmail: r.guest_email, bodyMd: r.body_md, notifyReplies: Number(r.notify_replies) === 1, updatedAt: r.updated_at,
    };
  }

  /** Whether this author may change the comment (edit within the window, delete at any time). */
  async owns(id: number, who: Author): Promise<boolean> {
    const row = await store.commentRow(this.deps.db.kysely, id);
    return Boolean(row && mayChange(row, who));
  }

  listForArticle(articleId: number, opts: { sort: store.Sort; page: number }): Promise<store.ThreadPage> {
    return store.threadPage(this.deps.db.kysely, articleId, opts.sort, opts.page, THREADS_PER_PAGE, REPLIES_SHOWN);
  }

  /** The whole thread a comment is in, from its top-level comment. */
  async thread(id: number): Promise<{ root: number; comments: store.ShownComment[] } | null> {
    const c = await this.deps.db.kysely.selectFrom('comments').select(['id', 'thread_id', 'status']).where('id', '=', id).executeTakeFirst();
    if (!c) return null;
    const root = c.thread_id === null ? Number(c.id) : Number(c.thread_id);
    const comments = await store.wholeThread(this.deps.db.kysely, root, WHOLE_THREAD_MAX);
    return comments.length ? { root, comments } : null;
  }

  /** The address of a comment on its article's pages (in the site's order), or its thread's page when it is not among the first replies. */
  async whereIs(id: number, articlePath: string): Promise<string> {
    const thread = `/comments/${id}#comment-${id}`;
    const sort = this.deps.settings().comments_sort;
    if (sort === 'replied') return thread;
    const place = await store.placeOf(this.deps.db.kysely, id, sort);
    if (!place || place.replyRank > REPLIES_SHOWN) return thread;
    const page = Math.floor(place.before / THREADS_PER_PAGE) + 1;
    return `${articlePath}${page > 1 ? `?page=${page}` : ''}#comment-${id}`;
  }

  shown(id: number): Promise<store.ShownComment | undefined> {
    return store.shownComment(this.deps.db.kysely, id);
  }

  yours(who: Author, limit = 100): Promise<store.OwnComment[]> {
    return store.commentsBy(this.deps.db.kysely, { userId: who.user?.id ?? null, tokenHash: who.tokenHash }, limit);
  }

  /** This author's comments on one article that they may still change (for comments.js on the cached page). */
  async yoursOn(articleId: number, who: Author): Promise<store.OwnComment[]> {
    const list = await store.commentsBy(this.deps.db.kysely, { userId: who.user?.id ?? null, tokenHash: who.tokenHash }, 200, articleId);
    return list.filter((c) => c.status === 'visible' || c.status === 'pending');
  }

  /** Stops the reply emails about one comment (the link in them). */
  async stopReplyMail(id: number): Promise<void> {
    await this.deps.db.kysely.updateTable('comments').set({ notify_replies: 0 }).where('id', '=', id).execute();
  }
}
