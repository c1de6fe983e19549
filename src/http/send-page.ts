import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CachedPage, makePage, type PageCache, pageKey } from '../cache/page-cache.ts';

/** How a page was answered: from the cache or freshly rendered (the X-Cache header). */
export type CacheOutcome = 'hit' | 'miss';

/** Public pages may be kept by browsers briefly and by a CDN a little longer. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

export interface PageOptions {
  contentType?: string;
  status?: number;
  /** Keep in the page cache (only for pages identical for every reader). */
  cache?: boolean;
  /** What the page shows, so that a change to any of it forgets the page (see cache/page-cache.ts). */
  shows?: Iterable<string>;
  /** The query parameters the page reads: the only ones that make a different page. */
  query?: readonly string[];
  /** The page cache's generation when the render began (see PageCache.set). */
  since?: number;
}

export function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  cache: PageCache,
  lastModified: Date,
  body: string,
  opts: PageOptions = {},
): FastifyReply {
  const page = makePage(body, opts.contentType ?? 'text/html; charset=utf-8', opts.status ?? 200, lastModified);
  const key = cacheKey(req, opts.query ?? []);
  // The same for every reader, by construction: an answer that sets a cookie is never kept.
  if (opts.cache !== false && page.status === 200 && !reply.hasHeader('set-cookie')) cache.set(key, page, opts.shows, opts.query, opts.since);
  return deliver(req, reply, page, cache, key, 'miss');
}

function cacheKey(req: FastifyRequest, params: readonly string[]): string {
  const q = req.url.indexOf('?');
  return q < 0 ? req.url : pageKey(req.url.slice(0, q), req.url.slice(q + 1), params);
}

/** Answer from a page: 304 when the reader already has it, compressed when asked. */
export function deliver(req: FastifyRequest, reply: FastifyReply, page: CachedPage, cache: PageCache, key: string, outcome: CacheOutcome): FastifyReply {
  reply
    .header('x-cache', outcome)
    .header('content-type', page.contentType)
    .header('etag', page.etag)
    .header('last-modified', page.lastModified)
    .header('cache-control', PUBLIC_CACHE_CONTROL)
    .header('vary', 'Accept-Encoding');
  if (notModified(req.headers, page)) return reply.code(304).send();
  const { body, encoding } = cache.encoded(key, page, req.headers['accept-encoding']);
  if (encoding) reply.header('content-encoding', encoding);
  return reply.code(page.status).send(body);
}

/** Whether the reader's copy (by ETag, else by date) is still this page. */
export function notModified(headers: IncomingHttpHeaders, page: CachedPage): boolean {
  const inm = headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag);
  const ims = headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    // Changes move Last-Modified on by at least a second each, so a burst can date a page a little
    // ahead of the clock; a date not yet reached confirms nothing.
    return !Number.isNaN(since) && Date.parse(page.lastModified) <= since && since <= Date.now();
  }
  return false;
}
