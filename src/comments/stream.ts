import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { lastCommentId, visibleSince } from './store.ts';

/**
 * Live comments: server-sent events on an open article page. The stream only
 * says "comment 123 (a reply to 120) is new"; the page fetches the comment's
 * HTML from a small uncached address. New comments are found through the
 * change bus (a comment's `comments:<article>` change reaches every app server),
 * then read once per article however many readers watch it. Streams are
 * bounded per process, kept open by a heartbeat, and closed on shutdown; the
 * page works the same without them.
 */

const HEARTBEAT_MS = 25_000;
/** How long a browser waits before reconnecting after the stream ends. */
const RETRY_MS = 10_000;
/** The most comments one announcement carries: a page far behind reloads instead. */
const CATCH_UP = 100;

interface Client {
  reply: FastifyReply;
}

interface Watched {
  clients: Set<Client>;
  lastId: number;
  /** A read is under way or due: changes meanwhile fold into it. */
  busy: boolean;
  again: boolean;
}

export class CommentStream {
  private readonly db: Db;
  private readonly max: number;
  private readonly articles = new Map<number, Watched>();
  private count = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(deps: { db: Db; changes: ChangeBus; maxStreams?: number }) {
    this.db = deps.db;
    this.max = deps.maxStreams ?? 1000;
    // Not awaited by the change: the poster is never kept waiting for the readers.
    deps.changes.on((touched) => {
      for (const dep of touched) {
        const m = /^comments:(\d+)$/.exec(dep);
        if (m && this.articles.has(Number(m[1]))) setImmediate(() => void this.check(Number(m[1])));
      }
    });
  }

  get open(): number {
    return this.count;
  }

  /** GET /articles/:id/comments/stream — `after` is the newest comment id the page already shows. */
  async serve(req: FastifyRequest, reply: FastifyReply, articleId: number, after: number): Promise<void> {
    if (this.closed || this.count >= this.max) {
      await reply.code(503).header('retry-after', '60').header('cache-control', 'no-store').send('Too many live streams at the moment.');
      return;
    }
    let w = this.articles.get(articleId);
    if (!w) {
      w = { clients: new Set(), lastId: await lastCommentId(this.db.kysely, articleId), busy: false, again: false };
      if (!this.articles.has(articleId)) this.articles.set(articleId, w);
      w = this.articles.get(articleId)!;
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    const client: Client = { reply };
    w.clients.add(client);
    this.count++;
    this.startHeartbeat();
    req.raw.on('close', () => this.drop(articleId, client));
    // What the page missed between its drawing and now. The answer has begun: a failure here only ends the stream.
    try {
      const missed = await visibleSince(this.db.kysely, articleId, after, CATCH_UP + 1);
      if (missed.length > CATCH_UP) send(client, 'reload', {});
      else for (const c of missed) send(client, 'comment', c);
    } catch {
      res.end();
    }
  }

  /** A comment let through on this server (an approval is not a new id, so `check` would not find it). */
  announce(articleId: number, id: number, parentId: number | null): void {
    for (const c of this.articles.get(articleId)?.clients ?? []) send(c, 'comment', { id, parentId });
  }

  private async check(articleId: number): Promise<void> {
    const w = this.articles.get(articleId);
    if (!w || this.closed) return;
    if (w.busy) {
      w.again = true;
      return;
    }
    w.busy = true;
    try {
      do {
        w.again = false;
        const fresh = await visibleSince(this.db.kysely, articleId, w.lastId, CATCH_UP);
        for (const c of fresh) {
          w.lastId = Math.max(w.lastId, c.id);
          for (const client of w.clients) send(client, 'comment', c);
        }
      } while (w.again);
    } catch {
      // The database went away (shutdown): readers still have the page, and reconnect later.
    } finally {
      w.busy = false;
    }
  }

  private drop(articleId: number, client: Client): void {
    const w = this.articles.get(articleId);
    if (!w?.clients.delete(client)) return;
    this.count--;
    if (!w.clients.size) this.articles.delete(articleId);
    if (!this.count && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    // A comment line every so often: proxies close connections that stay silent.
    this.heartbeat = setInterval(() => {
      for (const w of this.articles.values()) for (const c of w.clients) c.reply.raw.write(': ping\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Ends every stream (the server is shutting down); browsers come back to another server after `retry`. */
  close(): void {
    this.closed = true;
    for (const [id, w] of this.articles) for (const c of [...w.clients]) {
      c.reply.raw.end();
      this.drop(id, c);
    }
  }
}

function send(client: Client, event: string, data: { id?: number; parentId?: number | null }): void {
  // The comment's id as the event's: a reconnecting browser says where it was (Last-Event-ID).
  client.reply.raw.write(`${data.id ? `id: ${data.id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
