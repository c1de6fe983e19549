import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_NAME } from '../../src/cache/change-bus.ts';
import { POSTGRES_ADMIN_URL } from '../helpers/databases.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

/**
 * One listening connection per app server, whatever happens to it: the review
 * saw 1 → 2 → 4 → … → 64 connections after repeated drops.
 */
describe('the PostgreSQL change listener', () => {
  let site: TestSite;
  let admin: pg.Client;
  let database: string;
  beforeAll(async () => {
    site = await startTestSite('postgres', { demo: false });
    database = new URL(site.services.db.postgresUrl!).pathname.slice(1);
    admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await site?.close();
  });

  const listeners = async () =>
    Number((await admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, LISTENER_NAME])).rows[0].n);

  async function until(check: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  it('comes back as exactly one connection after each of several drops, and still hears changes', async () => {
    expect(await listeners()).toBe(1);
    for (let round = 0; round < 5; round++) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database, LISTENER_NAME]);
      await until(async () => (await listeners()) === 1, `round ${round}: one listener again`);
      // Give a duplicate the time it would need to appear, then count again.
      await new Promise((r) => setTimeout(r, 700));
      expect(await listeners(), `round ${round}`).toBe(1);
    }
    // It hears another server's change: a NOTIFY from outside empties this server's cache.
    await site.fetch('/');
    expect(site.services.pageCache.size).toBeGreaterThan(0);
    // Another server's change: a row in the change log, and a NOTIFY (which reaches listeners of the same database only).
    const other = new pg.Client({ connectionString: site.services.db.postgresUrl });
    await other.connect();
    const { rows } = await other.query(`INSERT INTO change_log (deps, origin, created_at) VALUES ('*', 'another-server', $1) RETURNING id`, [new Date().toISOString()]);
    await other.query(`SELECT pg_notify('samizdat_changes', $1)`, [String(rows[0].id)]);
    await other.end();
    await until(async () => site.services.pageCache.size === 0, 'the cache was emptied');
  });
});
