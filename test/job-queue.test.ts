import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { JobQueue, PermanentFailure } from '../src/jobs/queue.ts';
import { JobTimers } from '../src/jobs/timers.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';

const quiet = { info() {}, warn() {}, error() {} };
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

/** The job queue and timed-job claims against a real database of each kind. */
describe.each(DATABASES)('work claimed through the database on %s', (kind) => {
  let db: Db;
  let other: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const pg = await createPostgresDatabase();
      db = openDatabase({ kind: 'postgres', url: pg.url });
      other = openDatabase({ kind: 'postgres', url: pg.url });
      cleanup = pg.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-jobs-'));
      db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'samizdat.db') });
      other = openDatabase({ kind: 'sqlite', file: path.join(dir, 'samizdat.db') });
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.close();
    await other?.close();
    await cleanup?.();
  });
  const job = (id: number) => db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('runs each of many jobs exactly once with two servers claiming at the same time', async () => {
    const done: string[] = [];
    const queues = [new JobQueue(db, quiet, { leaseMs: 10_000 }), new JobQueue(other, quiet, { leaseMs: 10_000 })];
    const ran = new Map<string, string[]>();
    for (const q of queues) {
      q.handle('count', async (p) => {
        const key = (p as { n: number }).n.toString();
        ran.set(key, [...(ran.get(key) ?? []), q.worker]);
        done.push(key);
        await new Promise((r) => setTimeout(r, 5));
      });
    }
    for (let n = 0; n < 40; n++) await db.kysely.insertInto('jobs').values({ kind: 'count', payload: JSON.stringify({ n }), run_after: new Date().toISOString(), max_attempts: 3, created_at: new Date().toISOString(), discard_after: null, claimed_by: null, lease_until: null, last_error: null, finished_at: null }).execute();
    await Promise.all([queues[0].drain('count'), queues[1].drain('count'), queues[0].drain('count'), queues[1].drain('count')]);
    expect(done).toHaveLength(40);
    expect([...ran.values()].every((w) => w.length === 1)).toBe(true);
    const states = await db.kysely.selectFrom('jobs').select(['state', 'payload']).where('kind', '=', 'count').execute();
    expect(states.every((s) => s.state === 'done' && s.payload === '{}')).toBe(true);
  });

  it('tries a failing job again later, and gives up on one that failed for good', async () => {
    const q = new JobQueue(db, quiet, { leaseMs: 10_000 });
    let tries = 0;
    q.handle('flaky', async () => {
      tries++;
      throw new Error('mail server away');
    });
    q.handle('hopeless', async () => {
      throw new PermanentFailure('no such mailbox');
    });
    const flaky = await q.enqueue('flaky', {});
    const hopeless = await q.enqueue('hopeless', {});
    await q.drain('flaky');
    await q.drain('hopeless');
    const f = await job(flaky);
    expect(tries).toBe(1);
    expect(f).toMatchObject({ state: 'queued', attempts: 1, claimed_by: null, last_error: 'mail server away' });
    // Backed off: not due again for a while, so another look does nothing.
    expect(Date.parse(f.run_after) - Date.now()).toBeGreaterThan(20_000);
    await q.drain('flaky');
    expect(tries).toBe(1);
    expect(await job(hopeless)).toMatchObject({ state: 'failed', attempts: 1, last_error: 'no such mailbox', payload: '{}' });
  });

  it('drops a job that is no longer worth doing, unrun', async () => {
    const q = new JobQueue(db, quiet, { leaseMs: 10_000 });
    let ran = false;
    q.handle('late', async () => {
      ran = true;
    });
    const id = await q.enqueue('late', { link: 'secret' }, { discardAfter: new Date(Date.now() - 1000) });
    await q.drain('late');
    expect(ran).toBe(false);
    expect(await job(id)).toMatchObject({ state: 'discarded', payload: '{}' });
  });

  it('gives a job claimed by a server that stopped answering to another once its lease runs out', async () => {
    const dead = new JobQueue(db, quiet, { leaseMs: 60_000 });
    const alive = new JobQueue(other, quiet, { leaseMs: 60_000 });
    let by = '';
    alive.handle('orphan', async () => {
      by = alive.worker;
    });
    const id = await dead.enqueue('orphan', {});
    // The dead server claimed it a while ago and never came back: its lease is still running …
    await db.kysely.updateTable('jobs').set({ claimed_by: dead.worker, attempts: 1, lease_until: new Date(Date.now() + 30_000).toISOString() }).where('id', '=', id).execute();
    await alive.drain('orphan');
    expect(by).toBe('');
    // … and then it is over.
    await db.kysely.updateTable('jobs').set({ lease_until: new Date(Date.now() - 1).toISOString() }).where('id', '=', id).execute();
    await alive.drain('orphan');
    expect(by).toBe(alive.worker);
    expect(await job(id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('renews the lease of a job that runs longer than the lease', async () => {
    const q = new JobQueue(db, quiet, { leaseMs: 900 });
    const rival = new JobQueue(other, quiet, { leaseMs: 900 });
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 2_000));
    };
    q.handle('slow', slow);
    rival.handle('slow', slow);
    await q.enqueue('slow', {});
    const first = q.drain('slow');
    await new Promise((r) => setTimeout(r, 1_300));
    await rival.drain('slow');
    await first;
    expect(runs).toBe(1);
  });

  it('runs a job now for someone waiting, and says whether it worked', async () => {
    const q = new JobQueue(db, quiet, { leaseMs: 10_000 });
    q.handle('now', async (p) => {
      if ((p as { ok: boolean }).ok === false) throw new Error('refused');
    });
    expect(await q.runNow('now', { ok: true }, { retry: false })).toEqual({ ok: true });
    const failed = await q.runNow('now', { ok: false }, { retry: false });
    expect(failed.ok).toBe(false);
    const last = await db.kysely.selectFrom('jobs').selectAll().where('kind', '=', 'now').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('lets one server at a time run a timed job, and tells the next run when the last finished one started', async () => {
    const a = new JobTimers(db, 'server-a', 60_000);
    const b = new JobTimers(other, 'server-b', 60_000);
    const first = await a.claim('publish');
    expect(first).toEqual({ since: null });
    expect(await b.claim('publish')).toBeNull();
    const started = new Date(Date.now() - 5000);
    await a.finish('publish', started);
    expect(await b.claim('publish')).toEqual({ since: started });
    // b dies mid-run: once its lease is over, a takes the job, looking from the last finished run.
    await db.kysely.updateTable('job_timers').set({ lease_until: new Date(Date.now() - 1).toISOString() }).where('name', '=', 'publish').execute();
    expect(await a.claim('publish')).toEqual({ since: started });
    await a.release('publish');
    expect(await until(async () => (await b.claim('publish')) !== null)).toBe(true);
  });
});
