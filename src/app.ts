import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { deliver } from './http/send-page.ts';
import { cacheKey } from './http/send-page.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { accountRoutes } from './http/account-routes.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { publicRoutes } from './http/public-routes.ts';
import type { Services } from './services.ts';

// Nothing loads from another host, except a video player after the reader clicks for it.
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Orders the middleware and mounts the routes. No logic lives here. */
export function buildApp(s: Services): FastifyInstance {
  const handleError = errorHandler(s);
  const app = Fastify({
    // An address the router cannot even decode gets the same 400 page as any other bad request.
    frameworkErrors: (err, req, reply) => void handleError(err, req, reply),
    loggerInstance: s.log,
    // One log line per request, written in onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: s.config.trustProxy.length ? s.config.trustProxy : false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
  });

  // Cached public pages are answered before routing: the fast path.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const page = s.pageCache.get(cacheKey(req));
    if (page) return deliver(req, reply, page);
  });
  app.addHook('onResponse', async (req, reply) => {
    // A token never belongs in an address; if a client put one there, keep it out of the logs.
    const url = req.url.replace(/([?&])_csrf=[^&]*/, '$1_csrf=…');
    req.log.info({ method: req.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .header('content-security-policy', CSP);
    return payload;
  });

  app.register(formbody, { bodyLimit: 512 * 1024 });
  // Uploads: one file per request, at most 20 MB (the media library's own limit is checked again).
  app.register(multipart, { limits: { files: 1, fileSize: 20 * 1024 * 1024, fields: 20 } });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler(s));
  publicRoutes(app, s);
  adminRoutes(app, s);
  accountRoutes(app, s);
  return app;
}
