import fs from 'node:fs';
import path from 'node:path';
import type { FastifyRequest, RouteHandlerMethod } from 'fastify';
import { NotFound } from '../http/errors.ts';
import type { Services } from '../services.ts';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
};

/** The media directory under DATA_DIR; every stored file is named once and never rewritten. */
export function mediaDir(dataDir: string): string {
  return path.join(dataDir, 'media');
}

export function serveMedia(s: Services): RouteHandlerMethod {
  const dir = mediaDir(s.config.dataDir);
  return async (req: FastifyRequest, reply) => {
    const file = (req.params as { file: string }).file;
    const type = TYPES[path.extname(file)];
    if (!type || !/^[a-z0-9][a-z0-9._-]*$/.test(file)) throw new NotFound();
    const full = path.join(dir, file);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(full);
    } catch {
      throw new NotFound();
    }
    return reply
      .header('content-type', type)
      .header('content-length', stat.size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('last-modified', stat.mtime.toUTCString())
      .send(fs.createReadStream(full));
  };
}
