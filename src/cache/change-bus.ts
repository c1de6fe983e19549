import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/connection.ts';

type Listener = () => void | Promise<void>;

const CHANNEL = 'samizdat_content_changed';
/** The listening connection's application_name, so an operator (or a test) can find it in pg_stat_activity. */
export const LISTENER_NAME = 'samizdat-change-listener';

/**
 * "Published content changed": caches listen and drop what they hold. Worker
 * processes of one server hear it through the cluster primary; with PostgreSQL
 * it also travels to every other app server through LISTEN/NOTIFY, so a change
 * made through one is served by all of them within moments.
 */
export class ChangeBus {
  private listeners: Listener[] = [];
  private client: pg.Client | null = null;
  private readonly origin = randomUUID();
  private closed = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** When published content last changed, for Last-Modified. */
  lastChange = new Date();

  private readonly db: Db;
  private readonly log: { warn: (o: object, msg: string) => void };

  constructor(
    db: Db,
    log: { warn: (o: object, msg: string) => void },
  ) {
    this.db = db;
    this.log = log;
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Call after a write that changes what readers see has committed. */
  async contentChanged(): Promise<void> {
    await this.fire();
    // Sibling worker processes on this machine hear it through the cluster primary.
    if (cluster.isWorker) process.send?.({ samizdat: CHANNEL });
    if (this.db.dialect === 'postgres') {
      await sql`SELECT pg_notify(${CHANNEL}, ${this.origin})`.execute(this.db.kysely);
    }
  }

  private async fire(): Promise<void> {
    this.lastChange = new Date(Math.floor(Date.now() / 1000) * 1000);
    for (const l of this.listeners) {
      try {
        await l();
      } catch (err) {
        // A listener that fails (say, while the server shuts down) must not stop the others.
        this.log.warn({ err }, 'refreshing after a content change failed');
      }
    }
  }

  /** Start listening for other servers' changes (PostgreSQL only). */
  async start(): Promise<void> {
    if (cluster.isWorker) {
      process.on('message', (m: { samizdat?: string }) => {
        if (m?.samizdat === CHANNEL) void this.fire();
      });
    }
    if (this.db.dialect !== 'postgres' || !this.db.postgresUrl) return;
    await this.connect();
  }

  /**
   * Exactly one listening connection per app server, whatever happens to it. A
   * dropped connection reports itself more than once (an error, then its end),
   * so only the connection currently in use may start a reconnection, and only
   * one reconnection is ever pending; it backs off from half a second to thirty.
   */
  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.postgresUrl, application_name: LISTENER_NAME, connectionTimeoutMillis: 10_000 });
    client.on('notification', (n) => {
      if (client === this.client && n.payload !== this.origin) void this.fire();
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
    this.client = client;
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
      this.connect()
        // Changes may have been missed while disconnected: drop caches once listening again.
        .then(() => this.fire())
        .catch((err: unknown) => {
          this.log.warn({ err }, 'change listener could not reconnect; trying again');
          this.scheduleReconnect();
        });
    }, delay);
    this.reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
