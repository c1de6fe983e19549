import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/connection.ts';
import type { TableInfo } from '../db/introspect.ts';

/**
 * Runs `load` with the database's own triggers switched off, inside the
 * caller's transaction. An archive holds every row as it was, counts and
 * copies included (an article's comment count, a link's publication date);
 * left on, the triggers that keep those would count every comment a second
 * time as it is inserted. SQLite cannot switch a trigger off, so they are
 * dropped and created again from their own text; PostgreSQL disables the
 * triggers it was given (not its foreign-key checks, which keep working).
 * Both are undone by a rollback, so a failed import leaves them as they were.
 */
export async function withoutTriggers<T>(k: Kysely<any>, dialect: Dialect, tables: TableInfo[], load: () => Promise<T>): Promise<T> {
  if (dialect === 'postgres') {
    for (const t of tables) await sql`ALTER TABLE ${sql.table(t.name)} DISABLE TRIGGER USER`.execute(k);
    const result = await load();
    for (const t of tables) await sql`ALTER TABLE ${sql.table(t.name)} ENABLE TRIGGER USER`.execute(k);
    return result;
  }
  const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`.execute(k);
  for (const r of rows) await sql`DROP TRIGGER ${sql.id(r.name)}`.execute(k);
  const result = await load();
  for (const r of rows) await sql.raw(r.sql).execute(k);
  return result;
}

/**
 * The search indexes are derived by triggers from the articles (SQLite's FTS5
 * tables, PostgreSQL's article_search) and are not in an archive. Naming each
 * article's title in an UPDATE sets off the triggers that index it, on both
 * engines, without changing a value.
 */
export async function rebuildSearch(k: Kysely<any>, tables: TableInfo[]): Promise<void> {
  if (!tables.some((t) => t.name === 'articles')) return;
  await sql`UPDATE articles SET title = title`.execute(k);
}
