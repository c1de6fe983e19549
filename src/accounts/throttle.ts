import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { keyedHash } from '../lib/keyed-hash.ts';

/**
 * Rate limits on what strangers can ask for (sign-in attempts, emailed links),
 * per account or address asked about and per client address, in the database so
 * they hold across app servers and restarts.
 *
 * An attempt is *claimed* before the expensive or visible work (argon2, a mail):
 * one atomic upsert per key counts it and returns the new count, so parallel
 * requests cannot all pass a check made before any of them is recorded. Keys
 * are keyed hashes of bounded length (see keys.ts); rows whose window has passed
 * are swept.
 */
export const THROTTLE = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;

export interface Limit {
  key: string;
  limit: number;
}

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * Counts one attempt against every key; true when all of them are still within
 * their limits. A refused attempt is counted too (it cannot extend the window,
 * which runs from the first attempt).
 */
export async function claimAttempt(db: Db, limits: Limit[], windowMinutes: number = THROTTLE.windowMinutes): Promise<boolean> {
  const now = new Date();
  const since = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
  await sweep(db, now);
  // Always the same order, so two transactions on PostgreSQL never wait on each other's rows crosswise.
  const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.kysely.transaction().execute(async (trx) => {
    let allowed = true;
    for (const { key, limit } of sorted) {
      const { rows } = await sql<{ failures: number }>`
        INSERT INTO login_throttle (key, failures, window_started_at) VALUES (${key}, 1, ${now.toISOString()})
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN login_throttle.window_started_at <= ${since} THEN 1 ELSE login_throttle.failures + 1 END,
          window_started_at = CASE WHEN login_throttle.window_started_at <= ${since} THEN ${now.toISOString()} ELSE login_throttle.window_started_at END
        RETURNING failures`.execute(trx);
      if (Number(rows[0].failures) > limit) allowed = false;
    }
    return allowed;
  });
}

/** Gives back an attempt that turned out fine (a correct password), so it does not count against the address. */
export async function releaseAttempt(db: Db, key: string): Promise<void> {
  await db.kysely.updateTable('login_throttle').set((eb) => ({ failures: eb('failures', '-', 1) })).where('key', '=', key).where('failures', '>', 0).execute();
}

export async function clearAttempts(db: Db, key: string): Promise<void> {
  await db.kysely.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Rows whose window has passed say nothing any more: at most once a minute, delete them. */
async function sweep(db: Db, now: Date): Promise<void> {
  if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now.getTime();
  // No window in use is longer than an hour, so an older row limits nothing.
  const oldest = new Date(now.getTime() - 60 * 60_000).toISOString();
  await db.kysely.deleteFrom('login_throttle').where('window_started_at', '<', oldest).execute();
}

/** Makes the next claim sweep (the sweep otherwise runs at most once a minute): for tests. */
export function resetSweepClock(): void {
  lastSweep = 0;
}

/** A throttle key: what it limits, and a keyed hash of the value (an address someone typed is never stored). */
export function throttleKey(secret: Buffer, kind: string, value: string): string {
  return `${kind}:${keyedHash(secret, `throttle:${kind}`, value)}`;
}

