import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface Asset {
  url: string;
  contentType: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Stylesheets, scripts and icons from static/, served from memory under a URL
 * that carries a hash of their content, so they can be cached for a year.
 */
export class Assets {
  private readonly byName = new Map<string, Asset>();
  private readonly byUrl = new Map<string, Asset>();

  constructor(dir: string) {
    for (const sub of ['css', 'js', 'images']) {
      const d = path.join(dir, sub);
      if (!fs.existsSync(d)) continue;
      for (const file of fs.readdirSync(d)) {
        const ext = path.extname(file);
        if (!TYPES[ext]) continue;
        const body = fs.readFileSync(path.join(d, file));
        const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
        const url = `/assets/${path.basename(file, ext)}.${hash}${ext}`;
        const asset = { url, contentType: TYPES[ext], body, gzip: gzipSync(body), br: brotliCompressSync(body) };
        this.byName.set(file, asset);
        this.byUrl.set(url, asset);
      }
    }
  }

  /** The hashed URL of a file in static/ (css/site.css → site.css). */
  url(name: string): string {
    const a = this.byName.get(name);
    if (!a) throw new Error(`unknown asset ${name}`);
    return a.url;
  }

  size(name: string): number {
    return this.byName.get(name)?.body.length ?? 0;
  }

  find(url: string): Asset | undefined {
    return this.byUrl.get(url);
  }
}
