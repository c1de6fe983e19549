import type { FastifyRequest } from 'fastify';
import { adminErrorPage } from '../admin/admin-layout.ts';
import type { ErrorPages } from '../http/error-handler.ts';
import type { HttpError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { type ViewContext, words } from '../views/context.ts';
import { errorPage } from '../views/error-page.ts';
import { findOldAddress } from './old-addresses.ts';

/** The newsroom is in English by design, whatever the language of the reader's site. */
function inNewsroom(req: FastifyRequest): boolean {
  return /^\/admin(?:[/?]|$)/.test(req.url);
}

/** Error pages in the frame of the part of the site they happen in, and the finder of old addresses. */
export function errorPages(s: Services): ErrorPages {
  return {
    async html(req, e: HttpError) {
      // The newsroom's errors are shown in the newsroom's own frame, in English.
      if (inNewsroom(req)) return adminErrorPage(s, e.status, e.title, e.publicMessage);
      let ctx: ViewContext;
      try {
        ctx = await s.siteData.viewContext();
      } catch {
        ctx = s.siteData.fallbackContext();
      }
      const { title, message } = e.in(words(ctx).errors);
      return errorPage(ctx, e.status, title, message);
    },
    oldAddress: (path, query) => findOldAddress(s.db, path, query),
  };
}
