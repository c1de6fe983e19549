import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { deliver } from './http/send-page.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { errorPages } from './routes/error-pages.ts';
import { mountRoutes } from './routes/index.ts';
import { cleanSubmitted } from './http/clean-text.ts';
import { accentStyle, contentSecurityPolicy } from './http/content-policy.ts';
import { loggableUrl } from './http/loggable-url.ts';
import { isOnSite } from './http/safe-location.ts';
import type { Services } from './services.ts';


/** Orders the middleware and mounts the routes. No logic lives here. */
export function buildApp(s: Services): FastifyInstance {
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
  });

  // Cached public pages are answered before routing: the fast path.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const key = s.pageCache.keyFor(req.url);
    const page = key === null ? undefined : s.pageCache.get(key);
    if (page) return deliver(req, reply, page, s.pageCache, key!, 'hit');
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, url: loggableUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  });
  const siteOrigin = new URL(s.config.siteUrl).origin;
  const https = siteOrigin.startsWith('https:');
  // The policy names the accent colour's style block by its hash; it changes only with the colour.
  let csp = { colour: '', value: '' };
  const policy = () => {
    const colour = s.settings.get().accent_colour;
    if (csp.colour !== colour) csp = { colour, value: contentSecurityPolicy([accentStyle(colour)]) };
    return csp.value;
  };
  app.addHook('onSend', async (req, reply, payload) => {
    // Every public answer says whether it came from the cache, errors included.
    if ((req.method === 'GET' || req.method === 'HEAD') && !reply.hasHeader('x-cache') && !/^\/(admin|account)(\/|$|\?)/.test(req.url)) reply.header('x-cache', 'miss');
    // The last word on every redirect: whatever built it, it may only lead to this site.
    const location = reply.getHeader('location');
    if (location !== undefined && !isOnSite(String(location), siteOrigin)) {
      req.log.warn({ location: String(location).slice(0, 200) }, 'refused a redirect off the site');
      reply.header('location', '/');
    }
    reply
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .header('content-security-policy', policy());
    // Browsers that once reached the site over https keep to it for two years.
    if (https) reply.header('strict-transport-security', 'max-age=63072000');
    return payload;
  });

  app.register(formbody, { bodyLimit: 512 * 1024 });
  // Characters no page or feed may carry are taken out of every form field as it arrives.
  app.addHook('preValidation', async (req) => {
    if (req.body && typeof req.body === 'object' && !req.isMultipart()) req.body = cleanSubmitted(req.body);
  });
  // Uploads: one file per request, at most 20 MB (the media library's own limit is checked again).
  app.register(multipart, { limits: { files: 1, fileSize: 20 * 1024 * 1024, fields: 20 } });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFoundHandler(pages));
  mountRoutes(app, s);
  return app;
}
