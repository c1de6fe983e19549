import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database, Role } from '../db/schema.ts';
import { type AccountStrings, stringsFor } from '../i18n/strings.ts';
import { nowIso } from '../lib/time.ts';
import { MailError, type Mailer } from '../mail/mailer.ts';
import { signInLinkMail } from '../mail/templates.ts';
import { normaliseEmail } from './accounts-service.ts';
import { createSession } from './sessions.ts';
import { claimAttempt, THROTTLE, throttleKey } from './throttle.ts';
import type { ReaderData } from './reader-data.ts';
import { newToken } from './tokens.ts';
import { claimToken, findLiveToken } from './auth-tokens.ts';

/**
 * Reader accounts: signing in with a link sent by mail (no password), the
 * reader's display name, and deleting the account. Staff sign in the same way
 * and keep exactly the role they have; an account made here is always a reader.
 */

/** A sign-in link works once, within this many minutes. */
export const LINK_MINUTES = 20;

/**
 * Links asked for per throttle window (THROTTLE.windowMinutes): enough for a mail
 * that went astray, too few to flood someone's mailbox from one address.
 */
export const LINK_LIMITS = { perEmail: 3, perAddress: 10, windowMinutes: THROTTLE.windowMinutes } as const;

export const NAME_MAX = 60;

export interface LinkDeps {
  db: Db;
  secret: Buffer;
  mailer: Mailer;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  siteUrl: string;
  siteName: string;
  /** The language of the reader's site, which the mail is written in. */
  language: string;
}

export type LinkRequest = 'sent' | 'throttled' | 'mail-failed';

// ---- validation: returns values, never throws ---------------------------------

/**
 * What is wrong with an input, in words the page picks from the site's
 * language (the rules here do not know which one that is).
 */
export type Problem = (t: AccountStrings['problems']) => string;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const EMAIL = /^[^\s<>@,;:"()[\]\\]+@[^\s<>@,;:"()[\]\\.]+(\.[^\s<>@,;:"()[\]\\.]+)+$/;

export function parseEmail(input: string): Parsed<string> {
  const email = normaliseEmail(input);
  if (email === '') return { ok: false, problem: (t) => t.emailMissing };
  if (email.length > 254 || !EMAIL.test(email)) return { ok: false, problem: (t) => t.emailMalformed };
  return { ok: true, value: email };
}

// C0/C1 controls, line and paragraph separators, and the invisible marks that
// reorder text (which would let a name disguise what follows it on the page).
const FORBIDDEN_IN_NAME = /[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/u;

export function parseDisplayName(input: string): Parsed<string> {
  const name = input.normalize('NFC').trim();
  if (FORBIDDEN_IN_NAME.test(name)) return { ok: false, problem: (t) => t.nameControl };
  const length = [...name].length;
  if (length === 0) return { ok: false, problem: (t) => t.nameEmpty };
  if (length > NAME_MAX) return { ok: false, problem: (t) => t.nameTooLong(NAME_MAX, length) };
  return { ok: true, value: name.replace(/\s+/gu, ' ') };
}

/**
 * The name a new reader has until they choose one: never derived from the mail
 * address, which would publish part of it.
 */
export function placeholderName(): string {
  return `Reader ${randomInt(1000, 10000)}`;
}

// ---- asking for a link --------------------------------------------------------

/**
 * Sends a sign-in link to any well-formed address. Whether an account exists
 * changes nothing here (the token carries only the address; the account is
 * found or made when the link is used), so the answer and its timing are the
 * same for every address.
 */
export async function requestSignInLink(d: LinkDeps, email: string, addressKey: string): Promise<LinkRequest> {
  const keys = [
    { key: throttleKey(d.secret, 'signin-email', email), limit: LINK_LIMITS.perEmail },
    { key: `signin-address:${addressKey}`, limit: LINK_LIMITS.perAddress },
  ];
  // Every request counts, not only failed ones: each one sends a mail. Claimed before the mail is made.
  if (!(await claimAttempt(d.db, keys, LINK_LIMITS.windowMinutes))) return 'throttled';
  await purgeExpiredLinks(d.db);

  const { token, hash } = newToken();
  const now = new Date();
  await d.db.kysely
    .insertInto('auth_tokens')
    .values({
      token_hash: hash,
      purpose: 'signin',
      email,
      user_id: null,
      role: null,
      created_by: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + LINK_MINUTES * 60_000).toISOString(),
      used_at: null,
    })
    .execute();

  const mail = signInLinkMail(d.siteName, `${d.siteUrl}/account/sign-in/${token}`, LINK_MINUTES, stringsFor(d.language).mail);
  try {
    await d.mailer.send({ to: email, ...mail });
    return 'sent';
  } catch (err) {
    if (!(err instanceof MailError)) throw err;
    await d.db.kysely.deleteFrom('auth_tokens').where('token_hash', '=', hash).execute();
    // A refused mailbox is the sender's typo, not our failure: same answer as ever.
    if (err.permanent || err.code === 'EADDRESS') {
      d.log.info({ err }, 'sign-in link refused by the mail server');
      return 'sent';
    }
    d.log.warn({ err }, 'sign-in link not sent');
    return 'mail-failed';
  }
}

/** Unused links of addresses without an account must not linger: drop every expired one. */
async function purgeExpiredLinks(db: Db): Promise<void> {
  await db.kysely.deleteFrom('auth_tokens').where('purpose', '=', 'signin').where('expires_at', '<=', nowIso()).execute();
}

// ---- using a link -------------------------------------------------------------

/** Whether the link would still sign in. Reads only: mail scanners follow links. */
export async function linkIsUsable(db: Db, token: string): Promise<boolean> {
  return (await findLiveToken(db.kysely, token, 'signin')) !== undefined;
}

export interface SignedIn {
  sessionToken: string;
  userId: number;
  /** True when this link made a new reader account. */
  created: boolean;
}

/**
 * Uses the link once: the update claims it only while unused and unexpired, so
 * two clicks at once sign in once. Finding or making the account and opening the
 * session happen in the same transaction, so a failure leaves the link unused.
 */
export async function useSignInLink(db: Db, token: string): Promise<SignedIn | null> {
  const now = nowIso();
  return db.kysely.transaction().execute(async (trx) => {
    const claimed = await claimToken(trx, token, 'signin', now);
    if (!claimed) return null;
    const user = await findOrCreateReader(trx, claimed.email, now);
    const sessionToken = await createSession({ ...db, kysely: trx }, user.id);
    return { sessionToken, userId: user.id, created: user.created };
  });
}

async function findOrCreateReader(trx: Kysely<Database>, email: string, now: string): Promise<{ id: number; created: boolean }> {
  const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const inserted = await trx
    .insertInto('users')
    .values({
      email,
      name: placeholderName(),
      // Never shown: author pages list staff only. Random, so it says nothing about the reader.
      slug: `reader-${randomBytes(8).toString('hex')}`,
      bio: '',
      avatar_media_id: null,
      role: 'reader',
      password_hash: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  // Another link for the same address made the account a moment ago.
  const row = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { id: row.id, created: false };
}

// ---- the account --------------------------------------------------------------

export function isStaff(role: Role): boolean {
  return role !== 'reader';
}

/** Readers choose their name here; a staff name is a byline, changed in the newsroom. */
export async function renameReader(db: Db, userId: number, name: string): Promise<boolean> {
  const r = await db.kysely.updateTable('users').set({ name }).where('id', '=', userId).where('role', '=', 'reader').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Erases a reader: every domain that keeps something about them lets go first
 * (their name becomes a pseudonym wherever it was public; see reader-data.ts),
 * then the user row goes, and by cascade their sessions and links; unused links
 * sent to their address and the throttle count kept for it go too. All in one
 * transaction. Staff accounts are removed by an owner, not here.
 */
export async function deleteReader(db: Db, secret: Buffer, user: { id: number; email: string | null }, data: ReaderData): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const reader = await trx.selectFrom('users').select('id').where('id', '=', user.id).where('role', '=', 'reader').executeTakeFirst();
    if (!reader) return false;
    await data.erase(trx, user.id);
    await trx.deleteFrom('users').where('id', '=', user.id).where('role', '=', 'reader').execute();
    if (user.email) {
      await trx.deleteFrom('auth_tokens').where('email', '=', user.email).execute();
      await trx.deleteFrom('login_throttle').where('key', '=', throttleKey(secret, 'signin-email', user.email)).execute();
    }
    return true;
  });
}


