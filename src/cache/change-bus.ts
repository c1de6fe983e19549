import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/connection.ts';

type Listener = () => void | Promise<void>;

const CHANNEL = 'samizdat_content_changed';

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

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.postgresUrl });
    client.on('notification', (n) => {
      if (n.payload !== this.origin) void this.fire();
    });
    client.on('error', (err) => {
      this.log.warn({ err }, 'change listener lost its connection; reconnecting');
      this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private reconnect(): void {
    this.client = null;
    if (this.closed) return;
    setTimeout(() => {
      // Changes may have been missed while disconnected: drop caches, then listen again.
      void this.fire();
      this.connect().catch(() => this.reconnect());
    }, 1000).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
