import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Rendered public pages, identical for every reader, kept in memory until
 * published content changes (see ChangeBus) or they reach their maximum age.
 */
export interface CachedPage {
  body: Buffer;
  etag: string;
  lastModified: string;
  contentType: string;
  status: number;
  expires: number;
  gzip?: Buffer;
  br?: Buffer;
}

const MAX_AGE_MS = 5 * 60 * 1000;

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();

  readonly enabled: boolean;
  private readonly maxEntries: number;

  constructor(
    enabled: boolean,
    maxEntries: number,
  ) {
    this.enabled = enabled;
    this.maxEntries = maxEntries;
  }

  get(key: string): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  set(key: string, page: CachedPage): void {
    if (!this.enabled || this.maxEntries === 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, page);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export function makePage(body: string, contentType: string, status: number, lastModified: Date): CachedPage {
  const buf = Buffer.from(body);
  return {
    body: buf,
    etag: `"${createHash('sha1').update(buf).digest('base64url')}"`,
    lastModified: lastModified.toUTCString(),
    contentType,
    status,
    expires: Date.now() + MAX_AGE_MS,
  };
}

/** Compressed forms are made once per cached page, on first demand. */
export function encoded(page: CachedPage, acceptEncoding: string | undefined): { body: Buffer; encoding?: 'br' | 'gzip' } {
  if (page.body.length < 1024 || !acceptEncoding) return { body: page.body };
  if (/\bbr\b/.test(acceptEncoding)) {
    page.br ??= brotliCompressSync(page.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } });
    return { body: page.br, encoding: 'br' };
  }
  if (/\bgzip\b/.test(acceptEncoding)) {
    page.gzip ??= gzipSync(page.body, { level: 6 });
    return { body: page.gzip, encoding: 'gzip' };
  }
  return { body: page.body };
}
