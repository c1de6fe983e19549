import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CachedPage, makePage, type PageCache } from '../cache/page-cache.ts';

/** How a page was answered: from the cache or freshly rendered (the X-Cache header). */
export type CacheOutcome = 'hit' | 'miss';

/** Public pages may be kept by browsers briefly and by a CDN a little longer. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

export interface PageOptions {
  contentType?: string;
  status?: number;
  /** Keep in the page cache (only for pages identical for every reader). */
  cache?: boolean;
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
  const key = cacheKey(req);
  if (opts.cache !== false && page.status === 200) cache.set(key, page);
  return deliver(req, reply, page, cache, key, 'miss');
}

export function cacheKey(req: FastifyRequest): string {
  return req.url;
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
  if (notModified(req, page)) return reply.code(304).send();
  const { body, encoding } = cache.encoded(key, page, req.headers['accept-encoding']);
  if (encoding) reply.header('content-encoding', encoding);
  return reply.code(page.status).send(body);
}

function notModified(req: FastifyRequest, page: CachedPage): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag);
  const ims = req.headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Date.parse(page.lastModified) <= since;
  }
  return false;
}
