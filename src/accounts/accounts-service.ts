import type { Db } from '../db/connection.ts';
import type { Role } from '../db/schema.ts';
import { slugify } from '../lib/slug.ts';
import { nowIso } from '../lib/time.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';
import { claimAttempt, clearAttempts, releaseAttempt, THROTTLE, throttleKey } from './throttle.ts';

export type SignInResult = { ok: true; token: string; userId: number } | { ok: false; reason: 'invalid' | 'throttled' | 'suspended' };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a staff account; used by `samizdat create-admin` and by accepted invitations. */
export async function createStaff(db: Db, input: { email: string; name: string; password: string; role: Role }): Promise<number> {
  const problem = passwordProblem(input.password, [input.email, input.name]);
  if (problem) throw new Error(problem);
  const email = normaliseEmail(input.email);
  const taken = await db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (taken) throw new Error(`An account with the address ${email} already exists.`);
  const row = await db.kysely
    .insertInto('users')
    .values({
      email,
      name: input.name.trim(),
      slug: await uniqueSlug(db, slugify(input.name)),
      bio: '',
      avatar_media_id: null,
      role: input.role,
      password_hash: await hashPassword(input.password),
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function uniqueSlug(db: Db, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await db.kysely.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst())) return slug;
  }
}

/**
 * Password sign-in. A wrong password and an unknown address get the same answer
 * in the same time; repeated failures are throttled per account and per address.
 */
/** The longest address an account can have (RFC 5321); anything longer is refused before any work. */
const EMAIL_MAX = 254;

export function accountThrottleKey(secret: Buffer, email: string): string {
  return throttleKey(secret, 'account', normaliseEmail(email));
}

export async function signInWithPassword(db: Db, secret: Buffer, email: string, password: string, addressKey: string): Promise<SignInResult> {
  const accountKey = accountThrottleKey(secret, email);
  const address = `address:${addressKey}`;
  // An address longer than any account's is no account: counted against the client, never stored or hashed for long.
  const keys = email.length > EMAIL_MAX
    ? [{ key: address, limit: THROTTLE.perAddress }]
    : [{ key: accountKey, limit: THROTTLE.perAccount }, { key: address, limit: THROTTLE.perAddress }];
  // The attempt is claimed before argon2 runs, so parallel guesses cannot all get through.
  if (!(await claimAttempt(db, keys))) return { ok: false, reason: 'throttled' };
  if (email.length > EMAIL_MAX) {
    await verifyPassword(null, password); // the same time as any other wrong address
    return { ok: false, reason: 'invalid' };
  }
  const user = await db.kysely
    .selectFrom('users')
    .select(['id', 'password_hash', 'role', 'suspended_at'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  const staff = user && user.role !== 'reader' ? user : undefined;
  if (!(await verifyPassword(staff?.password_hash ?? null, password)) || !staff) {
    return { ok: false, reason: 'invalid' };
  }
  await clearAttempts(db, accountKey);
  await releaseAttempt(db, address);
  // Said only to someone who knows the password, so it tells a stranger nothing.
  if (staff.suspended_at) return { ok: false, reason: 'suspended' };
  return { ok: true, token: await createSession(db, staff.id), userId: staff.id };
}
