import { articleDep } from '../articles/deps.ts';
import { claimAttempt } from '../accounts/throttle.ts';
import type { ChangeBus } from '../cache/change-bus.ts';
import { commentsDep } from '../comments/deps.ts';
import type { Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database, ModerationAction } from '../db/schema.ts';
import type { Mailer, MailLog } from '../mail/mailer.ts';
import type { SettingsService } from '../settings/settings.ts';
import { emailHash } from './bans.ts';
import { MODERATION_LOG } from './deps.ts';
import { type Letter, type MailKind, type MailOutcome, ModerationMail } from './mail.ts';
import { appealUrl } from './appeal-links.ts';
import { BAN_LENGTHS, type BanLength, banEnds, MOVES, noteFrom, reasonFrom, REPORTS_PER_HOUR } from './rules.ts';
import * as store from './store.ts';

export interface ModerationDeps {
  db: Db;
  changes: ChangeBus;
  settings: SettingsService;
  /** Mail to authors; the outbox (mail/outbox.ts) queues each letter in its decision's transaction. */
  mailer: Mailer;
  secret: Buffer;
  log: MailLog;
  siteUrl: string;
  /** The comments domain's part in letting a waiting comment through, in the approval's transaction (a reply's email). */
  approvingWithin?: (trx: Transaction<Database>, commentId: number) => Promise<void>;
  /** The comments domain's follow-up once the approval is committed (the live stream; sending the reply's email). */
  afterApproval?: (commentId: number) => Promise<void>;
  now?: () => Date;
}

/** What a moderator typed: a reason from the list and an optional note. */
export interface ActionInput {
  reason: string;
  note: string;
}

/** A refusal the newsroom shows: beside a field (422) or as the page's message (404, 403, 409). */
export interface Refusal {
  ok: false;
  status: 403 | 404 | 409 | 422;
  field?: 'reason' | 'note' | 'length' | 'decision';
  problem: string;
}

export type ActionResult = { ok: true; logId: number; mail: MailOutcome; letter: Letter | null } | Refusal;

export type ReportRefusal = 'not-found' | 'not-reportable' | 'own' | 'already' | 'throttled' | 'reason' | 'note';

const refuse = (status: Refusal['status'], problem: string, field?: Refusal['field']): Refusal => ({ ok: false, status, problem, field });

/**
 * The rules of moderation, applied: readers' reports, the queue, and the
 * moderators' actions — each with a reason from the site's list, each written
 * to the append-only public log in the same transaction as its effect, each
 * forgetting the pages that showed what it changed. Appeals are in appeals.ts.
 */
export class ModerationService {
  readonly d: ModerationDeps;
  readonly mail: ModerationMail;

  constructor(deps: ModerationDeps) {
    this.d = deps;
    this.mail = new ModerationMail(deps);
  }

  now(): Date {
    return this.d.now?.() ?? new Date();
  }

  reasons(): { remove: string[]; keep: string[] } {
    return this.d.settings.get().moderation_reasons;
  }

  // ---- readers' reports -----------------------------------------------------------

  /** A signed-in reader's report. It never changes the comment: it only puts it in the queue. */
  async report(reporterId: number, commentId: number, input: ActionInput): Promise<{ ok: true } | { ok: false; code: ReportRefusal }> {
    const c = await store.findComment(this.d.db.kysely, commentId);
    if (!c || c.status === 'pending') return { ok: false, code: 'not-found' };
    if (c.status !== 'visible') return { ok: false, code: 'not-reportable' };
    if (c.authorUserId === reporterId) return { ok: false, code: 'own' };
    const reason = reasonFrom(this.reasons().remove, input.reason);
    if (!reason) return { ok: false, code: 'reason' };
    const note = noteFrom(input.note);
    if (note === null) return { ok: false, code: 'note' };
    if (await store.findReport(this.d.db.kysely, commentId, reporterId)) return { ok: false, code: 'already' };
    if (!(await claimAttempt(this.d.db, [{ key: `report:${reporterId}`, limit: REPORTS_PER_HOUR }], 60))) return { ok: false, code: 'throttled' };
    const inserted = await store.insertReport(this.d.db.kysely, { commentId, reporterId, reason, note, now: this.now().toISOString() });
    return inserted ? { ok: true } : { ok: false, code: 'already' };
  }

  // ---- the moderators' actions ------------------------------------------------------

  private checked(list: readonly string[], input: ActionInput): { reason: string; note: string } | Refusal {
    const reason = reasonFrom(list, input.reason);
    if (!reason) return refuse(422, 'Choose a reason from the list.', 'reason');
    const note = noteFrom(input.note);
    if (note === null) return refuse(422, 'Keep the note under 1,000 characters.', 'note');
    return { reason, note };
  }

  /** Approves a comment waiting for approval, or keeps a reported one (its reports are answered). */
  async approve(moderatorId: number, commentId: number, input: ActionInput): Promise<ActionResult> {
    const v = this.checked(this.reasons().keep, input);
    if ('ok' in v) return v;
    const c = await store.findComment(this.d.db.kysely, commentId);
    if (!c) return refuse(404, 'There is no such comment.');
    const now = this.now().toISOString();
    const logId = await this.d.db.kysely.transaction().execute(async (trx) => {
      if (c.status === 'visible' && !(await store.openReportCount(trx, c.id))) return null;
      // Claimed from the status it was read in: two moderators approving one waiting comment log it (and mail its reply) once.
      if (!(await store.moveComment(trx, c.id, MOVES.approve.from.filter((st) => st === c.status), MOVES.approve.to, null))) return null;
      if (c.status === 'pending') await this.d.approvingWithin?.(trx, c.id);
      await store.settleReports(trx, c.id, now);
      return store.appendLog(trx, this.entry('approve', c, moderatorId, v, now));
    });
    if (logId === null) return refuse(409, c.status === 'visible' ? 'This comment is not waiting for a decision.' : `This comment is ${c.status}: there is nothing to approve.`);
    await this.d.changes.changed([articleDep(c.articleId), commentsDep(c.articleId), MODERATION_LOG]);
    // Its live announcement and reply email go on their own: the moderator does not wait for a mail server.
    const follow = this.d.afterApproval;
    if (c.status === 'pending' && follow) setImmediate(() => follow(c.id).catch((err) => this.d.log.warn({ err, commentId: c.id }, 'after approving a comment')));
    return { ok: true, logId, mail: 'no-address', letter: null };
  }

  /** Removes a comment: its place in the thread says why, its replies stay, and its author is told and may appeal. */
  async remove(moderatorId: number, commentId: number, input: ActionInput): Promise<ActionResult> {
    const v = this.checked(this.reasons().remove, input);
    if ('ok' in v) return v;
    const c = await store.findComment(this.d.db.kysely, commentId);
    if (!c) return refuse(404, 'There is no such comment.');
    const now = this.now().toISOString();
    const done = await this.d.db.kysely.transaction().execute(async (trx) => {
      if (!(await store.moveComment(trx, c.id, MOVES.remove.from, MOVES.remove.to, v.reason))) return null;
      await store.settleReports(trx, c.id, now);
      const logId = await store.appendLog(trx, this.entry('remove', c, moderatorId, v, now));
      return this.tellWithin(trx, logId, c.authorEmail, { kind: 'removed', article: c.articleTitle, reason: v.reason, note: v.note, appealUrl: appealUrl(this.d, logId, c.authorUserId) });
    });
    if (done === null) return refuse(409, `This comment is ${c.status === 'removed' ? 'already removed' : 'deleted by its author'}.`);
    return this.decided(done, [articleDep(c.articleId), commentsDep(c.articleId), MODERATION_LOG]);
  }

  /** Stops the comment's author from commenting, for a time or for good. The comment itself is left as it is. */
  async ban(moderatorId: number, commentId: number, input: ActionInput & { length: string }): Promise<ActionResult> {
    const v = this.checked(this.reasons().remove, input);
    if ('ok' in v) return v;
    if (!(BAN_LENGTHS as readonly string[]).includes(input.length)) return refuse(422, 'Choose how long the ban lasts.', 'length');
    const c = await store.findComment(this.d.db.kysely, commentId);
    if (!c) return refuse(404, 'There is no such comment.');
    if (c.authorUserId === null && !c.authorEmail) return refuse(409, 'This guest gave no address: a ban would have nothing to hold on to. Remove the comment instead.');
    const now = this.now();
    const until = banEnds(input.length as BanLength, now);
    const done = await this.d.db.kysely.transaction().execute(async (trx) => {
      const id = await store.appendLog(trx, { ...this.entry('ban', c, moderatorId, v, now.toISOString()), until });
      await trx.insertInto('bans').values({
        user_id: c.authorUserId, guest_email_hash: c.authorEmail ? emailHash(this.d.secret, c.authorEmail) : null, until, reason: v.reason,
        created_by: moderatorId, created_at: now.toISOString(), lifted_at: null, log_id: id,
      }).execute();
      return this.tellWithin(trx, id, c.authorEmail, { kind: 'banned', until, reason: v.reason, note: v.note, appealUrl: appealUrl(this.d, id, c.authorUserId) });
    });
    return this.decided(done, [MODERATION_LOG]);
  }

  /** Ends a ban early. */
  async liftBan(moderatorId: number, banId: number, input: ActionInput): Promise<ActionResult> {
    const v = this.checked(this.reasons().keep, input);
    if ('ok' in v) return v;
    const ban = await this.d.db.kysely.selectFrom('bans').select(['id', 'log_id']).where('id', '=', banId).executeTakeFirst();
    if (!ban) return refuse(404, 'There is no such ban.');
    const first = ban.log_id === null ? null : await store.logEntry(this.d.db.kysely, ban.log_id);
    const c = first?.commentId ? await store.findComment(this.d.db.kysely, first.commentId) : null;
    const now = this.now().toISOString();
    const done = await this.d.db.kysely.transaction().execute(async (trx) => {
      const r = await trx.updateTable('bans').set({ lifted_at: now }).where('id', '=', banId).where('lifted_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return null;
      const logId = await store.appendLog(trx, {
        action: 'lift-ban', reason: v.reason, note: v.note, articleId: first?.articleId ?? null, commentId: first?.commentId ?? null, moderatorId,
        subjectUserId: first?.subjectUserId ?? null, subjectLabel: first?.subject ?? '', appealOf: null, now,
      });
      return this.tellWithin(trx, logId, c?.authorEmail ?? null, { kind: 'lifted', note: v.note });
    });
    if (done === null) return refuse(409, 'This ban has already been lifted.');
    return this.decided(done, [MODERATION_LOG]);
  }

  private entry(action: ModerationAction, c: store.ModeratedComment, moderatorId: number, v: { reason: string; note: string }, now: string): store.NewEntry {
    return {
      action, reason: v.reason, note: v.note, articleId: c.articleId, commentId: c.id, moderatorId,
      subjectUserId: c.authorUserId, subjectLabel: c.authorName, now,
    };
  }

  /** The author's letter about a decision, in the decision's transaction (mail.ts `within`). */
  async tellWithin(trx: Transaction<Database>, logId: number, to: string | null, what: MailKind): Promise<ActionResult & { ok: true }> {
    const { outcome, letter } = await this.mail.within(trx, to, what);
    return { ok: true, logId, mail: outcome, letter };
  }

  /** A decision is committed: the pages that showed what it changed forget, and its queued letter is sent now. */
  async decided(done: ActionResult & { ok: true }, deps: string[]): Promise<ActionResult> {
    this.mail.wake();
    await this.d.changes.changed(deps);
    return done;
  }
}
