import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where an export uploaded in the newsroom waits for its import:
 * DATA_DIR/imports, under a random name the import's row records. An upload
 * cut off half-way is removed by the request that received it; one left by a
 * crash, or by an import whose server died, is swept at start once it is old
 * enough that no upload can still be writing it.
 */

/** No upload of an export takes this long; an unclaimed file older than this was left behind. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;
const NAME = /^upload-[0-9a-f]{16}\.xml$/;

export class ImportUploads {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'imports');
  }

  /** A new, empty place for an upload: its name (for the import's row) and full path. */
  create(): { name: string; file: string } {
    fs.mkdirSync(this.dir, { recursive: true });
    const name = `upload-${randomBytes(8).toString('hex')}.xml`;
    return { name, file: path.join(this.dir, name) };
  }

  /** The full path of an upload named by a row; null for a name this folder never gave. */
  pathOf(name: string): string | null {
    return NAME.test(name) ? path.join(this.dir, name) : null;
  }

  remove(name: string): void {
    const file = this.pathOf(name);
    if (file) fs.rmSync(file, { force: true });
  }

  /** Removes uploads no queued or running import names, once old enough; returns how many. */
  async sweep(inUse: ReadonlySet<string>, now = Date.now()): Promise<number> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names.filter((n) => NAME.test(n) && !inUse.has(n))) {
      const full = path.join(this.dir, name);
      const stat = await fs.promises.stat(full).catch(() => null);
      if (!stat || now - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
      await fs.promises.rm(full, { force: true });
      removed++;
    }
    return removed;
  }
}
