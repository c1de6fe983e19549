import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { EVERYTHING } from './page-cache.ts';

type Listener = (deps: ReadonlySet<string>) => void | Promise<void>;

const CHANNEL = 'samizdat_changes';
/** The listening connection's application_name, so an operator (or a test) can find it in pg_stat_activity. */
export const LISTENER_NAME = 'samizdat-change-listener';
/** Rows older than this are swept; a server that has been away longer forgets everything when it returns. */
const KEEP_MS = 10 * 60 * 1000;
/** How far below the last id seen reading resumes on PostgreSQL: far more rows than commit out of order in practice. */
const REREAD = 200;

export interface ChangeBusOptions {
  /** How often to look for other processes' changes: SQLite's data_version, or PostgreSQL's log when a NOTIFY was missed. */
  pollMs?: number;
}

/**
 * "What readers see has changed, and this is what": each change names the
 * things it touched (dependencies such as `article:12`, `latest`, or `*` for
 * everything), and caches forget exactly the pages that showed them.
 *
 * A change is applied here at once, and written to the `change_log` table, so
 * every other process using the database — the other app servers, the `WORKERS`
 * processes, the `samizdat` command run while the site is up — applies it too:
 * on SQLite, each process watches `PRAGMA data_version` (it moves when another
 * connection commits) and reads the new rows; on PostgreSQL, a NOTIFY wakes the
 * others at once, and a slow poll catches anything a dropped listener missed.
 */
export class ChangeBus {
  /** When published content last changed, for Last-Modified. */
  lastChange = new Date();
  private listeners: Listener[] = [];
  private readonly origin = randomUUID();
  private readonly db: Db;
  private readonly log: { warn: (o: object, msg: string) => void };
  private readonly pollMs: number;
  private lastSeen = 0;
  private dataVersion: number | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> | null = null;
  private again = false;
  private client: pg.Client | null = null;
  private closed = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private lastSweep = 0;
  /** Ids applied recently, so a row read twice (see readNew) is applied once. */
  private readonly seen = new Set<number>();

  constructor(db: Db, log: { warn: (o: object, msg: string) => void }, opts: ChangeBusOptions = {}) {
    this.db = db;
    this.log = log;
    this.pollMs = opts.pollMs ?? (db.dialect === 'sqlite' ? 250 : 5000);
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Call after a write that changes what readers see has committed, naming what it touched. */
  async changed(deps: Iterable<string>): Promise<void> {
    const set = new Set(deps);
    if (!set.size) return;
    await this.apply(set);
    const row = await this.db.kysely
      .insertInto('change_log')
      .values({ deps: [...set].join(' '), origin: this.origin, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.markSeen(Number(row.id)); // bigserial: PostgreSQL's driver gives it as text
    if (this.db.dialect === 'postgres') await sql`SELECT pg_notify(${CHANNEL}, ${String(row.id)})`.execute(this.db.kysely);
    await this.sweep();
  }

  /**
   * The same, written in the caller's transaction, so that the write and its
   * change message share one commit — on SQLite one sync to disk instead of two,
   * which matters for a writer that commits many times a second (comments). On
   * PostgreSQL the NOTIFY goes out with the commit. Call what it answers once the
   * transaction has committed: it applies the change here.
   */
  async record(trx: Kysely<Database>, deps: Iterable<string>): Promise<() => Promise<void>> {
    const set = new Set(deps);
    if (!set.size) return async () => {};
    const row = await trx
      .insertInto('change_log')
      .values({ deps: [...set].join(' '), origin: this.origin, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (this.db.dialect === 'postgres') await sql`SELECT pg_notify(${CHANNEL}, ${String(row.id)})`.execute(trx);
    return async () => {
      this.markSeen(Number(row.id));
      await this.apply(set);
      await this.sweep();
    };
  }

  /** Everything a server shows may have changed (settings, the menu, a redaction). */
  everything(): Promise<void> {
    return this.changed([EVERYTHING]);
  }

  private async apply(deps: ReadonlySet<string>): Promise<void> {
    // Last-Modified has whole seconds: a change rounds up, and always moves it on, so a
    // revalidation with If-Modified-Since never matches content older than the change.
    const next = Math.ceil(Date.now() / 1000) * 1000;
    this.lastChange = new Date(Math.max(next, this.lastChange.getTime() + 1000));
    for (const l of this.listeners) {
      try {
        await l(deps);
      } catch (err) {
        // A listener that fails (say, while the server shuts down) must not stop the others.
        this.log.warn({ err }, 'refreshing after a change failed');
      }
    }
  }

  /** Start following other processes' changes from now on. */
  async start(): Promise<void> {
    const last = await this.db.kysely.selectFrom('change_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    this.lastSeen = Number(last?.id ?? 0);
    // This server starts with empty caches: what is already in the log needs no applying.
    const recent = await this.db.kysely.selectFrom('change_log').select('id').where('id', '>', this.lastSeen - REREAD).execute();
    for (const r of recent) this.seen.add(Number(r.id));
    if (this.db.dialect === 'sqlite') this.dataVersion = await this.readDataVersion();
    if (this.db.dialect === 'postgres' && this.db.postgresUrl) await this.connect();
    this.pollTimer = setInterval(() => void this.poll(), this.pollMs);
    this.pollTimer.unref();
  }

  private async readDataVersion(): Promise<number> {
    const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(this.db.kysely);
    return Number(rows[0].data_version);
  }

  private async poll(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.db.dialect === 'sqlite') {
        // Cheap: it only moves when another connection has committed something.
        const v = await this.readDataVersion();
        if (v === this.dataVersion) return;
        this.dataVersion = v;
      }
      await this.catchUp();
    } catch (err) {
      // The version moved but its rows were not read: the next poll must try again, not see no change.
      this.dataVersion = -1;
      if (!this.closed) this.log.warn({ err }, 'could not read the change log');
    }
  }

  /** Applies other processes' changes recorded since the last one seen here; one at a time. */
  catchUp(): Promise<void> {
    // A call during a read may be for a row that read did not see: it asks for one more read, never none.
    if (this.catchingUp) {
      this.again = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.again = false;
          await this.readNew();
        } while (this.again && !this.closed);
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /**
   * On PostgreSQL two servers' rows can commit in the other order than their ids
   * (each insert draws its id first), so reading resumes a little below the last
   * id seen, and ids already applied are skipped. SQLite commits one writer at a
   * time, in id order.
   */
  private async readNew(): Promise<void> {
    const from = this.db.dialect === 'postgres' ? Math.max(0, this.lastSeen - REREAD) : this.lastSeen;
    const rows = await this.db.kysely
      .selectFrom('change_log')
      .select(['id', 'deps', 'origin'])
      .where('id', '>', from)
      .orderBy('id')
      .limit(2000)
      .execute();
    const fresh = rows.map((r) => ({ ...r, id: Number(r.id) })).filter((r) => !this.seen.has(r.id));
    if (!fresh.length) return;
    const deps = new Set<string>();
    // Rows were swept while this server was away (or there are too many to list): forget everything.
    if (this.lastSeen > 0 && fresh[0].id > this.lastSeen + 1 && (await this.gapWasSwept(fresh[0].id))) deps.add(EVERYTHING);
    if (rows.length === 2000) deps.add(EVERYTHING);
    for (const r of fresh) {
      this.markSeen(r.id);
      if (r.origin === this.origin) continue;
      for (const d of r.deps.split(' ')) if (d) deps.add(d);
    }
    if (deps.size) await this.apply(deps);
  }

  private markSeen(id: number): void {
    this.seen.add(id);
    this.lastSeen = Math.max(this.lastSeen, id);
    if (this.seen.size > 4 * REREAD) {
      for (const old of this.seen) if (old < this.lastSeen - 2 * REREAD) this.seen.delete(old);
    }
  }

  /** Ids are not always consecutive (a rolled-back insert on PostgreSQL uses one up); a gap means loss only if older rows are gone. */
  private async gapWasSwept(firstNew: number): Promise<boolean> {
    const oldest = await this.db.kysely.selectFrom('change_log').select((eb) => eb.fn.min('id').as('id')).executeTakeFirst();
    return Number(oldest?.id ?? firstNew) > this.lastSeen;
  }

  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.db.kysely.deleteFrom('change_log').where('created_at', '<', new Date(Date.now() - KEEP_MS).toISOString()).execute();
  }

  /**
   * Exactly one listening connection per app server, whatever happens to it. A
   * dropped connection reports itself more than once (an error, then its end),
   * so only the connection currently in use may start a reconnection, and only
   * one reconnection is ever pending; it backs off from half a second to thirty.
   */
  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.postgresUrl, application_name: LISTENER_NAME, connectionTimeoutMillis: 10_000 });
    client.on('notification', () => {
      if (client === this.client) void this.catchUp().catch((err: unknown) => this.log.warn({ err }, 'could not read the change log'));
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    // Never two listening connections: one left over from before is closed, and its reports ignored.
    const old = this.client;
    this.client = client;
    if (old && old !== client) void old.end().catch(() => undefined);
    this.failures = 0;
  }

  private lost(client: pg.Client, err?: Error): void {
    if (client !== this.client) return; // an old connection's later reports, or one never put to use
    this.client = null;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.log.warn({ err }, 'change listener lost its connection; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    const delay = Math.min(30_000, 500 * 2 ** this.failures) * (0.75 + Math.random() / 2);
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        // What was missed while disconnected is in the log: read it once listening again. A failed
        // read is the poll's to retry; it is no reason to open another connection.
        () => void this.catchUp().catch((err: unknown) => this.log.warn({ err }, 'could not read the change log')),
        (err: unknown) => {
          this.log.warn({ err }, 'change listener could not reconnect; trying again');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.catchingUp?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
