import type { Db } from '../db/connection.ts';
import { nowIso } from '../lib/time.ts';
import type { Mailer } from '../mail/mailer.ts';
import { invitationMail } from '../mail/templates.ts';
import { createStaff, normaliseEmail } from './accounts-service.ts';
import { STAFF_ROLES, type StaffRole } from './capabilities.ts';
import { createSession } from './sessions.ts';
import { newToken, tokenHash } from './tokens.ts';
import { claimToken } from './auth-tokens.ts';

/**
 * Invitations: an owner names an address and a role; the address receives a
 * link that works once, for INVITATION_HOURS, to choose a name and password.
 * Only the SHA-256 of the link's token is stored.
 */
export const INVITATION_HOURS = 72;

export type InviteResult = { ok: true; token: string; email: string } | { ok: false; reason: 'has_account'; reader: boolean };

async function createInvitation(db: Db, input: { email: string; role: StaffRole; createdBy: number }): Promise<InviteResult> {
  const email = normaliseEmail(input.email);
  const taken = await db.kysely.selectFrom('users').select('role').where('email', '=', email).executeTakeFirst();
  if (taken) return { ok: false, reason: 'has_account', reader: taken.role === 'reader' };
  const { token, hash } = newToken();
  const now = new Date();
  await db.kysely.transaction().execute(async (trx) => {
    // A new invitation replaces an earlier one to the same address: only the latest link, with its role, works.
    await trx.deleteFrom('auth_tokens').where('purpose', '=', 'invite').where('email', '=', email).where('used_at', 'is', null).execute();
    await trx
      .insertInto('auth_tokens')
      .values({
        token_hash: hash,
        purpose: 'invite',
        email,
        user_id: null,
        role: input.role,
        created_by: input.createdBy,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + INVITATION_HOURS * 3600_000).toISOString(),
        used_at: null,
      })
      .execute();
  });
  return { ok: true, token, email };
}

/** `unsentLink`: no mail server, so nothing was sent; the inviter passes the link on. */
export type SendResult = (InviteResult & { unsentLink?: string }) | { ok: false; reason: 'mail_failed'; error: unknown };

/** Creates the invitation and mails its link; if the mail cannot be sent, the invitation is taken back. */
export async function sendInvitation(
  db: Db,
  mailer: Mailer,
  input: { email: string; role: StaffRole; inviter: { id: number; name: string }; siteName: string; siteUrl: string },
): Promise<SendResult> {
  const created = await createInvitation(db, { email: input.email, role: input.role, createdBy: input.inviter.id });
  if (!created.ok) return created;
  const link = `${input.siteUrl}/admin/invitation/${created.token}`;
  const mail = invitationMail(input.siteName, input.inviter.name, input.role, link);
  // Without a mail server nothing can be sent: the inviter is given the link to pass on themselves.
  if (!mailer.delivers) return { ...created, unsentLink: link };
  try {
    await mailer.send({ to: created.email, ...mail });
    return created;
  } catch (error) {
    await withdrawInvitation(db, created.token);
    return { ok: false, reason: 'mail_failed', error };
  }
}

/** Takes back an invitation whose mail could not be sent. */
async function withdrawInvitation(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('auth_tokens').where('token_hash', '=', tokenHash(token)).where('purpose', '=', 'invite').execute();
}

export interface Invitation {
  email: string;
  role: StaffRole;
  inviter: string | null;
  expires_at: string;
}

/** The invitation behind a link, if it is unused and unexpired. */
export async function findInvitation(db: Db, token: string): Promise<Invitation | null> {
  const row = await db.kysely
    .selectFrom('auth_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select(['t.email', 't.role', 't.expires_at', 'u.name as inviter'])
    .where('t.token_hash', '=', tokenHash(token))
    .where('t.purpose', '=', 'invite')
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', nowIso())
    .executeTakeFirst();
  return row && isStaffRole(row.role) ? { email: row.email, role: row.role, inviter: row.inviter, expires_at: row.expires_at } : null;
}

/** Invitations still waiting to be accepted, newest first, for the staff page. */
export async function pendingInvitations(db: Db): Promise<Invitation[]> {
  const rows = await db.kysely
    .selectFrom('auth_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select(['t.email', 't.role', 't.expires_at', 'u.name as inviter'])
    .where('t.purpose', '=', 'invite')
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', nowIso())
    .orderBy('t.created_at', 'desc')
    .execute();
  return rows.flatMap((r) => (isStaffRole(r.role) ? [{ email: r.email, role: r.role, inviter: r.inviter, expires_at: r.expires_at }] : []));
}

export type AcceptResult = { ok: true; userId: number; sessionToken: string } | { ok: false; reason: 'gone' | 'has_account' };

class Refused extends Error {
  readonly reason: 'gone' | 'has_account';

  constructor(reason: 'gone' | 'has_account') {
    super(reason);
    this.reason = reason;
  }
}

/**
 * Uses the link (once: the UPDATE … WHERE used_at IS NULL claims it, and only
 * one request can), creates the account with the invited role and signs in.
 * Claim and account are one transaction, so a failure leaves the link usable.
 */
export async function acceptInvitation(db: Db, token: string, input: { name: string; password: string }): Promise<AcceptResult> {
  try {
    const userId = await db.kysely.transaction().execute(async (trx) => {
      const now = nowIso();
      const claimed = await claimToken(trx, token, 'invite', now);
      if (!claimed || !isStaffRole(claimed.role)) throw new Refused('gone');
      const taken = await trx.selectFrom('users').select('id').where('email', '=', claimed.email).executeTakeFirst();
      if (taken) throw new Refused('has_account');
      return createStaff({ ...db, kysely: trx }, { email: claimed.email, name: input.name, password: input.password, role: claimed.role });
    });
    return { ok: true, userId, sessionToken: await createSession(db, userId) };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.reason };
    throw err;
  }
}

function isStaffRole(role: string | null): role is StaffRole {
  return (STAFF_ROLES as readonly (string | null)[]).includes(role);
}
