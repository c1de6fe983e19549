import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Rendered public pages, identical for every reader, kept in memory until
 * something they show changes (see ChangeBus) or they reach their maximum age.
 *
 * Each page names what it shows — its dependencies, such as `article:12` or
 * `settings` — and a change names what it touched, so a change forgets exactly
 * the pages that showed it. Memory is bounded in bytes (bodies and their
 * compressed forms) as well as in entries; the least recently used go first
 * (nearly: a hit moves an entry only once it has aged a quarter of the way).
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

interface Entry {
  page: CachedPage;
  deps: readonly string[];
  bytes: number;
  /** How many entries had been stored when this one was last moved to the recent end. */
  stamp: number;
}

const MAX_AGE_MS = 5 * 60 * 1000;
/** Every page depends on this: the site's settings, menu and look. */
export const EVERYTHING = '*';

export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
}

export class PageCache {
  readonly enabled: boolean;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  /** Which keys show each dependency, so a change finds its pages without a scan. */
  private readonly byDep = new Map<string, Set<string>>();
  /**
   * The query parameters each cached path's page reads, learnt when it was
   * stored: a request's key keeps only those, so `?utm_source=…` or `?x=random`
   * finds the same entry instead of making new ones.
   */
  private readonly paramsByPath = new Map<string, readonly string[]>();
  /**
   * Counts forgets. A render that began before a forget of something it shows
   * may have read the old data, so it is not stored (it could otherwise be
   * served as a hit until it expires): each dependency remembers the count at
   * its last forget, and `floor` the count at the last forget of everything.
   */
  private forgets = 0;
  private floor = 0;
  private readonly forgottenAt = new Map<string, number>();
  private bytes = 0;
  private stored = 0;
  private hits = 0;
  private misses = 0;

  constructor(enabled: boolean, maxEntries: number, maxBytes: number) {
    this.enabled = enabled;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** The key for a request address, or null when no page at its path is cached (so it must be routed). */
  keyFor(url: string): string | null {
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const params = this.paramsByPath.get(path);
    if (!params) return null;
    return pageKey(path, q < 0 ? '' : url.slice(q + 1), params);
  }

  get(key: string): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e || e.page.expires < Date.now()) {
      if (e) this.remove(key);
      return undefined;
    }
    this.hits++;
    // Move to the recent end only once it has drifted towards the old end: a hot page is not moved on every hit.
    if (this.stored - e.stamp > this.entries.size / 4) {
      this.entries.delete(key);
      this.entries.set(key, e);
      e.stamp = this.stored;
    }
    return e.page;
  }

  /** Taken before a render begins, and handed back to set(). */
  get generation(): number {
    return this.forgets;
  }

  /**
   * Stores a rendered page. `since` is the generation its render began at:
   * if anything it shows was forgotten since, the page may be stale and is
   * not kept.
   */
  set(key: string, page: CachedPage, deps: Iterable<string> = [], params: readonly string[] = [], since = this.forgets): void {
    // A page being stored was just rendered: that is what a miss costs.
    this.misses++;
    if (!this.enabled || this.maxEntries === 0) return;
    deps = [...deps];
    if (this.changedSince(since, deps as string[])) return;
    const path = key.split('?')[0];
    if (this.paramsByPath.size > 4 * this.maxEntries) this.paramsByPath.clear();
    this.paramsByPath.set(path, params);
    this.remove(key);
    const entry: Entry = { page, deps: [...deps], bytes: page.body.length, stamp: ++this.stored };
    if (entry.bytes > this.maxBytes / 4) return; // one page may not push out a quarter of the cache
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const d of entry.deps) {
      let keys = this.byDep.get(d);
      if (!keys) this.byDep.set(d, (keys = new Set()));
      keys.add(key);
    }
    this.evict();
  }

  /** The body in the encoding the reader accepts, compressed once per page on first demand. */
  encoded(key: string, page: CachedPage, acceptEncoding: string | undefined): { body: Buffer; encoding?: 'br' | 'gzip' } {
    const before = (page.br?.length ?? 0) + (page.gzip?.length ?? 0);
    const out = encoded(page, acceptEncoding);
    const added = (page.br?.length ?? 0) + (page.gzip?.length ?? 0) - before;
    const e = added ? this.entries.get(key) : undefined;
    if (e && e.page === page) {
      e.bytes += added;
      this.bytes += added;
      this.evict();
    }
    return out;
  }

  /** Forget every page that shows any of these; EVERYTHING forgets all. */
  forget(deps: Iterable<string>): number {
    let n = 0;
    const at = ++this.forgets;
    for (const d of deps) {
      if (d === EVERYTHING) {
        n += this.entries.size;
        this.clear();
        return n;
      }
      this.forgottenAt.set(d, at);
      for (const key of this.byDep.get(d) ?? []) {
        if (this.remove(key)) n++;
      }
    }
    return n;
  }

  clear(): void {
    this.floor = ++this.forgets;
    this.forgottenAt.clear();
    this.entries.clear();
    this.byDep.clear();
    this.bytes = 0;
  }

  private changedSince(since: number, deps: string[]): boolean {
    if (since < this.floor) return true;
    if (since === this.forgets) return false;
    for (const d of deps) if ((this.forgottenAt.get(d) ?? 0) > since) return true;
    // The record of forgets is bounded: past this size it is dropped and only the floor remains.
    if (this.forgottenAt.size > 100_000) {
      this.forgottenAt.clear();
      this.floor = this.forgets;
    }
    return false;
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): CacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses };
  }

  private remove(key: string): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.bytes -= e.bytes;
    for (const d of e.deps) {
      const keys = this.byDep.get(d);
      keys?.delete(key);
      if (keys?.size === 0) this.byDep.delete(d);
    }
    return true;
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }
}

/** path?a=1&b=2 with only the parameters the page reads, in the order it names them. */
export function pageKey(path: string, query: string, params: readonly string[]): string {
  if (!params.length || !query) return path;
  const sp = new URLSearchParams(query);
  const kept = params.filter((p) => sp.has(p)).map((p) => `${p}=${encodeURIComponent(sp.get(p)!)}`);
  return kept.length ? `${path}?${kept.join('&')}` : path;
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
