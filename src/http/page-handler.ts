import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { PageCache } from '../cache/page-cache.ts';
import { withoutIllegalChars } from './clean-text.ts';
import { sendPage } from './send-page.ts';

export interface Rendered {
  body: string;
  contentType?: string;
  status?: number;
}

/** What a public page's renderer gets: the request, the site's frame, and where to name what it shows. */
export interface PageArgs<C> {
  req: FastifyRequest;
  reply: FastifyReply;
  ctx: C;
  /** Add every thing the page shows (an article, a listing, the sidebar): a change to any of it forgets the page. */
  shows: Set<string>;
}

export interface PageDeps<C> {
  /** The frame every page is drawn in (the site's name, sections, settings). */
  context(): Promise<C>;
  cache: PageCache;
  /** When published content last changed, for Last-Modified. */
  lastChange(): Date;
}

export interface PageOptions {
  /** Keep in the page cache (pages identical for every reader; search is not). */
  cache?: boolean;
  /** The query parameters the page reads; any other is ignored and makes no new cache entry. */
  query?: readonly string[];
}

/**
 * Wraps a public page: the renderer returns the page and names what it shows;
 * this stores it in the page cache and answers with ETag, Last-Modified and
 * compression.
 */
export function publicPage<C>(deps: PageDeps<C>, render: (p: PageArgs<C>) => Promise<Rendered | string>, opts: PageOptions = {}): RouteHandlerMethod {
  return async (req, reply) => {
    // Taken before anything is read: a change that lands during the render keeps this page out of the cache.
    const since = deps.cache.generation;
    const ctx = await deps.context();
    const shows = new Set<string>();
    const out = await render({ req, reply, ctx, shows });
    const r = typeof out === 'string' ? { body: out } : out;
    // Whatever the stored text holds, no page or feed carries a character XML forbids.
    return sendPage(req, reply, deps.cache, deps.lastChange(), withoutIllegalChars(r.body), {
      contentType: r.contentType,
      status: r.status,
      cache: opts.cache,
      shows,
      query: opts.query,
      since,
    });
  };
}
