import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { withoutIllegalChars } from './clean-text.ts';
import { sendPage } from './send-page.ts';

export interface Rendered {
  body: string;
  contentType?: string;
  status?: number;
}

/**
 * Wraps a public page: the handler gets the request and the view context and
 * returns the page; this stores it in the page cache and answers with ETag,
 * Last-Modified and compression.
 */
export function publicPage(
  s: Services,
  render: (req: FastifyRequest, ctx: ViewContext, reply: FastifyReply) => Promise<Rendered | string>,
  opts: { cache?: boolean } = {},
): RouteHandlerMethod {
  return async (req, reply) => {
    const ctx = await s.siteData.viewContext();
    const out = await render(req, ctx, reply);
    const r = typeof out === 'string' ? { body: out } : out;
    // Whatever the stored text holds, no page or feed carries a character XML forbids.
    return sendPage(req, reply, s.pageCache, s.changes.lastChange, withoutIllegalChars(r.body), {
      contentType: r.contentType,
      status: r.status,
      cache: opts.cache,
    });
  };
}
