import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Db } from './connection.ts';
import * as m001 from './migrations/001-foundation.ts';
import * as m002 from './migrations/002-accounts.ts';
import * as m003 from './migrations/003-workflow.ts';
import * as m004 from './migrations/004-revisions.ts';
import * as m005 from './migrations/005-headline-search.ts';
import * as m006 from './migrations/006-postgres-search-table.ts';
import * as m007 from './migrations/007-listing-dates.ts';
import * as m008 from './migrations/008-security-review.ts';
import * as m009 from './migrations/009-render-version.ts';
import * as m010 from './migrations/010-change-log.ts';
import * as m011 from './migrations/011-newsroom.ts';
import * as m012 from './migrations/012-article-bin.ts';
import * as m020 from './migrations/020-polls.ts';
import * as m030 from './migrations/030-comments.ts';
import * as m031 from './migrations/031-moderation.ts';
import * as m040 from './migrations/040-wordpress.ts';
import * as m050 from './migrations/050-scale-out.ts';
import * as m060 from './migrations/060-import-jobs.ts';
import * as m070 from './migrations/070-last-comment.ts';

/** Versioned migrations, in order. Each takes the dialect so it can use engine-specific features. */
const migrations = {
  '001-foundation': m001,
  '002-accounts': m002,
  '003-workflow': m003,
  '004-revisions': m004,
  '005-headline-search': m005,
  '006-postgres-search-table': m006,
  '007-listing-dates': m007,
  '008-security-review': m008,
  '009-render-version': m009,
  '010-change-log': m010,
  '011-newsroom': m011,
  '012-article-bin': m012,
  '020-polls': m020,
  '030-comments': m030,
  '031-moderation': m031,
  '040-wordpress': m040,
  '050-scale-out': m050,
  '060-import-jobs': m060,
  '070-last-comment': m070,
};

export async function migrateToLatest(db: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) {
        out[name] = { up: (k: Kysely<any>) => m.up(k, db.dialect) };
      }
      return out;
    },
  };
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this code knows, by name, in the order they run. */
export function migrationNames(): string[] {
  return Object.keys(migrations).sort();
}

/**
 * Brings the schema up to `name` and no further: an archive is imported at
 * the level it was made at, and the later migrations then run over its rows
 * as they would over any site's (src/archive/import.ts).
 */
export async function migrateUpTo(db: Db, name: string): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      return Object.fromEntries(Object.entries(migrations).map(([n, m]) => [n, { up: (k: Kysely<any>) => m.up(k, db.dialect) }]));
    },
  };
  const { error, results } = await new Migrator({ db: db.kysely, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
