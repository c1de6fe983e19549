import type { Kysely } from 'kysely';
import type { Database, Role, TokenPurpose } from '../db/schema.ts';
import { nowIso } from '../lib/time.ts';
import { tokenHash } from './tokens.ts';

/** What an emailed link stands for, once it is known to be live. */
export interface LiveToken {
  email: string;
  user_id: number | null;
  role: Role | null;
}

/** The link's row if it is unused and unexpired. Reads only: mail scanners follow links. */
export async function findLiveToken(db: Kysely<Database>, token: string, purpose: TokenPurpose): Promise<LiveToken | undefined> {
  return db
    .selectFrom('auth_tokens')
    .select(['email', 'user_id', 'role'])
    .where('token_hash', '=', tokenHash(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
}

/**
 * Uses a link once: the update claims it only while unused and unexpired, so of
 * two uses at the same moment exactly one gets the row.
 */
export async function claimToken(db: Kysely<Database>, token: string, purpose: TokenPurpose, now: string): Promise<LiveToken | undefined> {
  return db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['email', 'user_id', 'role'])
    .executeTakeFirst();
}
