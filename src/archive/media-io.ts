import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MediaVariant } from '../db/schema.ts';
import type { MediaStore } from '../media/store.ts';

/**
 * The media files an archive carries: every file a `media` row names in its
 * variants, read from and put into the site's media store (a folder or S3,
 * src/media/store.ts). Incoming files are written to scratch on this machine
 * first and checked against the manifest before the store sees them.
 */

/** The files one media row names. */
export function filesOfMediaRow(row: Record<string, unknown>): string[] {
  try {
    const variants = JSON.parse(String(row.variants ?? '[]')) as MediaVariant[];
    return Array.isArray(variants) ? variants.map((v) => v.file).filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

async function digest(from: AsyncIterable<Buffer>, also?: (chunk: Buffer) => Promise<void>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of from) {
    hash.update(chunk);
    bytes += chunk.length;
    if (also) await also(chunk);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 and size of a stored file, or null when the store has no such file. */
export async function hashStored(store: MediaStore, name: string): Promise<{ sha256: string; bytes: number } | null> {
  const stream = await store.read(name);
  return stream ? digest(stream as AsyncIterable<Buffer>) : null;
}

/** Where incoming files wait (a dot-folder, swept at start if a crash leaves it). */
export function scratchFor(store: MediaStore): string {
  const scratch = path.join(store.scratchRoot, `.incoming-archive-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(scratch, { recursive: true });
  return scratch;
}

/**
 * Puts one file from the archive into the store, checking its bytes against
 * the manifest first. 'present' when the store already holds the same bytes
 * (a move on one machine keeps its media folder); other bytes under that name
 * are refused, never written over.
 */
export async function placeMediaFile(store: MediaStore, scratch: string, name: string, from: Readable, expect: { sha256: string; bytes: number }): Promise<'placed' | 'present'> {
  const temp = path.join(scratch, name);
  const handle = await fs.promises.open(temp, 'wx');
  let got: { sha256: string; bytes: number };
  try {
    got = await digest(from as AsyncIterable<Buffer>, async (chunk) => void (await handle.write(chunk)));
  } finally {
    await handle.close();
  }
  try {
    if (got.sha256 !== expect.sha256 || got.bytes !== expect.bytes) {
      throw new Error(`media/${name} does not match its SHA-256 in manifest.json: the archive is damaged or was changed`);
    }
    if (await store.stat(name)) {
      if ((await hashStored(store, name))?.sha256 === expect.sha256) return 'present';
      throw new Error(`the media store (${store.where}) already has a different ${name}: import into a site whose media store is empty`);
    }
    await store.put(name, temp);
    return 'placed';
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}
