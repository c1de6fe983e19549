import type { Db } from '../db/connection.ts';

/**
 * Sign-in throttling, per account and per client address (stored as a keyed
 * hash), in the database so it holds across app servers and restarts.
 */
export const THROTTLE = { perAccount: 5, perAddress: 20, windowMinutes: 15 } as const;

export async function isThrottled(db: Db, keys: { key: string; limit: number }[]): Promise<boolean> {
  const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000).toISOString();
  const rows = await db.kysely
    .selectFrom('login_throttle')
    .select(['key', 'failures', 'window_started_at'])
    .where('key', 'in', keys.map((k) => k.key))
    .execute();
  return rows.some((r) => r.window_started_at > since && r.failures >= keys.find((k) => k.key === r.key)!.limit);
}

export async function recordFailure(db: Db, keys: string[]): Promise<void> {
  const now = new Date();
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000).toISOString();
  for (const key of keys) {
    await db.kysely.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) {
        await trx.insertInto('login_throttle').values({ key, failures: 1, window_started_at: now.toISOString() })
          .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb('login_throttle.failures', '+', 1) })))
          .execute();
      } else if (row.window_started_at <= since) {
        await trx.updateTable('login_throttle').set({ failures: 1, window_started_at: now.toISOString() }).where('key', '=', key).execute();
      } else {
        await trx.updateTable('login_throttle').set((eb) => ({ failures: eb('failures', '+', 1) })).where('key', '=', key).execute();
      }
    });
  }
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.kysely.deleteFrom('login_throttle').where('key', '=', key).execute();
}
