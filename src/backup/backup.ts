import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/connection.ts';
import type { MediaVariant } from '../db/schema.ts';
import { LocalStore, mediaDir } from '../media/local-store.ts';
import { activeStore, closeStore } from '../media/stores.ts';

/**
 * An online backup of a SQLite site: the database and its media, consistent
 * with each other, taken while the site keeps serving and writing.
 *
 * 1. Every media file is linked (or copied) into the backup first. A link
 *    keeps a file's bytes even if the site deletes the file a moment later.
 * 2. The database is copied with `VACUUM INTO`, which reads one committed
 *    snapshot, however many writes land meanwhile.
 * 3. Any picture the snapshot names that was uploaded between steps 1 and 2
 *    is copied now (uploads write their files before their rows, so it exists).
 *
 * The backup is a directory holding `samizdat.db`, `media/` and `backup.json`
 * (when, from which version of the schema, what it holds). Restoring is copying
 * them back into an empty data directory (restore()).
 */

export interface BackupReport {
  dir: string;
  databaseBytes: number;
  mediaFiles: number;
  /** Pictures the snapshot names whose files were gone (deleted between the steps): listed, not fatal. */
  missing: string[];
  migrations: string[];
  /** Where the media files are when they were not copied (S3-compatible storage keeps its own versions), else null. */
  mediaElsewhere: string | null;
}

export async function backupSqlite(db: Db, config: Config, dest: string): Promise<BackupReport> {
  if (config.database.kind !== 'sqlite') throw new Error('samizdat backup copies a SQLite site; for PostgreSQL use pg_dump (see docs/backup.md).');
  if (fs.existsSync(dest) && fs.readdirSync(dest).length) throw new Error(`${dest} is not empty: give a new or empty directory for the backup.`);
  const store = await activeStore(db, config);
  closeStore(store);
  // Files in object storage are not copied: the bucket's versioning or replication is their backup (docs/backup.md).
  const mediaElsewhere = store instanceof LocalStore ? null : store.where;
  const mediaFrom = mediaElsewhere ? null : store instanceof LocalStore ? store.dir : mediaDir(config.dataDir);
  const mediaTo = path.join(dest, 'media');
  fs.mkdirSync(mediaTo, { recursive: true });
  let mediaFiles = 0;
  // Finished files only: uploads in progress live in dot-directories until they are complete.
  const finished = mediaFrom && fs.existsSync(mediaFrom) ? fs.readdirSync(mediaFrom, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.')) : [];
  for (const { name } of finished) {
    if (linkOrCopy(path.join(mediaFrom!, name), path.join(mediaTo, name))) mediaFiles++;
  }
  const file = path.join(dest, 'samizdat.db');
  await sql`VACUUM INTO ${file}`.execute(db.kysely);
  // What the snapshot holds, read from the copy itself.
  const { default: SQLite } = await import('better-sqlite3');
  const copy = new SQLite(file, { readonly: true });
  const missing: string[] = [];
  let migrations: string[] = [];
  try {
    for (const row of mediaFrom ? (copy.prepare('SELECT variants FROM media').all() as { variants: string }[]) : []) {
      for (const v of JSON.parse(row.variants) as MediaVariant[]) {
        const to = path.join(mediaTo, v.file);
        if (fs.existsSync(to)) continue;
        if (linkOrCopy(path.join(mediaFrom!, v.file), to)) mediaFiles++;
        else missing.push(v.file);
      }
    }
    migrations = (copy.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    copy.close();
  }
  const report = { dir: dest, databaseBytes: fs.statSync(file).size, mediaFiles, missing, migrations, mediaElsewhere };
  fs.writeFileSync(path.join(dest, 'backup.json'), JSON.stringify({ format: 'samizdat-backup/1', takenAt: new Date().toISOString(), ...report, dir: undefined }, null, 2));
  return report;
}

/** A hard link where the backup is on the same file system, a copy where it is not; false when the file is gone. */
function linkOrCopy(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EEXIST') throw err;
    if (code === 'EEXIST') return true;
    try {
      fs.copyFileSync(from, to);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }
}

/**
 * Puts a backup back into a data directory that holds no site yet (restoring
 * over a live site would mix two sites). The server must not be running on it.
 */
export function restoreSqlite(config: Config, from: string): { databaseBytes: number; mediaFiles: number } {
  if (config.database.kind !== 'sqlite') throw new Error('samizdat restore puts back a SQLite backup; for PostgreSQL use pg_restore (see docs/backup.md).');
  const manifest = path.join(from, 'backup.json');
  if (!fs.existsSync(manifest) || !fs.existsSync(path.join(from, 'samizdat.db'))) throw new Error(`${from} is not a Samizdat backup (no backup.json and samizdat.db).`);
  const target = config.database.file;
  for (const f of [target, `${target}-wal`, `${target}-shm`]) {
    if (fs.existsSync(f) && fs.statSync(f).size > 0) throw new Error(`${target} already exists: restore into an empty data directory (move the old one aside first).`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(from, 'samizdat.db'), target);
  const mediaTo = mediaDir(config.dataDir);
  fs.mkdirSync(mediaTo, { recursive: true });
  let mediaFiles = 0;
  for (const name of fs.readdirSync(path.join(from, 'media'))) {
    fs.copyFileSync(path.join(from, 'media', name), path.join(mediaTo, name));
    mediaFiles++;
  }
  return { databaseBytes: fs.statSync(target).size, mediaFiles };
}
