import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The PostgreSQL URL, for the listener that needs its own connection. */
  postgresUrl?: string;
  close(): Promise<void>;
}

/** Where a problem that belongs to no request (an idle connection dropped) is reported. */
type BackgroundErrorHandler = (err: Error) => void;

const reportToStderr: BackgroundErrorHandler = (err) => console.error(`database connection error: ${err.message}`);

export function openDatabase(database: Config['database'], onBackgroundError: BackgroundErrorHandler = reportToStderr): Db {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    // An idle pooled connection can be closed by the server (a restart, a failover,
    // an administrator). The pool drops it and opens another when needed; without
    // this listener the error would end the process.
    pool.on('error', onBackgroundError);
    // A connection can also be ended while a query holds it (the job queue, the comment stream, any
    // request). The query's promise fails and its caller answers; without a listener on the client
    // itself, the socket's error would also end the process.
    pool.on('connect', (client) => {
      client.on('error', onBackgroundError);
      preparedStatements(client);
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', postgresUrl: database.url, close: () => kysely.destroy() };
  }
  if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  // WAL lets readers run beside the writer; FULL makes every acknowledged commit durable.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Read through memory mapping and a 64 MB page cache rather than a read() call per page.
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = memory');
  refreshPlannerStatistics(sqlite);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/**
 * PostgreSQL plans every query it is sent; for the article page's joins the plan
 * took ten times longer than running it. Kysely sends unnamed statements, so each
 * connection here names its reads and writes after their SQL text: PostgreSQL
 * then keeps the parsed statement and, once it has seen that a generic plan
 * does as well, reuses the plan. Our SQL is written in the code (values are
 * parameters), so the set of statements is small. After another server changes
 * a table's columns, a kept statement may refuse to run ("cached plan must not
 * change result type", 0A000); that statement is then sent unnamed on this
 * connection from then on. Statements inside a transaction are never named:
 * there the refusal would abort the transaction before the unnamed retry.
 */
function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const stale = new Set<string>();
  let inTransaction = false;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === 'string') {
      if (/^\s*(begin|start\s+transaction)\b/i.test(text)) inTransaction = true;
      else if (/^\s*(commit|end|abort)\b/i.test(text) || /^\s*rollback\s*;?\s*$/i.test(text)) inTransaction = false;
    }
    if (inTransaction || typeof text !== 'string' || !Array.isArray(values) || callback !== undefined || !/^\s*(select|insert|update|delete|with)\b/i.test(text)) {
      return query(text, values, callback);
    }
    const name = statementName(text);
    if (stale.has(name)) return query(text, values);
    return query({ name, text, values }).catch((err: { code?: string }) => {
      if (err?.code !== '0A000') throw err;
      stale.add(name);
      return query(text, values);
    });
  }) as typeof client.query;
}

/** Names are remembered: every query would otherwise hash its SQL again. */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Keep the query planner's table statistics fresh (SQLite's advice for
 * long-lived connections), but without the per-value histograms of STAT4:
 * better-sqlite3's SQLite is built with STAT4, and a statement whose plan could
 * depend on a bound value is prepared again on every run when those histograms
 * exist. That re-preparation made the article page's queries three times slower
 * (docs/benchmarks.md); the per-table statistics alone choose the same plans.
 */
function refreshPlannerStatistics(sqlite: SQLite.Database): void {
  sqlite.pragma('optimize = 0x10002');
  const hasHistograms = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'").get();
  if (hasHistograms && sqlite.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get()) {
    sqlite.exec('DELETE FROM sqlite_stat4');
    // Reload the statistics so this connection stops using the deleted histograms.
    sqlite.exec('ANALYZE sqlite_schema');
  }
}

/**
 * SQLite 3.54 marks a statement to be prepared again when a join or an ORDER BY
 * meets a `column = ?` term, and better-sqlite3 clears the bindings after every
 * run, which sets off that re-preparation each time: the article page's
 * queries ran at half speed (docs/benchmarks.md). Written `+?`, a parameter is
 * the same value (unary plus changes nothing, and a parameter has no affinity
 * to lose) but no longer a bare parameter the planner watches, so the kept plan
 * is used. Placeholders inside quotes and comments are left alone; one pass.
 */
export function sealParameters(sql: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i = sql.indexOf(close, i + 1);
      if (i < 0) break;
    } else if (c === '-' && sql[i + 1] === '-') {
      i = sql.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && sql[i + 1] === '*') {
      i = sql.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else if (c === '?') {
      out += `${sql.slice(from, i)}+?`;
      from = i + 1;
    }
  }
  return out + sql.slice(from);
}

/**
 * Kysely prepares every query afresh; preparing costs more than running most of
 * ours, so keep prepared statements by their SQL text (a bounded set: our SQL is
 * written in the code, values are parameters).
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (source: string) => {
        let st = cache.get(source);
        if (!st) {
          st = prepare(sealParameters(source));
          if (cache.size > 2000) cache.clear();
          cache.set(source, st);
        }
        return st;
      };
    },
  });
}
