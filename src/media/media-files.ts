import fs from 'node:fs';
import path from 'node:path';
import type { MediaVariant } from '../db/schema.ts';
import { mediaDir } from './serve-media.ts';

/**
 * The media library's files on disk: moved in whole or not at all, never over
 * another file, removed only by plain name, and scratch left by a crash swept.
 */

/** No upload takes this long; a scratch directory older than this was left by a crash. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Removes scratch directories that a crash (power loss, a killed process) left
 * behind in the middle of an upload. Run at start; several app servers may share
 * the media directory, so only directories old enough to be certainly abandoned
 * are touched. Returns how many were removed.
 */
export async function sweepAbandonedUploads(dataDir: string, now = Date.now()): Promise<number> {
  const dir = mediaDir(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0; // no media directory yet
  }
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith('.incoming-'))) {
    const full = path.join(dir, name);
    const stat = await fs.promises.stat(full).catch(() => null);
    if (!stat || now - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
    await fs.promises.rm(full, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Links every file in; false (with its own files removed) when a name is already taken. */
export async function placeFiles(scratch: string, dir: string, from: MediaVariant[], to: MediaVariant[]): Promise<boolean> {
  const placed: MediaVariant[] = [];
  try {
    for (const [i, v] of to.entries()) {
      await placeFile(path.join(scratch, from[i].file), path.join(dir, v.file));
      placed.push(v);
    }
    return true;
  } catch (e) {
    await removeFiles(dir, placed);
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * A hard link appears whole or not at all and never replaces an existing file.
 * Some network filesystems have no hard links; there an exclusive copy also
 * refuses to overwrite, and a half-copied file is removed.
 */
async function placeFile(from: string, to: string): Promise<void> {
  try {
    await fs.promises.link(from, to);
  } catch (e) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errorCode(e) ?? '')) throw e;
    try {
      await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    } catch (copyError) {
      if (errorCode(copyError) !== 'EEXIST') await fs.promises.rm(to, { force: true });
      throw copyError;
    }
  }
}

/** Only plain file names from our own rows are removed; a path in a row would never escape the directory. */
export async function removeFiles(dir: string, variants: MediaVariant[]): Promise<void> {
  const names = variants.map((v) => v.file).filter((f) => f && path.basename(f) === f && !f.startsWith('.'));
  await Promise.all(names.map((f) => fs.promises.rm(path.join(dir, f), { force: true })));
}

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

