import type { Config } from '../config/config.ts';
import type { Db } from '../db/connection.ts';
import { LocalStore } from './local-store.ts';
import { S3Store } from './s3-store.ts';
import type { MediaStore, StoreKind } from './store.ts';

/** The change-bus name of "the media moved to another store": every server switches. */
export const MEDIA_STORE_DEP = 'media-store';
const STATE_KEY = 'media_store';

type Log = { warn: (o: object, m: string) => void };

/** A store of the given kind, as the configuration describes it; s3 needs S3_BUCKET. */
export function openStore(kind: StoreKind, config: Config): MediaStore {
  if (kind === 'local') return new LocalStore(config.dataDir);
  if (!config.s3) throw new Error('S3_BUCKET is not set, so the S3 store cannot be opened (see docs/configuration.md).');
  return new S3Store(config.s3, config.dataDir);
}

/** Which store this site's media are in, as its database records it (null: not recorded yet). */
export async function recordedStore(db: Db): Promise<StoreKind | null> {
  const row = await db.kysely.selectFrom('system_state').select('value').where('key', '=', STATE_KEY).executeTakeFirst();
  return row?.value === 'local' || row?.value === 's3' ? row.value : null;
}

/** Records where the media are; only `samizdat media migrate` changes it once it is set. */
export async function recordStore(db: Db, kind: StoreKind, replace: boolean): Promise<void> {
  const values = { key: STATE_KEY, value: kind, updated_at: new Date().toISOString() };
  await db.kysely
    .insertInto('system_state')
    .values(values)
    .onConflict((oc) => (replace ? oc.column('key').doUpdateSet({ value: kind, updated_at: values.updated_at }) : oc.column('key').doNothing()))
    .execute();
}

/**
 * The store every server uses, found at start: the one recorded in the
 * database, or, for a site that has none recorded yet, MEDIA_STORE (which is
 * then recorded). MEDIA_STORE never moves an existing site's media: a server
 * told another store than the one holding the files would serve broken
 * pictures, so it uses the recorded one and says so, or refuses to start
 * when it cannot reach it.
 */
export async function activeStore(db: Db, config: Config, log?: Log): Promise<MediaStore> {
  await recordStore(db, config.mediaStore, false);
  const kind = (await recordedStore(db)) ?? config.mediaStore;
  if (kind !== config.mediaStore) {
    if (kind === 's3' && !config.s3) {
      throw new Error('This site’s media were moved to S3-compatible storage (samizdat media migrate), but S3_BUCKET is not set: set the S3_* variables (docs/configuration.md).');
    }
    log?.warn({ recorded: kind, MEDIA_STORE: config.mediaStore }, `MEDIA_STORE says ${config.mediaStore}, but this site's media are in ${kind}: using ${kind} (set MEDIA_STORE=${kind}; samizdat media migrate moves them)`);
  }
  return openStore(kind, config);
}

/**
 * The current store, held for every part of one server. `samizdat media
 * migrate` switches the record and tells the change bus; each server then
 * reads the record again and uses the new store from its next request on.
 */
export class MediaStores {
  private store: MediaStore;
  private readonly db: Db;
  private readonly config: Config;

  constructor(store: MediaStore, db: Db, config: Config) {
    this.store = store;
    this.db = db;
    this.config = config;
  }

  current(): MediaStore {
    return this.store;
  }

  /** After MEDIA_STORE_DEP: follow the record. */
  async reload(): Promise<void> {
    const kind = await recordedStore(this.db);
    if (!kind || kind === this.store.kind) return;
    // The old store is not closed: requests under way finish reading from it.
    this.store = openStore(kind, this.config);
  }

  close(): void {
    closeStore(this.store);
  }
}

export function closeStore(store: MediaStore): void {
  if (store instanceof S3Store) store.close();
}
