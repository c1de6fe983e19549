import type { Db } from '../db/connection.ts';
import { ReaderData } from './reader-data.ts';
import { loadServerSecret } from './server-keys.ts';

export interface Accounts {
  /** Shared by all app servers (in the database): keys form tokens and the hashes that stand in for addresses. */
  secret: Buffer;
  /** Where other domains register what they keep about readers (see reader-data.ts). */
  readerData: ReaderData;
}

/** The accounts domain: staff and readers, sessions, sign-in; built from the database alone. */
export async function createAccounts(deps: { db: Db }): Promise<Accounts> {
  return { secret: await loadServerSecret(deps.db), readerData: new ReaderData() };
}
