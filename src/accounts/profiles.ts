import type { Db } from '../db/connection.ts';
import type { Role } from '../db/schema.ts';
import { accountThrottleKey } from './accounts-service.ts';
import { BIO_MAX, NAME_MAX } from './bio.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { LINK_KINDS, type LinkKind, parseLink, type ProfileLinks, storedLinks } from './profile-links.ts';
import { claimAttempt, clearAttempts, THROTTLE } from './throttle.ts';
import { tokenHash } from './tokens.ts';

/**
 * A staff member's own profile: the name readers see on bylines, a bio, a
 * portrait from the media library and public links; and their password and
 * sessions. Each person changes only their own: every function takes the id of
 * the person signed in, never one from a form or an address.
 */

export interface Profile {
  id: number;
  name: string;
  slug: string;
  email: string | null;
  role: Role;
  bio: string;
  portraitId: number | null;
  links: ProfileLinks;
}

export async function findProfile(db: Db, userId: number): Promise<Profile | undefined> {
  const row = await db.kysely
    .selectFrom('users')
    .select(['id', 'name', 'slug', 'email', 'role', 'bio', 'avatar_media_id', 'links'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { avatar_media_id, links, ...rest } = row;
  return { ...rest, portraitId: avatar_media_id, links: storedLinks(links) };
}

/** What the profile form sends: every field as typed. */
export type ProfileForm = { name: string; bio: string } & Record<LinkKind, string>;
export type ProfileProblems = Partial<Record<'name' | 'bio' | LinkKind, string>>;
export type CheckedProfile = { ok: true; name: string; bio: string; links: ProfileLinks } | { ok: false; problems: ProfileProblems };

/** The form's values as they will be stored, or the problem beside each field. */
export function checkProfile(form: ProfileForm): CheckedProfile {
  const problems: ProfileProblems = {};
  const name = form.name.replace(/\s+/g, ' ').trim();
  if (!name) problems.name = 'Give the name readers will see on your articles.';
  else if (name.length > NAME_MAX) problems.name = `Use at most ${NAME_MAX} characters.`;
  // Line ends are kept (paragraphs); trailing spaces on lines and around the whole are not.
  const bio = form.bio.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').trim();
  if (bio.length > BIO_MAX) problems.bio = `Use at most ${BIO_MAX} characters (this is ${bio.length}).`;
  const links: ProfileLinks = {};
  for (const kind of LINK_KINDS) {
    const parsed = parseLink(kind, form[kind]);
    if (!parsed.ok) problems[kind] = parsed.problem;
    else if (parsed.value) links[kind] = parsed.value;
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, name, bio, links };
}

/** Saves name, bio and links; true when readers will see a difference. */
export async function saveProfile(db: Db, userId: number, p: { name: string; bio: string; links: ProfileLinks }): Promise<boolean> {
  const before = await findProfile(db, userId);
  if (!before) return false;
  const links = JSON.stringify(p.links);
  if (before.name === p.name && before.bio === p.bio && JSON.stringify(before.links) === links) return false;
  await db.kysely.updateTable('users').set({ name: p.name, bio: p.bio, links }).where('id', '=', userId).execute();
  return true;
}

export type PortraitResult = 'changed' | 'unchanged' | 'no_such_image';

/** A picture from the library as the person's portrait, or none (null). */
export async function setPortrait(db: Db, userId: number, mediaId: number | null): Promise<PortraitResult> {
  if (mediaId !== null && !(await db.kysely.selectFrom('media').select('id').where('id', '=', mediaId).executeTakeFirst())) return 'no_such_image';
  const r = await db.kysely
    .updateTable('users')
    .set({ avatar_media_id: mediaId })
    .where('id', '=', userId)
    .where((eb) => (mediaId === null ? eb('avatar_media_id', 'is not', null) : eb.or([eb('avatar_media_id', 'is', null), eb('avatar_media_id', '!=', mediaId)])))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) ? 'changed' : 'unchanged';
}

export type OwnPassword = 'ok' | 'wrong' | 'throttled';

/**
 * Checks the signed-in person's own password before something that needs it
 * (a new password, handing over ownership). Counted against the account like
 * sign-in, so a session left open on a shared computer is no way to guess it.
 */
export async function checkOwnPassword(db: Db, secret: Buffer, userId: number, password: string): Promise<OwnPassword> {
  const user = await db.kysely.selectFrom('users').select(['email', 'password_hash']).where('id', '=', userId).executeTakeFirst();
  if (!user?.email) return 'wrong';
  const key = accountThrottleKey(secret, user.email);
  if (!(await claimAttempt(db, [{ key, limit: THROTTLE.perAccount }]))) return 'throttled';
  if (!(await verifyPassword(user.password_hash, password))) return 'wrong';
  await clearAttempts(db, key);
  return 'ok';
}

/**
 * The new password, once the current one has been checked. Every other session
 * of the person ends (a stolen session dies with the old password); the one in
 * use stays. Unused reset links are voided too.
 */
export async function changeOwnPassword(db: Db, userId: number, password: string, keepSessionToken: string): Promise<void> {
  const hash = await hashPassword(password); // slow on purpose: before the transaction, not inside it
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '!=', tokenHash(keepSessionToken)).execute();
    await trx.deleteFrom('auth_tokens').where('user_id', '=', userId).where('purpose', '=', 'reset').where('used_at', 'is', null).execute();
  });
}

/** "Sign out everywhere else": every session of the person but the one asking. */
export async function endOtherSessions(db: Db, userId: number, keepSessionToken: string): Promise<number> {
  const r = await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '!=', tokenHash(keepSessionToken)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** How many other sessions the person has open, for the profile page. */
export async function otherSessionCount(db: Db, userId: number, sessionToken: string): Promise<number> {
  const r = await db.kysely
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('token_hash', '!=', tokenHash(sessionToken))
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
