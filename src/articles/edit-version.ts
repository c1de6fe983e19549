import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Two people with one article (or static page) open must not silently overwrite each other —
 * and with saving as you type, both are saving every few seconds. The editor's
 * form carries the version it was loaded from: the article's `updated_at`,
 * which every write moves. A save from another version is refused, and the
 * editor shows the writer both texts (admin/edit-conflict-view.ts). No new
 * column is needed, and the WordPress import already reads `updated_at` the
 * same way (a row changed here since it was imported).
 */

/** The article or page was saved by someone else (or published by its schedule) since this form was loaded. */
export class EditConflict extends Error {
  /** The version now stored. */
  readonly current: string;

  constructor(current: string) {
    super('It changed since this form was loaded.');
    this.current = current;
  }
}

/**
 * The time a write stamps: now, but always after the version it replaces, so
 * that each version names one write — even when two saves land in the same
 * millisecond, or this server's clock is a little behind another's.
 */
export function nextVersion(now: string, previous: string | null | undefined): string {
  if (!previous || now > previous) return now;
  const after = Date.parse(previous) + 1;
  return Number.isFinite(after) ? new Date(after).toISOString() : now;
}

/**
 * Moves the article or page from `expected` to `stamp`, or throws EditConflict. The
 * conditional update is the check: on PostgreSQL it holds the row until the
 * commit, so of two saves made from one version the second finds the first's
 * stamp and is refused; SQLite runs one write transaction at a time.
 */
export async function claimVersion(trx: Transaction<Database>, id: number, expected: string, stamp: string, table: 'articles' | 'pages' = 'articles'): Promise<void> {
  const r = await trx.updateTable(table).set({ updated_at: stamp }).where('id', '=', id).where('updated_at', '=', expected).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return;
  const now = await trx.selectFrom(table).select('updated_at').where('id', '=', id).executeTakeFirst();
  throw new EditConflict(now?.updated_at ?? '');
}
