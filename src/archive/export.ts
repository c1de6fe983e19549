import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import tar from 'tar-stream';
import type { Db } from '../db/connection.ts';
import { listSequences, listTables } from '../db/introspect.ts';
import { encodeRow, FORMAT, FORMAT_VERSION, type Manifest, MANIFEST_FILE, mediaEntry, type TableEntry, tableFile } from './format.ts';
import type { MediaStore } from '../media/store.ts';
import { filesOfMediaRow, hashStored } from './media-io.ts';
import { planArchive, type TablePlan } from './rules.ts';
import { pagesOf } from './table-rows.ts';

/**
 * `samizdat export`: the whole site in one archive (docs/archive-format.md).
 * Every table is read inside one snapshot (a read transaction; repeatable
 * read on PostgreSQL), so the archive is consistent while the site keeps
 * serving. Table files are written to a staging directory beside the archive
 * first — the manifest, which comes first in the archive, needs their sizes
 * and hashes — and the media files are read from the media directory. Nothing
 * is held in memory but a page of rows.
 */

export interface ExportOptions {
  withSecrets: boolean;
  store: MediaStore;
  siteUrl: string;
}

export interface ExportReport {
  file: string;
  bytes: number;
  tables: { name: string; rows: number }[];
  mediaFiles: number;
  /** Files a media row names that were not on disk: listed, not fatal. */
  missingMedia: string[];
  leftOut: { what: string; why: string }[];
}

export async function exportArchive(db: Db, file: string, opts: ExportOptions): Promise<ExportReport> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Error(`${file} already exists: give the archive a new file name`);
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.samizdat-export-'));
  try {
    const snap = await readSnapshot(db, staging, opts.withSecrets);
    const media: Manifest['media'] = [];
    const missingMedia: string[] = [];
    for (const name of snap.mediaFiles) {
      const h = await hashStored(opts.store, name);
      if (h) media.push({ file: name, ...h });
      else missingMedia.push(name);
    }
    const manifest: Manifest = {
      format: FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString(), generator: generator(),
      source: { engine: db.dialect, siteUrl: opts.siteUrl }, withSecrets: opts.withSecrets, migrations: snap.migrations,
      tables: snap.tables, sequences: snap.sequences, media, left_out: snap.leftOut,
    };
    await writeTar(target, manifest, staging, opts.store, /\.(t?gz)$/i.test(target));
    return {
      file: target, bytes: fs.statSync(target).size, tables: snap.tables.map((t) => ({ name: t.name, rows: t.rows })),
      mediaFiles: media.length, missingMedia, leftOut: snap.leftOut,
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

interface Snapshot {
  migrations: string[];
  tables: TableEntry[];
  sequences: Manifest['sequences'];
  mediaFiles: string[];
  leftOut: Manifest['left_out'];
}

async function readSnapshot(db: Db, staging: string, withSecrets: boolean): Promise<Snapshot> {
  let trx = db.kysely.transaction();
  if (db.dialect === 'postgres') trx = trx.setIsolationLevel('repeatable read').setAccessMode('read only');
  return trx.execute(async (k) => {
    const all = await listTables(k, db.dialect);
    const plan = planArchive(all, withSecrets);
    const migrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(k)).rows.map((r) => r.name);
    const included = new Set(plan.tables.map((p) => p.table.name));
    const sequences = (await listSequences(k, db.dialect, all)).filter((s) => included.has(s.table));
    const tables: TableEntry[] = [];
    const mediaFiles = new Set<string>();
    const leftOut = [...plan.leftOut];
    fs.mkdirSync(path.join(staging, 'tables'));
    for (const p of plan.tables) {
      const written = await writeTable(k, db.dialect, p, staging, p.table.name === 'media' ? mediaFiles : null);
      tables.push(written.entry);
      for (const c of p.nulled) leftOut.push({ what: `column ${p.table.name}.${c.column} (written as null; ${written.nulledValues.get(c.column)} rows had a value)`, why: c.why });
    }
    return { migrations, tables, sequences, mediaFiles: [...mediaFiles].sort(), leftOut };
  });
}

async function writeTable(k: Kysely<any>, dialect: Db['dialect'], p: TablePlan, staging: string, mediaFiles: Set<string> | null) {
  const t = p.table;
  const name = tableFile(t.name);
  const handle = await fs.promises.open(path.join(staging, name), 'wx');
  const hash = createHash('sha256');
  const nulledValues = new Map(p.nulled.map((c) => [c.column, 0]));
  let rows = 0;
  let bytes = 0;
  try {
    // Pages of about a megabyte of text, whatever the length of a table's rows.
    const perPage = () => (rows ? Math.max(10, Math.min(500, Math.floor((1 << 20) / Math.max(1, bytes / rows)))) : 50);
    for await (const page of pagesOf(k, dialect, t, perPage)) {
      let text = '';
      for (const row of page) {
        if (p.keepRow && !p.keepRow(row)) continue;
        for (const { column } of p.nulled) {
          if (row[column] !== null) nulledValues.set(column, nulledValues.get(column)! + 1);
          row[column] = null;
        }
        if (mediaFiles) for (const f of filesOfMediaRow(row)) mediaFiles.add(f);
        text += encodeRow(row, t.columns);
        rows++;
      }
      const buf = Buffer.from(text, 'utf8');
      hash.update(buf);
      bytes += buf.length;
      await handle.write(buf);
    }
  } finally {
    await handle.close();
  }
  const entry: TableEntry = { name: t.name, file: name, columns: t.columns, primaryKey: t.primaryKey, rows, bytes, sha256: hash.digest('hex') };
  return { entry, nulledValues };
}

/** manifest.json, then the media files, then the tables (in the order they can be inserted). */
async function writeTar(target: string, manifest: Manifest, staging: string, store: MediaStore, gzip: boolean): Promise<void> {
  const partial = `${target}.partial`;
  const pack = tar.pack();
  const out = fs.createWriteStream(partial, { flags: 'wx' });
  const written = gzip ? pipeline(pack, zlib.createGzip(), out) : pipeline(pack, out);
  const mtime = new Date(manifest.createdAt);
  const add = async (name: string, size: number, from: Readable | null) => {
    if (!from) throw new Error(`${name} went missing while the archive was written`);
    const entry = pack.entry({ name, size, mtime, mode: 0o644 });
    await pipeline(from, entry);
  };
  try {
    const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await new Promise<void>((resolve, reject) => pack.entry({ name: MANIFEST_FILE, size: json.length, mtime, mode: 0o644 }, json, (e) => (e ? reject(e) : resolve())));
    for (const m of manifest.media) await add(mediaEntry(m.file), m.bytes, await store.read(m.file));
    for (const t of manifest.tables) await add(t.file, t.bytes, fs.createReadStream(path.join(staging, t.file)));
    pack.finalize();
    await written;
    fs.renameSync(partial, target);
  } catch (e) {
    pack.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

function generator(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return `samizdat ${pkg.version ?? ''}`.trim();
  } catch {
    return 'samizdat';
  }
}
