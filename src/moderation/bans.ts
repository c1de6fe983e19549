import type { Kysely } from 'kysely';
import { loadServerSecret } from '../accounts/server-keys.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import { nowIso } from '../lib/time.ts';
import { laterEnd } from './rules.ts';

/**
 * Bans: who may not comment, until when. A guest is known only by the address
 * they gave, so a ban holds a keyed hash of it, never the address. A reader's
 * ban holds their account and their account's address (hashed the same way),
 * so closing the account and signing up again does not end it.
 */

const PURPOSE = 'ban-email';

export function emailHash(secret: Buffer, email: string): string {
  return keyedHash(secret, PURPOSE, email.trim().toLowerCase());
}

// The comments domain asks with only the database in hand: the secret is read from it once.
const secrets = new WeakMap<Db, Promise<Buffer>>();
function secretOf(db: Db): Promise<Buffer> {
  let s = secrets.get(db);
  if (!s) secrets.set(db, (s = loadServerSecret(db)));
  return s;
}

export interface BanState {
  /** When the ban ends; null for good. */
  until: string | null;
  reason: string;
}

/** Whether the author of a new comment is banned now: by their account, their account's address, or the address a guest gave. */
export async function isBanned(db: Db, who: { userId: number | null; guestEmail: string | null }): Promise<BanState | null> {
  const secret = await secretOf(db);
  const addresses: string[] = [];
  if (who.guestEmail) addresses.push(who.guestEmail);
  if (who.userId !== null) {
    const u = await db.kysely.selectFrom('users').select('email').where('id', '=', who.userId).executeTakeFirst();
    if (u?.email) addresses.push(u.email);
  }
  const hashes = addresses.map((a) => emailHash(secret, a));
  if (who.userId === null && !hashes.length) return null;
  const now = nowIso();
  const live = await db.kysely
    .selectFrom('bans')
    .select(['until', 'reason'])
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
    .where((eb) => eb.or([
      ...(who.userId !== null ? [eb('user_id', '=', who.userId)] : []),
      ...(hashes.length ? [eb('guest_email_hash', 'in', hashes)] : []),
    ]))
    .execute();
  if (!live.length) return null;
  // Of several live bans, the one that ends last is the one that counts.
  return live.reduce((a, b) => (laterEnd(a.until, b.until) === a.until ? a : b));
}

export interface BanRow {
  id: number;
  userId: number | null;
  until: string | null;
  reason: string;
  createdAt: string;
  createdBy: string | null;
  logId: number | null;
  /** The name the ban's decision shows in the log. */
  subject: string;
}

/** Bans in force, newest first, for the newsroom's list. */
export async function liveBans(db: Kysely<Database>, now = nowIso()): Promise<BanRow[]> {
  const rows = await db
    .selectFrom('bans as b')
    .leftJoin('users as m', 'm.id', 'b.created_by')
    .leftJoin('moderation_log as l', 'l.id', 'b.log_id')
    .select(['b.id', 'b.user_id', 'b.until', 'b.reason', 'b.created_at', 'm.name as moderator', 'b.log_id', 'l.subject_label'])
    .where('b.lifted_at', 'is', null)
    .where((eb) => eb.or([eb('b.until', 'is', null), eb('b.until', '>', now)]))
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id, userId: r.user_id, until: r.until, reason: r.reason, createdAt: r.created_at, createdBy: r.moderator ?? null,
    logId: r.log_id, subject: r.subject_label ?? '',
  }));
}
