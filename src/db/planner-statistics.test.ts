import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';

describe('SQLite planner statistics', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-stats-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps table statistics but drops the value histograms that force a re-prepare on every query', async () => {
    const file = path.join(dir, 'stats.db');
    const raw = new SQLite(file);
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT); CREATE INDEX t_k ON t (k);');
    const insert = raw.prepare('INSERT INTO t (k) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`key ${i % 7}`);
    raw.exec('ANALYZE');
    expect((raw.prepare('SELECT count(*) AS n FROM sqlite_stat4').get() as { n: number }).n).toBeGreaterThan(0);
    raw.close();

    const db = openDatabase({ kind: 'sqlite', file });
    await db.close();
    const after = new SQLite(file, { readonly: true });
    expect((after.prepare('SELECT count(*) AS n FROM sqlite_stat4').get() as { n: number }).n).toBe(0);
    expect((after.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 't'").get() as { n: number }).n).toBeGreaterThan(0);
    after.close();
  });
});
