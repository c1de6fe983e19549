import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/connection.ts';
import type { TableInfo } from '../db/introspect.ts';

const INTEGER_TYPE = /^(integer|int|int2|int4|int8|bigint|smallint)$/;

/**
 * A table's rows in primary-key order, a page at a time, so a table of any
 * size passes through in bounded memory. Each page starts after the last key
 * of the one before (keyset paging), which reads the key's index instead of
 * counting rows again; the caller says how many rows a page should hold, so
 * a table of long texts is read in smaller pages. On PostgreSQL, text keys are compared byte by byte
 * (COLLATE "C"), SQLite's own order: both engines write a table's rows in the
 * same order, so one site's archives are identical files whichever engine it
 * runs on.
 */
export async function* pagesOf(k: Kysely<any>, dialect: Dialect, t: TableInfo, rowsPerPage: () => number = () => 500): AsyncGenerator<Record<string, unknown>[]> {
  const columns = sql.join(t.columns.map((c) => sql.ref(c.name)));
  const key = t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name);
  const typeOf = (name: string) => t.columns.find((c) => c.name === name)?.type ?? 'text';
  const keyExpr = (name: string) => (dialect === 'postgres' && !INTEGER_TYPE.test(typeOf(name)) ? sql`${sql.ref(name)} COLLATE "C"` : sql.ref(name));
  const order = sql.join(key.map(keyExpr));
  let last: unknown[] | null = null;
  let offset = 0;
  for (;;) {
    const pageSize = rowsPerPage();
    let query;
    if (!t.primaryKey.length) {
      // No key to start after: rows in the order of all their columns, counted off.
      query = sql`SELECT ${columns} FROM ${sql.table(t.name)} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}`;
    } else if (!last) {
      query = sql`SELECT ${columns} FROM ${sql.table(t.name)} ORDER BY ${order} LIMIT ${pageSize}`;
    } else {
      const after = key.length === 1 ? sql`${keyExpr(key[0])} > ${last[0]}` : sql`(${order}) > (${sql.join(last.map((v) => sql`${v}`))})`;
      query = sql`SELECT ${columns} FROM ${sql.table(t.name)} WHERE ${after} ORDER BY ${order} LIMIT ${pageSize}`;
    }
    const { rows } = await query.execute(k);
    if (rows.length) yield rows as Record<string, unknown>[];
    if (rows.length < pageSize) return;
    const end = rows[rows.length - 1] as Record<string, unknown>;
    last = key.map((c) => end[c]);
    offset += rows.length;
  }
}
