import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { TableInfo } from '../db/introspect.ts';
import { decodeValue, type TableEntry } from './format.ts';

/** Parameters per statement, under SQLite's limit (32,766) and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 500;
/** A statement carries about this much text at most, so long bodies go in smaller batches. */
const MAX_BATCH_BYTES = 1 << 20;

type Row = Record<string, unknown>;

/** The file's bytes did not match the manifest: it was damaged or changed after export. */
export class TamperedError extends Error {}

/**
 * Inserts one table file's rows, a batch per statement, keeping every value
 * (ids included). The file's SHA-256, length and row count are checked as it
 * streams past; when they do not match the manifest, the import fails with
 * that (rather than with whatever a changed line made the database say), and
 * the caller's transaction takes back what was written.
 */
export async function loadTable(k: Kysely<any>, t: TableInfo, entry: TableEntry, body: AsyncIterable<Buffer>, replace: boolean): Promise<number> {
  for (const c of entry.columns) {
    if (!t.columns.some((x) => x.name === c.name)) throw new Error(`${entry.file} has a column ${c.name} that this site’s ${t.name} table does not have`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const source = body[Symbol.asyncIterator]();
  const pull = async () => {
    const r = await source.next();
    if (!r.done) {
      hash.update(r.value);
      bytes += r.value.length;
    }
    return r;
  };
  // No return(): when the insert stops early, the file stays open to be read to its end.
  const counted: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => ({ next: pull }) };
  const check = () => {
    if (hash.copy().digest('hex') !== entry.sha256 || bytes !== entry.bytes) {
      throw new TamperedError(`${entry.file} does not match its SHA-256 in manifest.json: the archive is damaged or was changed after export. Nothing was imported.`);
    }
  };
  let rows = 0;
  try {
    rows = await insertLines(k, t, lines(counted), replace);
  } catch (e) {
    // Read the rest, so a damaged file is reported as damaged.
    while (!(await pull()).done);
    check();
    throw e;
  }
  check();
  if (rows !== entry.rows) throw new TamperedError(`${entry.file} has ${rows} rows where manifest.json says ${entry.rows}`);
  return rows;
}

async function insertLines(k: Kysely<any>, t: TableInfo, source: AsyncIterable<string>, replace: boolean): Promise<number> {
  const perBatch = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, t.columns.length))));
  const selfRefs = t.foreignKeys.filter((f) => f.table === t.name && f.columns.length === 1);
  const byKey = t.primaryKey.length === 1;
  const inserted = new Map(selfRefs.map((f) => [f.references[0], new Seen(byKey && f.references[0] === t.primaryKey[0])]));
  const later: { row: Row; column: string; value: unknown }[] = [];
  let batch: Row[] = [];
  let batchBytes = 0;
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    if (replace) await deleteByKey(k, t, batch);
    await k.insertInto(t.name).values(batch).execute();
    batch = [];
    batchBytes = 0;
  };
  for await (const line of source) {
    const row = parseRow(line, t, rows + 1);
    for (const [column, seen] of inserted) seen.add(row[column]);
    // A reference to a row further on (a reply filed before its parent) is written once that row is in.
    for (const fk of selfRefs) {
      const value = row[fk.columns[0]];
      if (value !== null && value !== undefined && !inserted.get(fk.references[0])!.has(value)) {
        later.push({ row, column: fk.columns[0], value });
        row[fk.columns[0]] = null;
      }
    }
    batch.push(row);
    batchBytes += line.length;
    rows++;
    if (batch.length >= perBatch || batchBytes >= MAX_BATCH_BYTES) await flush();
  }
  await flush();
  for (const l of later) await updateByKey(k, t, l.row, { [l.column]: l.value });
  return rows;
}

/**
 * The values of a referenced column inserted so far. Rows come in primary-key
 * order, so for a reference to an integer key, "in already" is "not above the
 * largest key so far", and no list of keys is kept however long the table.
 */
class Seen {
  private max = -Infinity;
  private readonly values: Set<string> | null;

  constructor(inKeyOrder: boolean) {
    this.values = inKeyOrder ? null : new Set();
  }

  add(v: unknown): void {
    if (this.values) this.values.add(String(v));
    else if (typeof v === 'number' && v > this.max) this.max = v;
  }

  has(v: unknown): boolean {
    return this.values ? this.values.has(String(v)) : typeof v === 'number' && v <= this.max;
  }
}

function parseRow(line: string, t: TableInfo, n: number): Row {
  const where = `tables/${t.name}.jsonl line ${n}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${where} is not a JSON object`);
  const row: Row = {};
  for (const [column, value] of Object.entries(parsed)) {
    if (!t.columns.some((c) => c.name === column)) throw new Error(`${where} has a column ${column} that this site’s ${t.name} table does not have`);
    row[column] = decodeValue(value);
  }
  return row;
}

function keyOf(t: TableInfo): string[] {
  if (!t.primaryKey.length) throw new Error(`${t.name} has no primary key to find its rows by`);
  return t.primaryKey;
}

async function deleteByKey(k: Kysely<any>, t: TableInfo, rows: Row[]): Promise<void> {
  const key = keyOf(t);
  for (const row of rows) {
    await sql`DELETE FROM ${sql.table(t.name)} WHERE ${sql.join(key.map((c) => sql`${sql.ref(c)} = ${row[c]}`), sql` AND `)}`.execute(k);
  }
}

async function updateByKey(k: Kysely<any>, t: TableInfo, row: Row, set: Row): Promise<void> {
  let q = k.updateTable(t.name).set(set);
  for (const c of keyOf(t)) q = q.where(c, '=', row[c]);
  await q.execute();
}

/** The lines of a stream of UTF-8 bytes, split on the byte 0x0A (never inside a character). */
export async function* lines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest = Buffer.alloc(0);
  for await (const chunk of source) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let at: number;
    while ((at = buf.indexOf(0x0a)) >= 0) {
      const line = buf.subarray(0, at).toString('utf8');
      buf = buf.subarray(at + 1);
      if (line.length) yield line;
    }
    rest = Buffer.from(buf);
  }
  if (rest.length) yield rest.toString('utf8');
}
