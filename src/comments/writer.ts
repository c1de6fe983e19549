import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { CommentStatus, Database } from '../db/schema.ts';
import { GroupCommit } from '../lib/group-commit.ts';

/**
 * Writes comments durably, many at a time (lib/group-commit.ts, as the ballot
 * box does for votes): under load one transaction, one sync to disk, carries a
 * whole batch, and each poster is answered only once theirs has committed.
 *
 * In the batch's transaction, for each comment: its rate-limit attempts are
 * counted first (claimed before anything is written for it), then the same
 * text from the same author is looked for (in the table and earlier in the
 * batch), and only then is it inserted, with its reply email's job when it has
 * one (so an answered reply never loses its email).
 */

export interface RateLimit {
  key: string;
  max: number;
  windowMinutes: number;
}

export interface NewComment {
  articleId: number;
  parentId: number | null;
  threadId: number | null;
  depth: number;
  authorUserId: number | null;
  guestName: string | null;
  guestEmail: string | null;
  authorTokenHash: string | null;
  bodyMd: string;
  bodyHtml: string;
  bodyHash: string;
  /** Long enough that the same words from someone else are a copy, not a coincidence ("+1", "Thank you"). */
  longText: boolean;
  status: Extract<CommentStatus, 'pending' | 'visible'>;
  notify: boolean;
  /** A reply whose parent's author may want to hear of it: its email's job is queued with it. */
  tellParent: boolean;
  limits: RateLimit[];
}

/** Queues a reply's email in the transaction that stores the reply (notify.ts), and starts on it after the commit. */
export interface ReplyNotices {
  within(trx: Transaction<Database>, replyId: number): Promise<void>;
  wake(): void;
}

export type WriteOutcome =
  | { ok: true; id: number; status: CommentStatus; createdAt: string; repeat: boolean }
  | { ok: false; reason: 'throttled' | 'duplicate' };

/** The same author's same text: again on the same article within this long is a double send, answered with the first. */
export const REPEAT_MS = 10 * 60_000;
/** The same author's same text within this long, elsewhere, is a duplicate. */
export const DUPLICATE_MS = 24 * 3600_000;
/** Someone else's same long text within this long is a copy. */
export const COPY_MS = 3600_000;
const MAX_BATCH = 256;
/**
 * Under load a batch starts no sooner than this after the one before. Each batch
 * costs a sync to disk (its transaction, which carries the change message), and on
 * SQLite a sync holds the one thread that also answers readers from the cache:
 * at 50 comments a second, pacing makes about five comments share each sync.
 * A comment arriving on a quiet site is written at once, and so is the next batch
 * after a large one (its syncs were shared widely already; pacing would only cap
 * the rate).
 */
const PACE_MS = 100;
const UNPACED_AFTER = 32;

type Trx = Transaction<Database>;
type Written = { comment: NewComment; id: number };

export class CommentWriter {
  private readonly batches: GroupCommit<NewComment, WriteOutcome>;
  private lastBatch = 0;
  private lastSize = 0;
  /** Comments waiting for the pace: they are handed in together, so they make one batch. */
  private gate: Promise<void> | null = null;

  /**
   * `changed` runs in each batch's transaction with what it stored (it records the
   * change message there); what it answers runs after the commit, before anyone in
   * the batch is answered (it tells this server's caches).
   */
  constructor(deps: { db: Db; now?: () => Date; notices: ReplyNotices; changed: (trx: Trx, written: Written[]) => Promise<() => Promise<void>> }) {
    const now = deps.now ?? (() => new Date());
    this.batches = new GroupCommit({
      maxBatch: MAX_BATCH,
      // By article, so that two servers' batches take the articles' rows (the count triggers) in the same order.
      order: (a, b) => a.articleId - b.articleId,
      write: async (batch) => {
        this.lastSize = batch.length;
        let written: Written[] = [];
        let tellCaches = async () => {};
        const outcomes = await deps.db.kysely.transaction().execute(async (trx) => {
          const o = await writeAll(trx, batch, now(), deps.notices);
          written = batch.flatMap((comment, i) => {
            const r = o[i];
            return r.ok && !r.repeat ? [{ comment, id: r.id }] : [];
          });
          if (written.length) tellCaches = await deps.changed(trx, written);
          return o;
        });
        if (written.some((w) => w.comment.tellParent)) deps.notices.wake();
        // Committed: the caches hear first, then (when this returns) the posters.
        await tellCaches();
        return outcomes;
      },
    });
  }

  write(comment: NewComment): Promise<WriteOutcome> {
    const wait = this.lastSize >= UNPACED_AFTER ? 0 : this.lastBatch + PACE_MS - Date.now();
    if (wait <= 0 && !this.gate) {
      this.lastBatch = Date.now();
      return this.batches.submit(comment);
    }
    this.gate ??= new Promise<void>((open) => setTimeout(() => {
      this.gate = null;
      this.lastBatch = Date.now();
      open();
    }, Math.max(0, wait)));
    return this.gate.then(() => this.batches.submit(comment));
  }

  /** Resolves when every comment handed in so far has been answered (for shutting down). */
  drain(): Promise<void> {
    return this.batches.drain();
  }
}

async function writeAll(trx: Trx, comments: NewComment[], now: Date, notices: ReplyNotices): Promise<WriteOutcome[]> {
  const at = now.toISOString();
  const outcomes: WriteOutcome[] = new Array(comments.length);
  const allowed = await claimAll(trx, comments.length, comments.flatMap((c, i) => c.limits.map((l) => ({ ...l, owner: i }))), now);
  const earlier = await sameText(trx, comments, now);
  for (const [i, c] of comments.entries()) {
    if (!allowed[i]) {
      outcomes[i] = { ok: false, reason: 'throttled' };
      continue;
    }
    const match = earlier.find((e) => e.bodyHash === c.bodyHash && (sameAuthor(e, c) || (c.longText && now.getTime() - Date.parse(e.createdAt) < COPY_MS)));
    if (match) {
      const repeat = sameAuthor(match, c) && match.articleId === c.articleId && now.getTime() - Date.parse(match.createdAt) < REPEAT_MS;
      outcomes[i] = repeat ? { ok: true, id: match.id, status: match.status, createdAt: match.createdAt, repeat: true } : { ok: false, reason: 'duplicate' };
      continue;
    }
    const row = await trx.insertInto('comments').values({
      article_id: c.articleId, parent_id: c.parentId, thread_id: c.threadId, depth: c.depth, author_user_id: c.authorUserId,
      guest_name: c.guestName, guest_email: c.guestEmail, author_token_hash: c.authorTokenHash, body_md: c.bodyMd, body_html: c.bodyHtml,
      body_hash: c.bodyHash, status: c.status, notify_replies: c.notify ? 1 : 0, created_at: at, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    const id = Number(row.id);
    if (c.tellParent) await notices.within(trx, id);
    outcomes[i] = { ok: true, id, status: c.status, createdAt: at, repeat: false };
    // Later comments of this batch see it as the table would.
    earlier.push({ id, articleId: c.articleId, bodyHash: c.bodyHash, status: c.status, createdAt: at, authorUserId: c.authorUserId, authorTokenHash: c.authorTokenHash, guestEmail: c.guestEmail });
  }
  return outcomes;
}

interface Earlier {
  id: number;
  articleId: number;
  bodyHash: string;
  status: CommentStatus;
  createdAt: string;
  authorUserId: number | null;
  authorTokenHash: string | null;
  guestEmail: string | null;
}

function sameAuthor(e: Earlier, c: NewComment): boolean {
  if (c.authorUserId !== null) return e.authorUserId === c.authorUserId;
  return (c.authorTokenHash !== null && e.authorTokenHash === c.authorTokenHash) ||
    (c.guestEmail !== null && e.guestEmail !== null && e.guestEmail.toLowerCase() === c.guestEmail.toLowerCase());
}

/** Comments of the last day with the same text as any in the batch: one query for the whole batch. */
async function sameText(trx: Trx, comments: NewComment[], now: Date): Promise<Earlier[]> {
  const hashes = [...new Set(comments.map((c) => c.bodyHash))];
  const since = new Date(now.getTime() - DUPLICATE_MS).toISOString();
  const out: Earlier[] = [];
  for (let from = 0; from < hashes.length; from += 200) {
    const rows = await trx.selectFrom('comments')
      .select(['id', 'article_id', 'body_hash', 'status', 'created_at', 'author_user_id', 'author_token_hash', 'guest_email'])
      .where('body_hash', 'in', hashes.slice(from, from + 200)).where('created_at', '>', since).where('status', '<>', 'deleted').execute();
    for (const r of rows) {
      out.push({
        id: Number(r.id), articleId: Number(r.article_id), bodyHash: r.body_hash!, status: r.status, createdAt: r.created_at,
        authorUserId: r.author_user_id === null ? null : Number(r.author_user_id), authorTokenHash: r.author_token_hash, guestEmail: r.guest_email,
      });
    }
  }
  return out;
}

/**
 * Counts one attempt per limit of each comment, every key of the batch in one
 * statement per hundred, in the table sign-in attempts use. Returns, per
 * comment, whether all its limits held. Several comments of the batch on one
 * key are its last attempts in order: those past the limit are refused.
 */
async function claimAll(trx: Trx, count: number, limits: (RateLimit & { owner: number })[], now: Date): Promise<boolean[]> {
  const allowed = Array.from({ length: count }, () => true);
  const byKey = new Map<string, (RateLimit & { owner: number })[]>();
  for (const l of limits) byKey.set(l.key, [...(byKey.get(l.key) ?? []), l]);
  const at = now.toISOString();
  // Sorted, so that two servers' batches on PostgreSQL take the rows' locks in the same order.
  const keys = [...byKey.keys()].sort();
  for (let from = 0; from < keys.length; from += 100) {
    const chunk = keys.slice(from, from + 100);
    // Keys with different windows go in separate statements: a row starts afresh once its own window has passed.
    for (const minutes of new Set(chunk.map((k) => byKey.get(k)![0].windowMinutes))) {
      const these = chunk.filter((k) => byKey.get(k)![0].windowMinutes === minutes);
      const since = new Date(now.getTime() - minutes * 60_000).toISOString();
      const { rows } = await sql<{ key: string; failures: number }>`
        INSERT INTO login_throttle (key, failures, window_started_at)
        VALUES ${sql.join(these.map((k) => sql`(${k}, ${byKey.get(k)!.length}, ${at})`))}
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN login_throttle.window_started_at <= ${since} THEN excluded.failures ELSE login_throttle.failures + excluded.failures END,
          window_started_at = CASE WHEN login_throttle.window_started_at <= ${since} THEN ${at} ELSE login_throttle.window_started_at END
        RETURNING key, failures`.execute(trx);
      for (const r of rows) {
        const list = byKey.get(r.key)!;
        const first = Number(r.failures) - list.length;
        list.forEach((l, k) => {
          if (first + k + 1 > l.max) allowed[l.owner] = false;
        });
      }
    }
  }
  return allowed;
}
