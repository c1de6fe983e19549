import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, NotFound, Redirect } from './errors.ts';
import { toSitePath } from './safe-location.ts';

/**
 * One place turns every failure into an answer a person understands: an HTML
 * page, or JSON for clients that ask for it. Causes go to the log, never to the
 * reader. What the page looks like, and where old addresses lead, are handed in
 * by the route layer: this block knows no domain.
 */
export interface ErrorPages {
  /** The page for an error, in the frame and language of the part of the site it happened in. */
  html(req: FastifyRequest, err: HttpError): Promise<string>;
  /**
   * Where an address that found nothing lives now: a Redirect (one 301 hop),
   * an HttpError (410 for a retired address), or null.
   */
  oldAddress(path: string, query: string): Promise<Redirect | HttpError | null>;
}

export function errorHandler(pages: ErrorPages) {
  return async (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof Redirect) return sendRedirect(reply, err);
    let known = toHttpError(err);
    // A page that finds nothing (a renamed tag, a moved article) may have an old address on record.
    if (known.status === 404 && (req.method === 'GET' || req.method === 'HEAD')) {
      const [path, query] = splitUrl(req.url);
      const moved = await pages.oldAddress(path, query).catch(() => null);
      if (moved instanceof Redirect) return sendRedirect(reply, moved);
      if (moved) known = moved;
    }
    if (known.status >= 500) req.log.error({ err }, 'request failed');
    else if (known.cause) req.log.info({ err: known.cause }, known.publicMessage);
    return respond(pages, req, reply, known);
  };
}

export function notFoundHandler(pages: ErrorPages) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const [path, query] = splitUrl(req.url);
      const moved = await pages.oldAddress(path, query).catch(() => null);
      if (moved instanceof Redirect) return sendRedirect(reply, moved);
      // Our addresses never end in a slash; a link that adds one still arrives, in one hop.
      if (!moved && path.length > 1 && path.endsWith('/')) return sendRedirect(reply, new Redirect(toSitePath(withoutTrailingSlashes(path)) + query, 301));
      if (moved) return respond(pages, req, reply, moved);
    }
    return respond(pages, req, reply, new NotFound());
  };
}

/** A moved page may be cached; a redirect that depends on who is asking may not. */
function sendRedirect(reply: FastifyReply, r: Redirect) {
  const cache = r.status === 301 ? 'public, max-age=300' : 'no-store';
  return reply.code(r.status).header('location', r.location).header('cache-control', cache).send();
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

async function respond(pages: ErrorPages, req: FastifyRequest, reply: FastifyReply, e: HttpError) {
  reply.code(e.status).header('cache-control', 'no-store');
  const accept = req.headers.accept ?? '';
  if (accept.includes('application/json') && !accept.includes('text/html')) {
    return reply.type('application/json; charset=utf-8').send({ error: { status: e.status, title: e.title, message: e.publicMessage } });
  }
  return reply.type('text/html; charset=utf-8').send(await pages.html(req, e));
}
