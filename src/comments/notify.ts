import { timingSafeEqual } from 'node:crypto';
import { claimAttempt, throttleKey } from '../accounts/throttle.ts';
import type { Db } from '../db/connection.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type JobQueue, PermanentFailure } from '../jobs/queue.ts';
import { MailError, type Mailer } from '../mail/mailer.ts';
import { html } from '../render/html.ts';
import { plainText } from './markdown.ts';
import { articleForComments, commentRow, type CommentRow } from './store.ts';
import { commentWords } from './words.ts';

/**
 * The opt-in email to a commenter when someone replies to them, with a link
 * that stops it in one click (RFC 8058: List-Unsubscribe and
 * List-Unsubscribe-Post, so a mail program can do it too). The link names the
 * comment and carries a keyed hash of its id: nothing is stored to check it,
 * and it cannot be made for another comment.
 *
 * The email is a job (jobs/queue.ts) written in the transaction that stores
 * the reply, or the one that approves it: a reply that was acknowledged never
 * loses its email to a restart. Whichever server claims the job writes the
 * email then (so a reply deleted or a parent unsubscribed meanwhile sends
 * nothing) and sends it, the queue trying again while the mail server is away.
 */

/** The job's kind; its payload is `{ replyId }`. */
export const REPLY_MAIL_JOB = 'reply-mail';
const PURPOSE = 'comment-unsubscribe';
/** At most this many reply emails an hour to one address, however many replies come. */
export const REPLY_MAILS_PER_HOUR = 20;

export function unsubscribeToken(secret: Buffer, commentId: number): string {
  return `${commentId}.${keyedHash(secret, PURPOSE, String(commentId)).slice(0, 32)}`;
}

/** The comment an unsubscribe link names, or null for a link this site did not make. */
export function readUnsubscribeToken(secret: Buffer, token: string): number | null {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(keyedHash(secret, PURPOSE, m[1]).slice(0, 32));
  return timingSafeEqual(expected, Buffer.from(m[2])) ? Number(m[1]) : null;
}

export interface ReplyMailDeps {
  db: Db;
  /** Sends: the job is what makes the email durable, so this is the transport, not the outbox (that would queue it twice). */
  mailer: Mailer;
  jobs: JobQueue;
  secret: Buffer;
  siteUrl: string;
  site: () => { name: string; language: string };
}

export class ReplyMail {
  private readonly deps: ReplyMailDeps;

  constructor(deps: ReplyMailDeps) {
    this.deps = deps;
    deps.jobs.handle(REPLY_MAIL_JOB, (payload) => this.run(Number((payload as { replyId?: unknown }).replyId)));
  }

  /** Queues the email about a reply in the transaction that stores or approves it; `wake()` after the commit. */
  async within(trx: Transaction<Database>, replyId: number): Promise<void> {
    await this.deps.jobs.enqueueWithin(trx, REPLY_MAIL_JOB, { replyId });
  }

  /** After a commit that queued reply emails: this server starts on them now. */
  wake(): void {
    this.deps.jobs.wake(REPLY_MAIL_JOB);
  }

  /** The job: a failure the mail server may get over is thrown, so the queue tries again; an address that is not one is not. */
  private async run(replyId: number): Promise<void> {
    if (!Number.isSafeInteger(replyId)) throw new PermanentFailure('a reply email job without a reply');
    try {
      await this.trySend(replyId);
    } catch (err) {
      if (err instanceof MailError && err.code === 'EADDRESS') throw new PermanentFailure(err.message, { cause: err });
      throw err;
    }
  }

  private async trySend(replyId: number): Promise<boolean> {
    const { db, secret, siteUrl } = this.deps;
    const reply = await commentRow(db.kysely, replyId);
    if (!reply || reply.status !== 'visible' || reply.parent_id === null) return false;
    const parent = await commentRow(db.kysely, reply.parent_id);
    if (!parent || parent.status !== 'visible' || Number(parent.notify_replies) !== 1) return false;
    const to = parent.author_user_id !== null ? parent.user_email : parent.guest_email;
    if (!to || sameAuthor(reply, parent)) return false;
    const article = await articleForComments(db.kysely, reply.article_id);
    if (!article?.path || article.status !== 'published') return false;
    // Counted before sending: many replies at once still send at most the hour's share.
    if (!(await claimAttempt(db, [{ key: throttleKey(secret, 'reply-mail', to.toLowerCase()), limit: REPLY_MAILS_PER_HOUR }], 60))) return false;
    const site = this.deps.site();
    const w = commentWords(site.language);
    const name = reply.user_name ?? reply.guest_name ?? '';
    const read = `${siteUrl}/comments/${replyId}#comment-${replyId}`;
    const stop = `${siteUrl}/comments/unsubscribe/${unsubscribeToken(secret, parent.id)}`;
    const quote = excerpt(plainText(reply.body_html));
    await this.deps.mailer.send({
      to,
      subject: w.mail.subject(name, article.title),
      text: [w.mail.intro(name, article.title), quote.split('\n').map((l) => `> ${l}`).join('\n'), w.mail.read, read, '--', w.mail.why, w.mail.stop, stop].join('\n\n'),
      html: html`<p>${w.mail.intro(name, article.title)}</p><blockquote>${quote.split('\n').map((l, i) => html`${i ? html`<br>` : ''}${l}`)}</blockquote>
<p>${w.mail.read} <a href="${read}">${read}</a></p><hr><p>${w.mail.why}<br>${w.mail.stop} <a href="${stop}">${stop}</a></p>`.value,
      headers: { 'List-Unsubscribe': `<${stop}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    return true;
  }
}

function sameAuthor(a: CommentRow, b: CommentRow): boolean {
  if (a.author_user_id !== null || b.author_user_id !== null) return a.author_user_id === b.author_user_id;
  if (a.author_token_hash && a.author_token_hash === b.author_token_hash) return true;
  return Boolean(a.guest_email && b.guest_email && a.guest_email.toLowerCase() === b.guest_email.toLowerCase());
}

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > 600 ? `${chars.slice(0, 600).join('').trimEnd()}…` : text;
}
