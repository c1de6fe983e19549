import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection.ts';
import { listTables } from '../../src/db/introspect.ts';
import type { MediaStore } from '../../src/media/store.ts';

/**
 * A site's content as plain data, for comparing two sites table by table:
 * every table the database has, its rows sorted by primary key, values as
 * JSON (bytes as hex, 64-bit integers as numbers, so the engines agree).
 * Written apart from src/archive/, so the test does not grade the archive by
 * its own rules: the tables a move may leave out are named here again.
 */

/** Derived by triggers, or state of one installation: not expected to move. */
export const NOT_MOVED = /^(articles_fts.*|article_search|kysely_migration_lock|change_log|login_throttle|job_timers|system_state|media_transfers)$/;
/** Moved only with --with-secrets. */
export const SECRET_TABLES = ['sessions', 'auth_tokens', 'poll_voters', 'jobs'];

export type SiteTables = Map<string, Record<string, unknown>[]>;

export async function siteTables(db: Db): Promise<SiteTables> {
  const out: SiteTables = new Map();
  for (const t of await listTables(db.kysely, db.dialect)) {
    if (NOT_MOVED.test(t.name)) continue;
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t.name)}`.execute(db.kysely);
    const key = t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name);
    const plain = rows.map((r) => {
      const row: Record<string, unknown> = {};
      for (const c of t.columns) row[c.name] = plainValue(r[c.name], c.type);
      return row;
    });
    if (t.name === 'kysely_migration') for (const r of plain) delete r.timestamp;
    plain.sort((a, b) => compareKeys(key.map((c) => a[c]), key.map((c) => b[c])));
    out.set(t.name, plain);
  }
  return out;
}

function plainValue(v: unknown, type: string): unknown {
  if (v === undefined || v === null) return null;
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^(bigint|int8)$/.test(type)) return Number(v);
  return v;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
  }
  return 0;
}

/** What a move without secrets leaves of the source's tables: the secret parts taken away. */
export function withoutSecrets(tables: SiteTables): SiteTables {
  const out: SiteTables = new Map();
  for (const [name, rows] of tables) {
    let kept = rows;
    if (SECRET_TABLES.includes(name)) kept = [];
    if (name === 'users') kept = rows.map((r) => ({ ...r, password_hash: null }));
    if (name === 'polls') kept = rows.map((r) => ({ ...r, secret: null }));
    if (name === 'server_keys') kept = rows.filter((r) => String(r.name).endsWith('_version'));
    out.set(name, kept);
  }
  return out;
}

/** Every file in a media store, with the SHA-256 of its bytes. */
export async function storeContents(store: MediaStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const { name } of store.list()) {
    const hash = createHash('sha256');
    for await (const chunk of (await store.read(name))!) hash.update(chunk as Buffer);
    out.set(name, hash.digest('hex'));
  }
  return out;
}
