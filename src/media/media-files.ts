import fs from 'node:fs';
import path from 'node:path';
import type { MediaVariant } from '../db/schema.ts';
import { mediaDir } from './local-store.ts';
import type { MediaStore } from './store.ts';

/**
 * An upload's files: made in a scratch folder on this machine, then put into
 * the store, and the scratch left by a crash swept.
 */

/** No upload takes this long; a scratch directory older than this was left by a crash. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Where uploads are made: beside the local store's files, and DATA_DIR/scratch for an S3 store. */
export function scratchRoots(dataDir: string): string[] {
  return [mediaDir(dataDir), path.join(dataDir, 'scratch')];
}

/**
 * Removes scratch directories that a crash (power loss, a killed process) left
 * behind in the middle of an upload. Run at start; several app servers may share
 * the media directory, so only directories old enough to be certainly abandoned
 * are touched. Returns how many were removed.
 */
export async function sweepAbandonedUploads(dataDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const dir of scratchRoots(dataDir)) {
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith('.incoming-') || n.startsWith('.put-'))) {
      const full = path.join(dir, name);
      const stat = await fs.promises.stat(full).catch(() => null);
      if (!stat || now - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
      await fs.promises.rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

/** Puts each scratch file `from[i]` into the store as `to[i]`; on failure, removes what it put. */
export async function putVariants(store: MediaStore, scratch: string, from: MediaVariant[], to: MediaVariant[]): Promise<void> {
  try {
    await Promise.all(to.map((v, i) => store.put(v.file, path.join(scratch, from[i].file))));
  } catch (err) {
    await store.remove(to.map((v) => v.file)).catch(() => {});
    throw err;
  }
}

/** The file names of a media row's variants (its JSON column), nothing when it cannot be read. */
export function variantFiles(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as MediaVariant[]).map((x) => x.file).filter((f) => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}
