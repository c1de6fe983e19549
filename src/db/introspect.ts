import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connection.ts';

/**
 * What the database itself says about its tables, read from the engine's
 * catalogue (SQLite's pragmas, PostgreSQL's pg_catalog) rather than from a
 * list in the code, so a table added by a later migration is seen without
 * anyone remembering to name it here.
 */

export interface ColumnInfo {
  name: string;
  /** The declared type, lower case: 'integer', 'text', 'bigint', 'tsvector' … */
  type: string;
}

export interface ForeignKey {
  columns: string[];
  table: string;
  references: string[];
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** In key order; empty for a table without one. */
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** SQLite: a virtual table (FTS5) or one of its shadow tables, which the engine keeps itself. */
  engineManaged: boolean;
}

/** A counter that hands out ids, and the last id it handed out (null: none yet). */
export interface SequenceInfo {
  table: string;
  column: string;
  last: number | null;
}

export async function listTables(k: Kysely<any>, dialect: Dialect): Promise<TableInfo[]> {
  return dialect === 'postgres' ? postgresTables(k) : sqliteTables(k);
}

async function sqliteTables(k: Kysely<any>): Promise<TableInfo[]> {
  const { rows } = await sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`.execute(k);
  const out: TableInfo[] = [];
  for (const t of rows) {
    if (t.type === 'view') continue;
    const cols = await sql<{ name: string; type: string; pk: number }>`SELECT name, type, pk FROM pragma_table_info(${t.name}) ORDER BY cid`.execute(k);
    const fks = await sql<{ id: number; seq: number; table: string; from: string; to: string | null }>`SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(${t.name}) ORDER BY id, seq`.execute(k);
    const byId = new Map<number, ForeignKey>();
    for (const f of fks.rows) {
      const fk = byId.get(f.id) ?? { columns: [], table: f.table, references: [] };
      fk.columns.push(f.from);
      fk.references.push(f.to ?? 'rowid');
      byId.set(f.id, fk);
    }
    out.push({
      name: t.name,
      columns: cols.rows.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      primaryKey: cols.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      foreignKeys: [...byId.values()],
      engineManaged: t.type === 'virtual' || t.type === 'shadow',
    });
  }
  return out;
}

async function postgresTables(k: Kysely<any>): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }>`SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname`.execute(k);
  const cols = await sql<{ table: string; name: string; type: string }>`SELECT table_name::text AS "table", column_name::text AS name, data_type::text AS type
      FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(k);
  const keys = await sql<{ table: string; columns: string[] }>`SELECT c.relname::text AS "table",
        array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(n, o)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indisprimary AND n.nspname = current_schema()`.execute(k);
  const fks = await sql<{ table: string; ref: string; columns: string[]; references: string[] }>`SELECT
        (SELECT relname::text FROM pg_class WHERE oid = f.conrelid) AS "table",
        (SELECT relname::text FROM pg_class WHERE oid = f.confrelid) AS ref,
        array(SELECT a.attname::text FROM unnest(f.conkey) WITH ORDINALITY AS k(n, o)
              JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
        array(SELECT a.attname::text FROM unnest(f.confkey) WITH ORDINALITY AS k(n, o)
              JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.n ORDER BY k.o) AS "references"
      FROM pg_constraint f JOIN pg_namespace n ON n.oid = f.connamespace
      WHERE f.contype = 'f' AND n.nspname = current_schema() ORDER BY f.conname`.execute(k);
  return tables.rows.map(({ name }) => ({
    name,
    columns: cols.rows.filter((c) => c.table === name).map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
    primaryKey: keys.rows.find((r) => r.table === name)?.columns ?? [],
    foreignKeys: fks.rows.filter((f) => f.table === name).map((f) => ({ columns: f.columns, table: f.ref, references: f.references })),
    engineManaged: false,
  }));
}

/** The id counters: SQLite's AUTOINCREMENT record, PostgreSQL's serial sequences. */
export async function listSequences(k: Kysely<any>, dialect: Dialect, tables: TableInfo[]): Promise<SequenceInfo[]> {
  if (dialect === 'sqlite') {
    const has = await sql`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'`.execute(k);
    if (!has.rows.length) return [];
    const { rows } = await sql<{ name: string; seq: number }>`SELECT name, seq FROM sqlite_sequence ORDER BY name`.execute(k);
    // AUTOINCREMENT belongs to the table's one INTEGER PRIMARY KEY.
    return rows.flatMap((r) => {
      const t = tables.find((x) => x.name === r.name);
      return t && t.primaryKey.length === 1 ? [{ table: r.name, column: t.primaryKey[0], last: Number(r.seq) }] : [];
    });
  }
  const { rows } = await sql<{ table: string; column: string; last: string | null }>`SELECT table_name::text AS "table", column_name::text AS "column",
        pg_sequence_last_value(pg_get_serial_sequence(quote_ident(table_name), column_name)::regclass)::text AS last
      FROM information_schema.columns
      WHERE table_schema = current_schema() AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL
      ORDER BY table_name, column_name`.execute(k);
  return rows.map((r) => ({ table: r.table, column: r.column, last: r.last === null ? null : Number(r.last) }));
}

/**
 * Moves a counter on so the next id is past both `last` and every id in the
 * table: ids handed out before (to rows deleted since) are not handed out again.
 */
export async function advanceSequence(k: Kysely<any>, dialect: Dialect, s: SequenceInfo): Promise<void> {
  const { rows } = await sql<{ top: string | number | null }>`SELECT max(${sql.ref(s.column)}) AS top FROM ${sql.table(s.table)}`.execute(k);
  const top = Math.max(Number(rows[0]?.top ?? 0), s.last ?? 0);
  if (dialect === 'postgres') {
    if (top > 0) await sql`SELECT setval(pg_get_serial_sequence(${s.table}, ${s.column}), ${top}, true)`.execute(k);
    return;
  }
  if (top <= 0) return;
  const updated = await sql`UPDATE sqlite_sequence SET seq = max(seq, ${top}) WHERE name = ${s.table}`.execute(k);
  if (!Number(updated.numAffectedRows ?? 0)) await sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${s.table}, ${top})`.execute(k);
}
