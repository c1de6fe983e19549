import type { Db } from '../db/connection.ts';
import type { Role } from '../db/schema.ts';
import { nowIso } from '../lib/time.ts';
import { newToken, tokenHash } from './tokens.ts';

/**
 * Sessions live in the database so every app server recognises them. One ends
 * 30 days after sign-in, or sooner after 7 days without use (a laptop left
 * signed in somewhere does not stay a way in for a month).
 */
export const SESSION_DAYS = 30;
const SESSION_IDLE_DAYS = 7;
const TOUCH_EVERY_MS = 10 * 60 * 1000;

export interface SessionUser {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  slug: string;
}

export async function createSession(db: Db, userId: number): Promise<string> {
  const { token, hash } = newToken();
  const now = new Date();
  await db.kysely
    .insertInto('sessions')
    .values({
      token_hash: hash,
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86400_000).toISOString(),
    })
    .execute();
  return token;
}

export async function findSession(db: Db, token: string): Promise<SessionUser | null> {
  const hash = tokenHash(token);
  const row = await db.kysely
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .where('s.token_hash', '=', hash)
    .where('s.expires_at', '>', nowIso())
    .where('s.last_seen_at', '>', new Date(Date.now() - SESSION_IDLE_DAYS * 86400_000).toISOString())
    // Suspension deletes the sessions; this also shuts out one opened in the same moment, or by a reader's link.
    .where('u.suspended_at', 'is', null)
    .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.slug', 's.last_seen_at'])
    .executeTakeFirst();
  if (!row) return null;
  // Note activity now and then, not on every request.
  if (Date.now() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db.kysely.updateTable('sessions').set({ last_seen_at: nowIso() }).where('token_hash', '=', hash).execute();
  }
  return { id: row.id, name: row.name, email: row.email, role: row.role, slug: row.slug };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** "Sign out everywhere": every session of this user, on every device. */
export async function endAllSessions(db: Db, userId: number): Promise<number> {
  const r = await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
