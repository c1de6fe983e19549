import type { Db } from '../db/connection.ts';
import { nowIso } from '../lib/time.ts';
import { accountThrottleKey, normaliseEmail } from './accounts-service.ts';
import { hashPassword } from './passwords.ts';
import { endAllSessions } from './sessions.ts';
import { claimAttempt, clearAttempts, throttleKey } from './throttle.ts';
import { newToken, tokenHash } from './tokens.ts';
import { claimToken, findLiveToken } from './auth-tokens.ts';

/**
 * Password reset by emailed link. Asking never reveals whether an account
 * exists: every request is counted and throttled the same way, and the caller
 * shows the same page whatever happened.
 */
export const RESET_MINUTES = 30;
/** Requests per THROTTLE.windowMinutes (15), per address asked about and per client address. */
export const RESET_LIMITS = { perEmail: 5, perAddress: 20 } as const;

export type ResetRequest =
  | { throttled: true }
  | { throttled: false; sendTo: { email: string; token: string } | null };

export async function requestPasswordReset(db: Db, secret: Buffer, email: string, addressKey: string): Promise<ResetRequest> {
  const address = normaliseEmail(email);
  // Separate from the sign-in counters, so asking for links does not lock anyone out of signing in;
  // keyed hashes, so addresses that strangers typed in are not kept.
  const keys = [
    { key: throttleKey(secret, 'reset-email', address), limit: RESET_LIMITS.perEmail },
    { key: `reset-address:${addressKey}`, limit: RESET_LIMITS.perAddress },
  ];
  // Every request counts, whether or not the account exists, and is claimed before any mail is made.
  if (!(await claimAttempt(db, keys))) return { throttled: true };
  const user = await db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', address)
    .where('role', '!=', 'reader')
    // A suspended member gets no link: the same path as an unknown address.
    .where('suspended_at', 'is', null)
    .executeTakeFirst();
  // An unknown address takes the same path, down to the write: its token names no
  // account and can never be used, so the answer's timing says nothing.
  const { token, hash } = newToken();
  const now = new Date();
  await db.kysely
    .insertInto('auth_tokens')
    .values({
      token_hash: hash,
      purpose: 'reset',
      email: address,
      user_id: user?.id ?? null,
      role: null,
      created_by: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return { throttled: false, sendTo: user ? { email: address, token } : null };
}

/** Whether a reset link is still good (unused, unexpired). */
export async function resetLinkIsValid(db: Db, token: string): Promise<boolean> {
  const row = await findLiveToken(db.kysely, token, 'reset');
  return Boolean(row?.user_id);
}

/**
 * Sets the new password, using the link once (UPDATE … WHERE used_at IS NULL:
 * only one request can claim it), and in the same transaction signs the person
 * out everywhere, voids their other reset links and lifts a sign-in lockout.
 */
export async function completePasswordReset(db: Db, secret: Buffer, token: string, password: string): Promise<{ ok: boolean }> {
  if (!(await resetLinkIsValid(db, token))) return { ok: false };
  const hash = await hashPassword(password); // slow on purpose: before the transaction, not inside it
  return db.kysely.transaction().execute(async (trx) => {
    const now = nowIso();
    const claimed = await claimToken(trx, token, 'reset', now);
    if (!claimed?.user_id) return { ok: false };
    const userId = claimed.user_id;
    const updated = await trx
      .updateTable('users')
      .set({ password_hash: hash })
      .where('id', '=', userId)
      .where('email', '=', claimed.email)
      .where('role', '!=', 'reader')
      .where('suspended_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false };
    const inTrx = { ...db, kysely: trx };
    await endAllSessions(inTrx, userId);
    await trx.deleteFrom('auth_tokens').where('user_id', '=', userId).where('purpose', '=', 'reset').where('used_at', 'is', null).execute();
    await clearAttempts(inTrx, accountThrottleKey(secret, claimed.email));
    return { ok: true };
  });
}

/**
 * A reset link an owner sends to a member (the member forgot their password, or
 * the site has no mail server and they cannot ask for one). It lives longer than
 * one asked for at the sign-in page, RESET_MINUTES, because a person may pass it
 * on by hand; it is used the same way and ends the member's sessions the same way.
 */
export const OWNER_RESET_HOURS = 24;

export type OwnerReset = { ok: true; token: string; email: string; name: string } | { ok: false; reason: 'not_found' | 'suspended' };

export async function createResetLinkFor(db: Db, userId: number, createdBy: number): Promise<OwnerReset> {
  const user = await db.kysely
    .selectFrom('users')
    .select(['email', 'name', 'suspended_at'])
    .where('id', '=', userId)
    .where('role', '!=', 'reader')
    .executeTakeFirst();
  if (!user?.email) return { ok: false, reason: 'not_found' };
  if (user.suspended_at) return { ok: false, reason: 'suspended' };
  const { token, hash } = newToken();
  const now = new Date();
  await db.kysely
    .insertInto('auth_tokens')
    .values({
      token_hash: hash,
      purpose: 'reset',
      email: user.email,
      user_id: userId,
      role: null,
      created_by: createdBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + OWNER_RESET_HOURS * 3600_000).toISOString(),
      used_at: null,
    })
    .execute();
  return { ok: true, token, email: user.email, name: user.name };
}

/** Takes back a link whose mail could not be sent. */
export async function withdrawResetLink(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('auth_tokens').where('token_hash', '=', tokenHash(token)).where('purpose', '=', 'reset').execute();
}
