import type { CommentStatus, ModerationAction } from '../db/schema.ts';

export type { CommentStatus };

/**
 * The rules of due process, as small functions that need no database: which
 * reasons count, how long a ban runs, what can be appealed and by when, who may
 * decide an appeal and what deciding it does. The service applies them; the
 * unit tests read them as the policy.
 */

/** Days an author has to appeal a removal or a ban. */
export const APPEAL_DAYS = 30;
export const APPEAL_MIN = 20;
export const APPEAL_MAX = 4000;
export const NOTE_MAX = 1000;
/** Reports one reader may send in an hour: enough for a bad thread, too few to flood the queue. */
export const REPORTS_PER_HOUR = 20;

/** The ban lengths a moderator chooses from, in days; 'good' never ends. */
export const BAN_LENGTHS = ['1', '7', '30', '365', 'good'] as const;
export type BanLength = (typeof BAN_LENGTHS)[number];

/** The reason as it is in the list (the list's own spelling), or null: a reason must come from the list. */
export function reasonFrom(list: readonly string[], typed: string): string | null {
  const t = typed.trim();
  return list.find((r) => r === t) ?? null;
}

/** When a ban chosen now ends; null for good. */
export function banEnds(length: BanLength, now: Date): string | null {
  if (length === 'good') return null;
  return new Date(now.getTime() + Number(length) * 86400_000).toISOString();
}

export function banIsLive(ban: { until: string | null; lifted_at: string | null }, now: string): boolean {
  return ban.lifted_at === null && (ban.until === null || ban.until > now);
}

/** The later of two ban ends (null, for good, is the latest). */
export function laterEnd(a: string | null, b: string | null): string | null {
  return a === null || b === null ? null : a > b ? a : b;
}

export interface Decision {
  action: ModerationAction;
  createdAt: string;
  commentId: number | null;
  moderatorId: number | null;
}

/** Only what takes something away from an author can be appealed: a removal or a ban. */
export function isAppealable(action: ModerationAction): boolean {
  return action === 'remove' || action === 'ban';
}

export type AppealRefusal = 'not-appealable' | 'too-late' | 'already';

/** Whether the author may appeal this decision now (they may, once, within APPEAL_DAYS). */
export function appealRefusal(d: Decision, appealed: boolean, now: Date): AppealRefusal | null {
  if (!isAppealable(d.action) || d.commentId === null) return 'not-appealable';
  if (appealed) return 'already';
  if (now.getTime() - Date.parse(d.createdAt) > APPEAL_DAYS * 86400_000) return 'too-late';
  return null;
}

/** An appeal goes to a different moderator from the one who acted. */
export function mayDecide(d: Pick<Decision, 'moderatorId'>, deciderId: number): boolean {
  return d.moderatorId !== deciderId;
}

export type AppealDecision = 'upheld' | 'overturned';

/** What granting or refusing an appeal does: the log entry it adds, and what it undoes. */
export function appealOutcome(appealed: ModerationAction, decision: AppealDecision): { action: ModerationAction; restore: boolean; liftBan: boolean } {
  const granted = decision === 'overturned';
  return {
    action: granted ? 'appeal-overturned' : 'appeal-upheld',
    restore: granted && appealed === 'remove',
    liftBan: granted && appealed === 'ban',
  };
}

/** The statuses each action may move a comment from, and to. */
export const MOVES = {
  approve: { from: ['pending', 'visible'], to: 'visible' },
  remove: { from: ['pending', 'visible'], to: 'removed' },
  restore: { from: ['removed'], to: 'visible' },
} as const;

/** Validates a free-text note: trimmed, bounded. Returns null when it is too long. */
export function noteFrom(typed: string): string | null {
  const n = typed.trim();
  return [...n].length > NOTE_MAX ? null : n;
}
