import { articleDep } from '../articles/deps.ts';
import { commentsDep } from '../comments/deps.ts';
import { MODERATION_LOG } from './deps.ts';
import { APPEAL_MAX, APPEAL_MIN, type AppealDecision, type AppealRefusal, appealOutcome, appealRefusal, mayDecide, MOVES, noteFrom, reasonFrom } from './rules.ts';
import type { ActionInput, ActionResult, ModerationService, Refusal } from './service.ts';
import * as store from './store.ts';

/**
 * Appeals: an author writes once against a removal or a ban; a moderator other
 * than the one who acted decides; the decision is logged, undoes what it
 * overturns, and is mailed to the author.
 */

export interface AppealView {
  id: number;
  text: string;
  createdAt: string;
  decision: AppealDecision | null;
  decisionReason: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface AppealTarget {
  entry: store.LogEntry;
  comment: store.ModeratedComment | null;
  appeal: AppealView | null;
  /** Why a new appeal would be refused now, or null when one may be written. */
  refusal: AppealRefusal | null;
}

export type AppealSubmit = { ok: true } | { ok: false; code: AppealRefusal | 'not-found' | 'short' | 'long' };

export interface AppealListItem extends AppealView {
  entry: store.LogEntry;
  comment: store.ModeratedComment | null;
}

export class Appeals {
  private readonly m: ModerationService;

  constructor(moderation: ModerationService) {
    this.m = moderation;
  }

  private get db() {
    return this.m.d.db.kysely;
  }

  /** The decision an author is appealing, with their appeal if they wrote one. */
  async target(logId: number): Promise<AppealTarget | null> {
    const entry = await store.logEntry(this.db, logId);
    if (!entry) return null;
    const comment = entry.commentId === null ? null : await store.findComment(this.db, entry.commentId);
    const appeal = await this.appealOf(logId);
    return { entry, comment, appeal, refusal: appealRefusal(entry, appeal !== null, this.m.now()) };
  }

  private async appealOf(logId: number): Promise<AppealView | null> {
    const a = await this.db
      .selectFrom('appeals as p')
      .leftJoin('users as d', 'd.id', 'p.decided_by')
      .select(['p.id', 'p.text', 'p.created_at', 'p.decision', 'p.decision_reason', 'p.decided_at', 'd.name as decider'])
      .where('p.log_id', '=', logId)
      .executeTakeFirst();
    return a ? { id: a.id, text: a.text, createdAt: a.created_at, decision: a.decision, decisionReason: a.decision_reason, decidedAt: a.decided_at, decidedBy: a.decider ?? null } : null;
  }

  /** The author's one appeal. `by` is the signed-in reader, or a guest whose link the route has checked. */
  async submit(logId: number, by: { userId: number } | { guest: true }, typed: string): Promise<AppealSubmit> {
    const t = await this.target(logId);
    if (!t || !t.comment) return { ok: false, code: 'not-found' };
    if ('userId' in by ? t.entry.subjectUserId !== by.userId : t.comment.authorUserId !== null) return { ok: false, code: 'not-found' };
    if (t.refusal) return { ok: false, code: t.refusal };
    const text = typed.replace(/\r\n?/g, '\n').trim();
    const length = [...text].length;
    if (length < APPEAL_MIN) return { ok: false, code: 'short' };
    if (length > APPEAL_MAX) return { ok: false, code: 'long' };
    const r = await this.db
      .insertInto('appeals')
      .values({
        log_id: logId, comment_id: t.comment.id, author_user_id: 'userId' in by ? by.userId : null, guest_email: 'userId' in by ? null : t.comment.authorEmail,
        text, created_at: this.m.now().toISOString(), decided_by: null, decision: null, decided_at: null, decision_reason: null,
      })
      .onConflict((oc) => oc.column('log_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1 ? { ok: true } : { ok: false, code: 'already' };
  }

  /** Open appeals first (oldest first), then the latest decided ones. */
  async list(): Promise<AppealListItem[]> {
    const open = await this.db.selectFrom('appeals').select('log_id').where('decided_at', 'is', null).orderBy('created_at').orderBy('id').execute();
    const done = await this.db.selectFrom('appeals').select('log_id').where('decided_at', 'is not', null).orderBy('decided_at', 'desc').limit(50).execute();
    const out: AppealListItem[] = [];
    for (const r of [...open, ...done]) {
      const t = await this.target(r.log_id);
      if (t?.appeal) out.push({ ...t.appeal, entry: t.entry, comment: t.comment });
    }
    return out;
  }

  /** A different moderator's decision on an appeal. */
  async decide(moderatorId: number, appealId: number, input: ActionInput & { decision: string }): Promise<ActionResult> {
    if (input.decision !== 'upheld' && input.decision !== 'overturned') return refuse(422, 'Choose whether the decision stands or is overturned.', 'decision');
    const decision: AppealDecision = input.decision;
    const list = decision === 'upheld' ? this.m.reasons().remove : this.m.reasons().keep;
    const reason = reasonFrom(list, input.reason);
    if (!reason) return refuse(422, 'Choose a reason from the list.', 'reason');
    const note = noteFrom(input.note);
    if (note === null) return refuse(422, 'Keep the note under 1,000 characters.', 'note');
    const a = await this.db.selectFrom('appeals').select(['id', 'log_id', 'guest_email', 'author_user_id']).where('id', '=', appealId).executeTakeFirst();
    const entry = a ? await store.logEntry(this.db, a.log_id) : null;
    if (!a || !entry) return refuse(404, 'There is no such appeal.');
    if (!mayDecide(entry, moderatorId)) return refuse(403, 'You took the decision under appeal: a different moderator must decide it.');
    const outcome = appealOutcome(entry.action, decision);
    const comment = entry.commentId === null ? null : await store.findComment(this.db, entry.commentId);
    const now = this.m.now().toISOString();
    const to = a.author_user_id !== null ? (comment?.authorEmail ?? null) : a.guest_email;
    const told = decision === 'upheld' ? 'upheld' : outcome.liftBan ? 'ban-lifted' : 'comment-back';
    const result = await this.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('appeals')
        .set({ decided_by: moderatorId, decision, decided_at: now, decision_reason: reason, guest_email: null })
        .where('id', '=', appealId).where('decided_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return null;
      const restored = outcome.restore && entry.commentId !== null && (await store.moveComment(trx, entry.commentId, MOVES.restore.from, MOVES.restore.to, null));
      if (outcome.liftBan) await trx.updateTable('bans').set({ lifted_at: now }).where('log_id', '=', entry.id).where('lifted_at', 'is', null).execute();
      const logId = await store.appendLog(trx, {
        action: outcome.action, reason, note, articleId: entry.articleId, commentId: entry.commentId, moderatorId,
        subjectUserId: entry.subjectUserId, subjectLabel: entry.subject, appealOf: entry.id, now,
      });
      return { done: await this.m.tellWithin(trx, logId, to, { kind: 'decided', outcome: told, reason, note }), restored };
    });
    if (!result) return refuse(409, 'This appeal has already been decided.');
    return this.m.decided(result.done, [MODERATION_LOG, ...(result.restored && entry.articleId !== null ? [articleDep(entry.articleId), commentsDep(entry.articleId)] : [])]);
  }
}

const refuse = (status: Refusal['status'], problem: string, field?: Refusal['field']): Refusal => ({ ok: false, status, problem, field });
