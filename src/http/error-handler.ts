import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { adminErrorPage } from '../admin/admin-layout.ts';
import { redirectIfMoved } from '../articles/article-page.ts';
import type { Services } from '../services.ts';
import { type ViewContext, words } from '../views/context.ts';
import { errorPage } from '../views/error-page.ts';
import { HttpError, NotFound, Redirect } from './errors.ts';
import { toSitePath } from './safe-location.ts';

/**
 * One place turns every failure into an answer a person understands: an HTML
 * page in the site's look, or JSON for clients that ask for it. Causes go to the
 * log, never to the reader.
 */
export function errorHandler(s: Services) {
  return async (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof Redirect) {
      // A moved page may be cached; a redirect that depends on who is asking may not.
      const cache = err.status === 301 ? 'public, max-age=300' : 'no-store';
      return reply.code(err.status).header('location', err.location).header('cache-control', cache).send();
    }
    let known = toHttpError(err);
    // A page that finds nothing (a renamed tag, a moved article) may have an old address on record.
    if (known.status === 404 && (req.method === 'GET' || req.method === 'HEAD')) {
      try {
        await redirectIfMoved(s, splitUrl(req.url)[0]);
      } catch (moved) {
        if (moved instanceof Redirect) return reply.code(moved.status).header('location', moved.location).header('cache-control', 'public, max-age=300').send();
        if (moved instanceof HttpError) known = moved;
      }
    }
    if (known.status >= 500) req.log.error({ err }, 'request failed');
    else if (known.cause) req.log.info({ err: known.cause }, known.publicMessage);
    return respond(s, req, reply, known);
  };
}

export function notFoundHandler(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      if (req.method === 'GET' || req.method === 'HEAD') {
        const [path, query] = splitUrl(req.url);
        // Our addresses never end in a slash; a link that adds one still arrives.
        if (path.length > 1 && path.endsWith('/')) throw new Redirect(toSitePath(withoutTrailingSlashes(path)) + query, 301);
        await redirectIfMoved(s, path);
      }
    } catch (err) {
      if (err instanceof Redirect) return reply.code(err.status).header('location', err.location).send();
      if (err instanceof HttpError) return respond(s, req, reply, err);
    }
    return respond(s, req, reply, new NotFound());
  };
}

function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

function toHttpError(err: FastifyError | Error): HttpError {
  if (err instanceof HttpError) return err;
  const status = (err as FastifyError).statusCode;
  // Fastify's own client errors (bad JSON, body too large, bad URL encoding).
  if (status && status >= 400 && status < 500) {
    return new HttpError(status, (t) => (status === 413 ? t.tooLarge : t.notUnderstood), { cause: err });
  }
  return new HttpError(500, (t) => t.serverError, { cause: err });
}

/** The newsroom is in English by design, whatever the language of the reader's site. */
function inNewsroom(req: FastifyRequest): boolean {
  return /^\/admin(?:[/?]|$)/.test(req.url);
}

async function respond(s: Services, req: FastifyRequest, reply: FastifyReply, e: HttpError) {
  reply.code(e.status).header('cache-control', 'no-store');
  const accept = req.headers.accept ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    return reply.type('application/json; charset=utf-8').send({ error: { status: e.status, title: e.title, message: e.publicMessage } });
  }
  // The newsroom's errors are shown in the newsroom's own frame, in English.
  if (inNewsroom(req)) return reply.type('text/html; charset=utf-8').send(adminErrorPage(s, e.status, e.title, e.publicMessage));
  let ctx: ViewContext;
  try {
    ctx = await s.siteData.viewContext();
  } catch {
    ctx = s.siteData.fallbackContext();
  }
  const { title, message } = e.in(words(ctx).errors);
  return reply.type('text/html; charset=utf-8').send(errorPage(ctx, e.status, title, message));
}
