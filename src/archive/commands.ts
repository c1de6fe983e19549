import { ChangeBus } from '../cache/change-bus.ts';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { closeStore, openStore, recordedStore } from '../media/stores.ts';
import { exportArchive } from './export.ts';
import { importArchive } from './import.ts';
import { exportWordpress } from './wxr-export.ts';

/** The archive's commands for src/cli/main.ts; each answers an exit code. */

const EXPORT_USAGE = 'Usage: samizdat export <file.tar | file.tar.gz> [--with-secrets]\n';
const IMPORT_USAGE = 'Usage: samizdat import-archive <file>\n';

export async function exportCommand(config: Config, args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--with-secrets');
  if (!file || unknown.length) {
    process.stderr.write(EXPORT_USAGE);
    return 2;
  }
  const withSecrets = args.includes('--with-secrets');
  const db = openDatabase(config.database);
  // The store the site's media are in, as its database records it.
  const store = openStore((await recordedStore(db).catch(() => null)) ?? config.mediaStore, config);
  try {
    const r = await exportArchive(db, file, { withSecrets, store, siteUrl: config.siteUrl });
    const rows = r.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(`Exported ${rows} rows in ${r.tables.length} tables and ${r.mediaFiles} media files to ${r.file} (${r.bytes} bytes).\n`);
    for (const m of r.missingMedia) process.stdout.write(`Not in the archive: media file ${m} (named by the database, not in the media store).\n`);
    process.stdout.write(withSecrets
      ? 'This archive holds secrets (password hashes, sessions, the site key): keep it as safe as the database.\n'
      : 'Left out: password hashes, sessions, sign-in links, the site key and open polls’ keys (see docs/archive-format.md; --with-secrets keeps them, for moving a site).\n');
    return 0;
  } catch (err) {
    process.stderr.write(`samizdat export: ${(err as Error).message}\n`);
    return 1;
  } finally {
    closeStore(store);
    await db.close();
  }
}

export async function importArchiveCommand(config: Config, args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file || args.some((a) => a.startsWith('--'))) {
    process.stderr.write(IMPORT_USAGE);
    return 2;
  }
  const db = openDatabase(config.database);
  // A new site keeps its media where it is configured to (MEDIA_STORE).
  const store = openStore(config.mediaStore, config);
  try {
    const r = await importArchive(db, store, file);
    const rows = r.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(`Imported ${rows} rows in ${r.tables.length} tables and ${r.mediaPlaced + r.mediaPresent} media files (${r.mediaPresent} already in place) from a ${r.manifest.source.engine} site archived at ${r.manifest.createdAt}.\n`);
    if (r.migrated.length) process.stdout.write(`Then applied ${r.migrated.length} newer migrations: ${r.migrated.join(', ')}.\n`);
    if (!r.manifest.withSecrets) process.stdout.write('The archive had no secrets: staff set new passwords through reset links (samizdat create-admin makes an owner), and open polls take no more votes.\n');
    const changes = new ChangeBus(db, { warn: () => {} });
    await changes.everything();
    await changes.close();
    return 0;
  } catch (err) {
    process.stderr.write(`samizdat import-archive: ${(err as Error).message}\n`);
    return 1;
  } finally {
    closeStore(store);
    await db.close();
  }
}

export async function exportWordpressCommand(config: Config, args: string[]): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file || args.some((a) => a.startsWith('--'))) {
    process.stderr.write('Usage: samizdat export-wordpress <file.xml>\n');
    return 2;
  }
  const db = openDatabase(config.database);
  try {
    const r = await exportWordpress(db, file, { siteUrl: config.siteUrl });
    process.stdout.write(`Wrote ${r.posts} posts, ${r.pages} pages, ${r.attachments} attachments, ${r.comments} comments, ${r.authors} authors, ${r.categories} categories and ${r.tags} tags to ${r.file}.\n`);
    process.stdout.write(`Pictures are attachments at their addresses under ${config.siteUrl}/media/: keep this site online while WordPress imports them.\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`samizdat export-wordpress: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
