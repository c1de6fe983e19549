import { type Kysely, sql } from 'kysely';

/**
 * After the outside security review:
 * - throttle keys were `account:<the address as typed>`; they are keyed hashes
 *   now, so the old rows (short-lived counters) are dropped rather than kept in clear;
 * - an old address can be *gone* (410) instead of leading somewhere: a legal
 *   redaction that takes a passage out of an article's address retires the old
 *   one without a redirect that would repeat the passage.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('login_throttle').execute();
  await sql`ALTER TABLE redirects ADD COLUMN gone integer NOT NULL DEFAULT 0`.execute(db);
}
