import { sql } from 'kysely';
import fs from 'node:fs';
import type { Db } from '../db/connection.ts';
import { advanceSequence, listSequences, listTables, type TableInfo } from '../db/introspect.ts';
import { migrateToLatest, migrateUpTo, migrationNames } from '../db/migrate.ts';
import { refreshStatisticsAfterBulkLoad } from '../db/statistics.ts';
import type { MediaStore } from '../media/store.ts';
import { archiveEntries, type ArchiveEntry } from './archive-reader.ts';
import { FORMAT, FORMAT_VERSION, type Manifest, MANIFEST_FILE, manifestSchema, mediaEntry, tableFile } from './format.ts';
import { placeMediaFile, scratchFor } from './media-io.ts';
import { derivedOrNever, REPLACED_ON_IMPORT } from './rules.ts';
import { loadTable } from './table-load.ts';
import { rebuildSearch, withoutTriggers } from './triggers.ts';

/**
 * `samizdat import-archive`: an archive into an empty site. The database is
 * brought to the archive's own migration level, the media files are put into
 * the store (checked against the manifest), then every table's rows go in,
 * ids kept, in one transaction with the site's triggers off; the id counters
 * are moved past the archive's, the search index is rebuilt, and the
 * remaining migrations run. Any mismatch with the manifest, any refused row,
 * rolls the whole import back and removes the files it put in.
 */

export interface ImportReport {
  manifest: Manifest;
  tables: { name: string; rows: number }[];
  mediaPlaced: number;
  mediaPresent: number;
  migrated: string[];
}

export class ArchiveRefused extends Error {}

export async function importArchive(db: Db, store: MediaStore, file: string): Promise<ImportReport> {
  if (!fs.existsSync(file)) throw new ArchiveRefused(`${file} does not exist`);
  const entries = archiveEntries(file);
  try {
    const first = await entries.next();
    if (first.done || first.value.name !== MANIFEST_FILE) throw new ArchiveRefused(`${file} is not a Samizdat archive: it does not start with ${MANIFEST_FILE}`);
    const manifest = readManifest(await first.value.text());
    await prepareSchema(db, manifest);
    const tables = await listTables(db.kysely, db.dialect);
    await refuseUnlessEmpty(db, manifest, tables);
    const placed: string[] = [];
    try {
      const media = await placeMedia(store, manifest, entries, placed);
      const loaded = await loadTables(db, manifest, tables, entries, media.next);
      const migrated = await migrateToLatest(db);
      await refreshStatisticsAfterBulkLoad(db);
      return { manifest, tables: loaded, mediaPlaced: placed.length, mediaPresent: media.present, migrated };
    } catch (e) {
      await store.remove(placed);
      throw e;
    }
  } finally {
    await entries.return(undefined);
  }
}

function readManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ArchiveRefused(`${MANIFEST_FILE} is not JSON`);
  }
  const format = (json as { format?: unknown; version?: unknown } | null) ?? {};
  if (format.format !== FORMAT) throw new ArchiveRefused(`${MANIFEST_FILE} does not describe a ${FORMAT}`);
  if (typeof format.version === 'number' && format.version > FORMAT_VERSION) {
    throw new ArchiveRefused(`the archive is format version ${format.version}; this Samizdat reads up to version ${FORMAT_VERSION}: import it with a newer Samizdat`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new ArchiveRefused(`${MANIFEST_FILE} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    return (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db.kysely)).rows.map((r) => r.name);
  } catch {
    return []; // a new database: no migration table yet
  }
}

/**
 * The archive's migrations must be the first of this code's (an archive from
 * a newer Samizdat is refused). A new database is migrated to exactly that
 * level; a database already at that level is used as it is; any other is
 * refused, since rows cannot be put back into an older schema.
 */
async function prepareSchema(db: Db, manifest: Manifest): Promise<void> {
  const known = migrationNames();
  const archived = manifest.migrations;
  const unknown = archived.filter((m) => !known.includes(m));
  if (unknown.length) throw new ArchiveRefused(`the archive was made by a newer Samizdat (its schema includes ${unknown.join(', ')}): upgrade this one first`);
  if (!archived.length || archived.some((m, i) => known[i] !== m)) throw new ArchiveRefused(`the archive’s migrations (${archived.join(', ')}) are not a beginning of this Samizdat’s`);
  const applied = await appliedMigrations(db);
  if (!applied.length) {
    await migrateUpTo(db, archived[archived.length - 1]);
    return;
  }
  if (applied.join() !== archived.join()) {
    throw new ArchiveRefused(`this database has ${applied.length} migrations applied and the archive ${archived.length}: import into a new, empty database (import-archive creates the tables itself, at the archive’s level)`);
  }
}

/** Every table the archive fills must be empty (the ones the migrations fill themselves aside). */
async function refuseUnlessEmpty(db: Db, manifest: Manifest, tables: TableInfo[]): Promise<void> {
  for (const entry of manifest.tables) {
    const t = tables.find((x) => x.name === entry.name);
    if (!t) throw new ArchiveRefused(`the archive has a table ${entry.name} that this site does not have`);
    if (derivedOrNever(t)) throw new ArchiveRefused(`the archive has rows for ${entry.name}, which is never read from an archive`);
    if (REPLACED_ON_IMPORT.has(entry.name)) continue;
    const row = await sql`SELECT 1 AS one FROM ${sql.table(entry.name)} LIMIT 1`.execute(db.kysely);
    if (row.rows.length) throw new ArchiveRefused(`this site is not empty (its ${entry.name} table has rows): import-archive only fills a new site; point DATABASE_URL or DATA_DIR at a new one`);
  }
}

async function placeMedia(store: MediaStore, manifest: Manifest, entries: AsyncGenerator<ArchiveEntry>, placed: string[]) {
  const expected = new Map(manifest.media.map((m) => [mediaEntry(m.file), m]));
  let present = 0;
  let next = await entries.next();
  if (!next.done && next.value.name.startsWith('media/')) {
    const scratch = scratchFor(store);
    try {
      for (; !next.done && next.value.name.startsWith('media/'); next = await entries.next()) {
        const m = expected.get(next.value.name);
        if (!m) throw new ArchiveRefused(`the archive holds ${next.value.name}, which ${MANIFEST_FILE} does not list`);
        expected.delete(next.value.name);
        if ((await placeMediaFile(store, scratch, m.file, next.value.body, m)) === 'placed') placed.push(m.file);
        else present++;
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (expected.size) throw new ArchiveRefused(`the archive is missing ${[...expected.keys()].slice(0, 3).join(', ')}${expected.size > 3 ? ` and ${expected.size - 3} more` : ''}`);
  return { present, next };
}

async function loadTables(db: Db, manifest: Manifest, tables: TableInfo[], entries: AsyncGenerator<ArchiveEntry>, first: IteratorResult<ArchiveEntry>) {
  const byFile = new Map(manifest.tables.map((t) => [t.file, t]));
  const inArchive = new Set(manifest.tables.map((t) => t.name));
  const loaded: { name: string; rows: number }[] = [];
  await db.kysely.transaction().execute(async (k) => {
    await withoutTriggers(k, db.dialect, tables, async () => {
      for (let next = first; !next.done; next = await entries.next()) {
        const entry = byFile.get(next.value.name);
        if (!entry || entry.file !== tableFile(entry.name)) throw new ArchiveRefused(`the archive holds ${next.value.name}, which ${MANIFEST_FILE} does not list`);
        byFile.delete(entry.file);
        const t = tables.find((x) => x.name === entry.name)!;
        const waiting = t.foreignKeys.map((f) => f.table).filter((r) => r !== t.name && inArchive.has(r) && !loaded.some((l) => l.name === r));
        if (waiting.length) throw new ArchiveRefused(`${entry.file} comes before ${waiting.join(', ')}, which it refers to: the archive is out of order`);
        loaded.push({ name: t.name, rows: await loadTable(k, t, entry, next.value.body, REPLACED_ON_IMPORT.has(t.name)) });
      }
    });
    if (byFile.size) throw new ArchiveRefused(`the archive ends before ${[...byFile.keys()][0]}: it is incomplete`);
    const counters = db.dialect === 'postgres' ? await listSequences(k, db.dialect, tables) : manifest.sequences;
    for (const s of counters) {
      if (!inArchive.has(s.table)) continue;
      const last = manifest.sequences.find((m) => m.table === s.table && m.column === s.column)?.last ?? null;
      await advanceSequence(k, db.dialect, { table: s.table, column: s.column, last });
    }
    await rebuildSearch(k, tables);
  });
  return loaded;
}
