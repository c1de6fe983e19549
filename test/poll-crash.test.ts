import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChangeBus } from '../src/cache/change-bus.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { type BoardEntry, checkChain, receiptHash } from '../src/polls/board.ts';
import { createPolls } from '../src/polls/factory.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function serve(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/samizdat.js'), 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', TRUST_PROXY: '127.0.0.1', DEMO_ON_EMPTY: 'off', SITE_URL: 'http://news.test' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

/**
 * A vote answered with success is on the board after a crash: the server is
 * killed (SIGKILL, no chance to finish anything) in the middle of a stream of
 * votes, started again, and every receipt it handed out is found on a board
 * whose chain still verifies.
 */
describe.each(DATABASES)('votes across a crash on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('keeps every acknowledged vote, and the chain verifies', { timeout: 60_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-crash-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl = '';
    if (kind === 'postgres') {
      const pg = await createPostgresDatabase();
      cleanups.push(pg.drop);
      databaseUrl = pg.url;
    }
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
    const config = loadConfig({ ...env, SITE_URL: 'http://news.test' });
    const db = openDatabase(config.database);
    await migrateToLatest(db);
    const { polls } = createPolls({ db, changes: new ChangeBus(db, { warn: () => undefined }) });
    const made = await polls.create({ question: 'Keep the harbour lights on all night?', options: ['Yes', 'No'], maxChoices: 1, policy: 'browser', showResults: 'always', opensAt: null, closesAt: null }, null);
    await db.close();
    if (!made.ok) throw new Error('poll');

    const port = await freePort();
    let server = await serve(env, port);
    const acknowledged: string[] = [];
    let stopping = false;
    let n = 0;
    // Eight browsers voting as fast as they are answered, each vote from a new browser at its own address.
    const voter = async () => {
      while (!stopping) {
        const i = n++;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/polls/${made.id}/vote`, {
            method: 'POST', body: new URLSearchParams({ choice: String(1 + (i % 2)) }),
            headers: { accept: 'application/json', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
          });
          if (res.status === 200) acknowledged.push((await res.json()).receipt);
        } catch {
          return; // the server is gone
        }
      }
    };
    const streams = Array.from({ length: 8 }, voter);
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    stopping = true;
    await Promise.all(streams);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    server = await serve(env, port);
    try {
      const board = await (await fetch(`http://127.0.0.1:${port}/polls/${made.id}/board.json`)).json() as { poll: { genesis: string }; ballots: BoardEntry[] };
      const onBoard = new Set(board.ballots.map((b) => b.receipt));
      const missing = acknowledged.filter((r) => !onBoard.has(receiptHash(r)));
      expect(missing).toEqual([]);
      expect(checkChain(board.poll.genesis, 2, 1, board.ballots).problem).toBeNull();
      // Voting goes on after the restart, on the same chain.
      const after = await fetch(`http://127.0.0.1:${port}/polls/${made.id}/vote`, {
        method: 'POST', body: new URLSearchParams({ choice: '1' }), headers: { accept: 'application/json', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '192.0.2.200' },
      });
      expect(after.status).toBe(200);
      expect((await after.json()).seq).toBe(board.ballots.length + 1);
    } finally {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    }
  });
});
