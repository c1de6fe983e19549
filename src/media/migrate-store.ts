import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { variantFiles } from './media-files.ts';
import type { MediaStore } from './store.ts';
import { MEDIA_STORE_DEP, recordStore } from './stores.ts';

/**
 * Moves a site's media from one store to another (`samizdat media migrate`):
 * every file is copied, read back from the new store and compared with the
 * original by size and SHA-256, and only when every file a picture names is
 * there and checked is the site switched (the record in `system_state`; every
 * running server follows through the change bus). Each checked file is noted
 * in `media_transfers`, so a run that is interrupted — killed, a network gone —
 * is simply run again and carries on. The old store is left as it was.
 */

export interface MigrationProgress {
  (p: { done: number; total: number; copied: number; bytes: number; file: string }): void;
}

export interface MigrationReport {
  total: number;
  /** Copied and checked by this run. */
  copied: number;
  /** Already there and checked by an earlier run. */
  alreadyThere: number;
  /** Files a picture names that the old store did not have (broken before the move; nothing to copy). */
  missing: string[];
  switched: boolean;
  /** Copied after the switch: uploaded to the old store by a server that had not yet switched. */
  late: number;
}

export interface MigrationDeps {
  db: Db;
  from: MediaStore;
  to: MediaStore;
  changes: ChangeBus;
  progress?: MigrationProgress;
  /** How long servers are given to hear of the switch before the last look at the old store. */
  settleMs?: number;
}

export async function migrateMedia(d: MigrationDeps): Promise<MigrationReport> {
  const first = await copyAll(d);
  const listed = new Set(first.sourceNames);
  const checked = await checkedIn(d.db, d.to.kind);
  const unchecked = [...(await namedFiles(d.db))].filter((f) => listed.has(f) && !checked.has(f));
  if (unchecked.length) throw new Error(`${unchecked.length} files were not confirmed in ${d.to.where} (first: ${unchecked[0]}); nothing was switched. Run the command again.`);
  await recordStore(d.db, d.to.kind, true);
  await d.changes.changed([MEDIA_STORE_DEP]);
  // An upload that began before a server heard of the switch went to the old store: wait, then fetch those too.
  await new Promise((r) => setTimeout(r, d.settleMs ?? 6_000));
  const last = await copyAll({ ...d, progress: undefined });
  const finallyChecked = await checkedIn(d.db, d.to.kind);
  const missing = [...(await namedFiles(d.db))].filter((f) => !finallyChecked.has(f)).sort();
  // The notes served this move only; a later move back and forth starts afresh.
  await d.db.kysely.deleteFrom('media_transfers').where('target', '=', d.to.kind).execute();
  return { total: first.total, copied: first.copied, alreadyThere: first.alreadyThere, missing, switched: true, late: last.copied };
}

async function copyAll(d: MigrationDeps) {
  const files: { name: string; size: number }[] = [];
  for await (const f of d.from.list()) files.push(f);
  files.sort((a, b) => a.name.localeCompare(b.name));
  const done = await checkedIn(d.db, d.to.kind);
  const there = new Map<string, number>();
  for await (const f of d.to.list()) there.set(f.name, f.size);
  let copied = 0;
  let alreadyThere = 0;
  let bytes = 0;
  for (const [i, f] of files.entries()) {
    if (done.get(f.name) === f.size && there.get(f.name) === f.size) {
      alreadyThere++;
    } else {
      await copyOne(d, f.name);
      copied++;
      bytes += f.size;
    }
    d.progress?.({ done: i + 1, total: files.length, copied, bytes, file: f.name });
  }
  return { total: files.length, copied, alreadyThere, sourceNames: files.map((f) => f.name) };
}

/** Source → scratch (hashed on the way) → new store → read back and hashed again. */
async function copyOne(d: MigrationDeps, name: string): Promise<void> {
  const source = await d.from.read(name);
  if (!source) return; // deleted from the site meanwhile
  await fs.promises.mkdir(d.to.scratchRoot, { recursive: true });
  const scratch = await fs.promises.mkdtemp(path.join(d.to.scratchRoot, '.incoming-migrate-'));
  try {
    const temp = path.join(scratch, name);
    const original = await digest(source, fs.createWriteStream(temp));
    await d.to.put(name, temp);
    const back = await d.to.read(name);
    const copy = back ? await digest(back) : null;
    if (!copy || copy.bytes !== original.bytes || copy.sha256 !== original.sha256) {
      throw new Error(`${name} in ${d.to.where} does not match the original (${copy ? `${copy.bytes} bytes, SHA-256 ${copy.sha256.slice(0, 12)}…` : 'not found'}; expected ${original.bytes} bytes, ${original.sha256.slice(0, 12)}…)`);
    }
    const row = { target: d.to.kind, file: name, bytes: original.bytes, sha256: original.sha256, verified_at: new Date().toISOString() };
    await d.db.kysely.insertInto('media_transfers').values(row)
      .onConflict((oc) => oc.columns(['target', 'file']).doUpdateSet({ bytes: row.bytes, sha256: row.sha256, verified_at: row.verified_at }))
      .execute();
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}

async function digest(from: Readable, into?: fs.WriteStream): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of from as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (into && !into.write(chunk)) await new Promise<void>((r) => into.once('drain', () => r()));
  }
  if (into) await new Promise<void>((resolve, reject) => into.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes, sha256: hash.digest('hex') };
}

/** Files checked into a store, with their sizes. */
async function checkedIn(db: Db, target: string): Promise<Map<string, number>> {
  const rows = await db.kysely.selectFrom('media_transfers').select(['file', 'bytes']).where('target', '=', target).execute();
  return new Map(rows.map((r) => [r.file, Number(r.bytes)]));
}

/** Every file a picture in the library names. */
async function namedFiles(db: Db): Promise<Set<string>> {
  const rows = await db.kysely.selectFrom('media').select('variants').execute();
  return new Set(rows.flatMap((r) => variantFiles(r.variants)));
}
