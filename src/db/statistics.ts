import { sql } from 'kysely';
import type { Db } from './connection.ts';

/**
 * After a bulk load (a whole site from an archive, an export from WordPress),
 * tell PostgreSQL's planner what the tables now hold, as its manual advises.
 * Autovacuum would get there in time, and where it is switched off never; until
 * then plans are made for the nearly empty tables of before (an uncached
 * article page took twice as long on a freshly loaded site, docs/benchmarks.md).
 * SQLite refreshes its statistics each time the site starts (connection.ts).
 */
export async function refreshStatisticsAfterBulkLoad(db: Db): Promise<void> {
  if (db.dialect === 'postgres') await sql`ANALYZE`.execute(db.kysely);
}
