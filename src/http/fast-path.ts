import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedPage, PageCache } from '../cache/page-cache.ts';
import type { AccessLog } from './access-log.ts';
import { loggableUrl } from './loggable-url.ts';
import { notModified, PUBLIC_CACHE_CONTROL } from './send-page.ts';
import type { SiteHeaders } from './site-headers.ts';

/**
 * Cached pages are answered in Node's request listener, before the framework
 * parses or routes anything: a cache hit costs little more than a bare server's
 * work. Each entry's headers are made once per encoding and written in one
 * writeHead; a miss goes on to Fastify as usual.
 */
export function fastPath(cache: PageCache, site: SiteHeaders, log: AccessLog) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const key = cache.keyFor(url);
    if (key === null) return false;
    const page = cache.get(key);
    if (!page) return false;
    const started = log.enabled ? performance.now() : 0;
    let status: number;
    if (notModified(req.headers, page)) {
      status = 304;
      res.writeHead(304, prepared(page, 'not-modified', site));
      res.end();
    } else {
      const { body, encoding } = cache.encoded(key, page, req.headers['accept-encoding']);
      status = page.status;
      res.writeHead(status, prepared(page, encoding ?? 'identity', site, body.length));
      res.end(req.method === 'HEAD' ? undefined : body);
    }
    if (log.enabled) log.record(req.method, loggableUrl(url), status, performance.now() - started);
    return true;
  };
}

type Variant = 'identity' | 'gzip' | 'br' | 'not-modified';

/** The headers of one answer from this entry, kept on the entry itself: it goes when the page goes. */
function prepared(page: CachedPage & { headers?: Partial<Record<Variant, string[]>> }, variant: Variant, site: SiteHeaders, length?: number): string[] {
  page.headers ??= {};
  let list = page.headers[variant];
  if (!list) {
    list = [
      'x-cache', 'hit',
      'etag', page.etag,
      'last-modified', page.lastModified,
      'cache-control', PUBLIC_CACHE_CONTROL,
      'vary', 'Accept-Encoding',
      ...site.list(),
    ];
    if (variant !== 'not-modified') {
      list.push('content-type', page.contentType, 'content-length', String(length));
      if (variant !== 'identity') list.push('content-encoding', variant);
    }
    page.headers[variant] = list;
  }
  return list;
}
