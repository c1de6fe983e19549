import { Readable } from 'node:stream';
import type { FastifyRequest, RouteHandlerMethod } from 'fastify';
import { NotFound } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { type ByteRange, contentType, isPlainName, type StoredFile } from './store.ts';

export { mediaDir } from './local-store.ts';

/** A stored file is written once and never rewritten: browsers and caches may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A redirect to the CDN is kept a day: long enough to spare this server, short enough to follow a change of address. */
const REDIRECT_CACHE = 'public, max-age=86400';

/**
 * /media/<file>, from whichever store holds the media: streamed with a strong
 * ETag, Last-Modified, conditional answers (304) and byte ranges (206, 416),
 * or — when S3_PUBLIC_URL names a CDN — a redirect there. Pages never name the
 * store's own address, so moving the files changes no article.
 */
export function serveMedia(s: Services): RouteHandlerMethod {
  return async (req: FastifyRequest, reply) => {
    const file = (req.params as { file: string }).file;
    const type = contentType(file);
    if (!type || !isPlainName(file)) throw new NotFound();
    const store = s.media.current();
    const elsewhere = store.publicUrl(file);
    if (elsewhere) return reply.code(302).header('location', elsewhere).header('cache-control', REDIRECT_CACHE).send();
    const stat = await store.stat(file);
    if (!stat) throw new NotFound();
    const headers = {
      'content-type': type,
      'cache-control': IMMUTABLE,
      'last-modified': stat.lastModified.toUTCString(),
      etag: stat.etag,
      'accept-ranges': 'bytes',
    };
    if (notModified(req, stat)) return reply.code(304).headers(headers).send();
    const range = wantedRange(req, stat);
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${stat.size}`).send();
    // Opened before any header is set: a file deleted since the look above is a plain 404.
    const body = req.method === 'HEAD' ? null : await store.read(file, range ?? undefined);
    if (req.method !== 'HEAD' && !body) throw new NotFound();
    if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`);
    // HEAD: an empty stream, because Fastify's HEAD answer would put a length of 0 on no body at all.
    return reply.headers(headers).header('content-length', range ? range.end - range.start + 1 : stat.size).send(body ?? Readable.from([]));
  };
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). */
function notModified(req: FastifyRequest, stat: StoredFile): boolean {
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string') return inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === stat.etag);
  const ims = req.headers['if-modified-since'];
  const since = typeof ims === 'string' ? Date.parse(ims) : NaN;
  return !Number.isNaN(since) && Math.floor(stat.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/**
 * One range of bytes, when asked for and still valid (If-Range); the whole
 * file for anything else we do not serve as a range (several ranges, other
 * units, a stale If-Range), as RFC 9110 allows.
 */
function wantedRange(req: FastifyRequest, stat: StoredFile): ByteRange | null | 'unsatisfiable' {
  const header = req.headers.range;
  if (typeof header !== 'string') return null;
  const ifRange = req.headers['if-range'];
  if (typeof ifRange === 'string' && ifRange.trim() !== stat.etag && Date.parse(ifRange) !== Math.floor(stat.lastModified.getTime() / 1000) * 1000) return null;
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const size = stat.size;
  if (m[1] === '') {
    // The last N bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
