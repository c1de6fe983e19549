import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type ByteRange, isPlainName, type MediaStore, type StoredFile } from './store.ts';

/** The media folder under DATA_DIR, for the local store. */
export function mediaDir(dataDir: string): string {
  return path.join(dataDir, 'media');
}

/**
 * Media as files in DATA_DIR/media on this machine (the default). Serves one
 * machine, or several that mount the same folder. Files appear by rename, so a
 * reader never meets half a file; scratch lives in dot-folders beside them
 * (same file system, so an upload's files are linked in, not copied).
 */
export class LocalStore implements MediaStore {
  readonly kind = 'local';
  readonly dir: string;
  readonly where: string;
  readonly scratchRoot: string;

  constructor(dataDir: string) {
    this.dir = mediaDir(dataDir);
    this.where = this.dir;
    this.scratchRoot = this.dir;
  }

  async put(name: string, from: string): Promise<void> {
    if (!isPlainName(name)) throw new Error(`not a media file name: ${JSON.stringify(name)}`);
    await fs.promises.mkdir(this.dir, { recursive: true });
    // A dot name is never served nor listed; the rename then replaces whatever was there in one step.
    const temporary = path.join(this.dir, `.put-${randomBytes(6).toString('hex')}-${name}`);
    try {
      await linkOrCopy(from, temporary);
      await fs.promises.rename(temporary, path.join(this.dir, name));
    } catch (err) {
      await fs.promises.rm(temporary, { force: true });
      throw err;
    }
  }

  async stat(name: string): Promise<StoredFile | null> {
    if (!isPlainName(name)) return null;
    const s = await fs.promises.stat(path.join(this.dir, name)).catch(() => null);
    if (!s?.isFile()) return null;
    // A file is written once and never changed in place, so its size and time identify its bytes.
    return { size: s.size, etag: `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`, lastModified: s.mtime };
  }

  async read(name: string, range?: ByteRange): Promise<Readable | null> {
    if (!isPlainName(name)) return null;
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(path.join(this.dir, name), 'r');
    } catch {
      return null;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async remove(names: string[]): Promise<void> {
    await Promise.all(names.filter(isPlainName).map((n) => fs.promises.rm(path.join(this.dir, n), { force: true })));
  }

  async *list(): AsyncIterable<{ name: string; size: number }> {
    const entries = await fs.promises.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith('.')) continue;
      const s = await fs.promises.stat(path.join(this.dir, e.name)).catch(() => null);
      if (s) yield { name: e.name, size: s.size };
    }
  }

  publicUrl(): string | null {
    return null;
  }
}

/** A hard link costs nothing on the same file system; elsewhere (or where links are not allowed) a copy. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.promises.link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code)) throw err;
    await fs.promises.copyFile(from, to);
  }
}
