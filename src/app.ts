import http from 'node:http';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { errorPages } from './routes/error-pages.ts';
import { mountRoutes } from './routes/index.ts';
import { cleanSubmitted } from './http/clean-text.ts';
import { BadRequest } from './http/errors.ts';
import { checkIdParams } from './http/id-params.ts';
import { fastPath } from './http/fast-path.ts';
import { SiteHeaders } from './http/site-headers.ts';
import { loggableUrl } from './http/loggable-url.ts';
import { isOnSite } from './http/safe-location.ts';
import type { Services } from './services.ts';


/** Orders the middleware and mounts the routes. No logic lives here. */
export function buildApp(s: Services): FastifyInstance {
  const siteOrigin = new URL(s.config.siteUrl).origin;
  const cdnPrefix = s.config.s3?.publicUrl ? `${s.config.s3.publicUrl}/` : null;
  const cdn = cdnPrefix ? new URL(cdnPrefix).origin : null;
  const siteHeaders = new SiteHeaders(siteOrigin, () => s.settings.get().accent_colour, cdn && cdn !== siteOrigin ? [cdn] : []);
  const pages = errorPages(s);
  const handleError = errorHandler(pages);
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
    // Cached public pages are answered in Node's own request listener, before Fastify: the fast path.
    serverFactory: (handler) => {
      const cached = fastPath(s.pageCache, siteHeaders, s.accessLog);
      return http.createServer((req, res) => {
        if (!cached(req, res)) handler(req, res);
      });
    },
  });

  // A browser never sends a fragment. The router ends the path at "#" but the cache keys
  // do not, so "/#x1", "/#x2" … would each be the front page under a key of its own: a
  // stranger could fill the cache with copies and push real pages out.
  app.addHook('onRequest', async (req) => {
    if (req.url.includes('#')) throw new BadRequest((t) => t.notUnderstood);
  });
  app.addHook('onResponse', async (req, reply) => {
    s.accessLog.record(req.method, loggableUrl(req.url), reply.statusCode, reply.elapsedTime);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    // Every public answer says whether it came from the cache, errors included.
    if ((req.method === 'GET' || req.method === 'HEAD') && !reply.hasHeader('x-cache') && !/^\/(admin|account)(\/|$|\?)/.test(req.url)) reply.header('x-cache', 'miss');
    // The last word on every redirect: whatever built it, it may only lead to this site.
    const location = reply.getHeader('location');
    // The one exception: /media/<file> sent on to the CDN the operator named (S3_PUBLIC_URL).
    if (location !== undefined && !isOnSite(String(location), siteOrigin) && !(cdnPrefix && String(location).startsWith(cdnPrefix))) {
      req.log.warn({ location: String(location).slice(0, 200) }, 'refused a redirect off the site');
      reply.header('location', '/');
    }
    const common = siteHeaders.list();
    for (let i = 0; i < common.length; i += 2) reply.header(common[i], common[i + 1]);
    return payload;
  });

  app.register(formbody, { bodyLimit: 512 * 1024 });
  // Characters no page or feed may carry are taken out of every form field as it arrives.
  app.addHook('preValidation', async (req) => {
    checkIdParams(req.params);
    if (req.body && typeof req.body === 'object' && !req.isMultipart()) req.body = cleanSubmitted(req.body);
  });
  // Uploads: one file per request, at most 20 MB (the media library's own limit is checked again).
  app.register(multipart, { limits: { files: 1, fileSize: 20 * 1024 * 1024, fields: 20 } });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler(pages));
  mountRoutes(app, s);
  return app;
}
