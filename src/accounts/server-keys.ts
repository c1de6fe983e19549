import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.ts';

/**
 * A secret shared by every app server through the database, created on first
 * use. It keys CSRF tokens and the hashes that stand in for client addresses.
 */
export async function loadServerSecret(db: Db): Promise<Buffer> {
  const fresh = randomBytes(32).toString('base64url');
  await db.kysely
    .insertInto('server_keys')
    .values({ name: 'secret', value: fresh })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.kysely.selectFrom('server_keys').select('value').where('name', '=', 'secret').executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
