import type { RouteHandlerMethod } from 'fastify';
import type { Assets } from './assets.ts';
import { NotFound } from './errors.ts';

/** Hashed assets never change under the same URL, so caches may keep them for a year. */
export function serveAsset(assets: Assets): RouteHandlerMethod {
  return async (req, reply) => {
    const asset = assets.find(req.url.split('?')[0]);
    if (!asset) throw new NotFound();
    reply
      .header('content-type', asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'Accept-Encoding');
    const ae = req.headers['accept-encoding'] ?? '';
    if (/\bbr\b/.test(ae)) return reply.header('content-encoding', 'br').send(asset.br);
    if (/\bgzip\b/.test(ae)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  };
}
