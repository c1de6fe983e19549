import { ChangeBus } from '../cache/change-bus.ts';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrateMedia } from '../media/migrate-store.ts';
import type { MediaStore } from '../media/store.ts';
import { closeStore, openStore, recordedStore } from '../media/stores.ts';

const USAGE = 'Usage: samizdat media migrate --to s3|local\n';

/** `samizdat media migrate --to s3|local`: see media/migrate-store.ts and docs/media.md. */
export async function mediaCommand(config: Config, args: string[]): Promise<number> {
  const i = args.indexOf('--to');
  const to = i >= 0 ? args[i + 1] : undefined;
  if (args[0] !== 'migrate' || (to !== 's3' && to !== 'local')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const db = openDatabase(config.database);
  const opened: MediaStore[] = [];
  try {
    await migrateToLatest(db);
    const fromKind = (await recordedStore(db)) ?? config.mediaStore;
    if (fromKind === to) {
      process.stdout.write(`This site's media are already in ${to}; nothing to do.\n`);
      return 0;
    }
    const from = openStore(fromKind, config);
    opened.push(from);
    const target = openStore(to, config);
    opened.push(target);
    process.stdout.write(`Copying media from ${from.where} to ${target.where}; each file is read back and checked.\n`);
    const quiet = { warn: (o: object, m: string) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`) };
    let lastLine = 0;
    const report = await migrateMedia({
      db, from, to: target, changes: new ChangeBus(db, quiet),
      progress: (p) => {
        // One line a quarter of a second at most, and the last.
        if (p.done !== p.total && p.done !== 1 && Date.now() - lastLine < 250) return;
        lastLine = Date.now();
        process.stdout.write(`${p.done} of ${p.total} files (${p.copied} copied this run, ${(p.bytes / 1e6).toFixed(1)} MB)\n`);
      },
    });
    process.stdout.write(`All ${report.total} files are in ${target.where}, checked by size and SHA-256 (${report.copied} copied now, ${report.alreadyThere} by an earlier run${report.late ? `, ${report.late} uploaded during the move` : ''}).\n`);
    process.stdout.write(`The site now uses ${to}; running servers switched. Set MEDIA_STORE=${to} in their environment. The files in ${from.where} were left as they were.\n`);
    for (const m of report.missing) process.stdout.write(`Missing before the move (named by a picture, not in ${from.where}): ${m}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`samizdat media migrate: ${(err as Error).message}\n`);
    return 1;
  } finally {
    for (const s of opened) closeStore(s);
    await db.close();
  }
}
