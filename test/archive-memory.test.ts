import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** A JavaScript heap smaller than the comments table: only a command that streams can finish. */
/** The commands need about 70 MB of heap to start (every module loaded); the archive is larger than the whole heap. */
const HEAP_MB = 96;
const COMMENTS = 4_000;
const TEXT = 'Every word of this comment is kept. '.repeat(420);

function samizdat(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, path.join(ROOT, 'bin/samizdat.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', SITE_URL: 'http://news.test', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

/**
 * A site whose comments alone are larger than the commands' whole JavaScript
 * heap is exported and imported: neither command holds a table in memory.
 */
describe.each(DATABASES)('export and import-archive of a large %s site in little memory', (kind) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-archive-memory-'));
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function site(name: string): Promise<Record<string, string>> {
    const dataDir = path.join(tmp, name);
    if (kind === 'sqlite') return { DATA_DIR: dataDir };
    const pg = await createPostgresDatabase();
    drops.push(pg.drop);
    return { DATA_DIR: dataDir, DATABASE_URL: pg.url };
  }

  it(`moves ${COMMENTS} comments of 30 KB each with a ${HEAP_MB} MB heap`, { timeout: 300_000 }, async () => {
    const source = await site('source');
    const db = openDatabase(source.DATABASE_URL ? { kind: 'postgres', url: source.DATABASE_URL } : { kind: 'sqlite', file: path.join(source.DATA_DIR, 'samizdat.db') });
    try {
      await migrateToLatest(db);
      const at = '2025-03-01T09:00:00.000Z';
      await sql`INSERT INTO sections (slug, name, description, position) VALUES ('news', 'News', '', 0)`.execute(db.kysely);
      await sql`INSERT INTO articles (slug, section_id, status, title, standfirst, path, published_at, updated_at, created_at) VALUES ('a', 1, 'published', 'A', '', '/a', ${at}, ${at}, ${at})`.execute(db.kysely);
      const numbers = kind === 'sqlite'
        ? sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${COMMENTS}) SELECT i FROM n`
        : sql`SELECT i FROM generate_series(1, ${COMMENTS}) AS n(i)`;
      await sql`INSERT INTO comments (id, article_id, parent_id, thread_id, depth, body_md, body_html, status, notify_replies, created_at, updated_at)
          SELECT i, 1, NULL, i, 0, ${TEXT} || i, ${TEXT} || i, 'visible', 0, ${at}, ${at} FROM (${numbers}) AS numbers`.execute(db.kysely);
    } finally {
      await db.close();
    }
    const archive = path.join(tmp, 'large.tar');
    const exported = await samizdat(['export', archive], source);
    expect(exported.code, exported.err).toBe(0);
    expect(fs.statSync(archive).size).toBeGreaterThan(HEAP_MB * 1024 * 1024);

    const target = await site('target');
    const imported = await samizdat(['import-archive', archive], target);
    expect(imported.code, imported.err).toBe(0);
    const check = openDatabase(target.DATABASE_URL ? { kind: 'postgres', url: target.DATABASE_URL } : { kind: 'sqlite', file: path.join(target.DATA_DIR, 'samizdat.db') });
    try {
      const last = await check.kysely.selectFrom('comments').select(['id', 'body_md']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(last).toEqual({ id: COMMENTS, body_md: `${TEXT}${COMMENTS}` });
      expect(Number((await check.kysely.selectFrom('comments').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(COMMENTS);
    } finally {
      await check.close();
    }
  });
});
