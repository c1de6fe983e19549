import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { makeLogger } from '../server.ts';
import { buildServices, type Services } from '../services.ts';
import { importRunningNow } from '../wordpress/import-job.ts';
import { type ImportProgress, importWordpress } from '../wordpress/importer.ts';
import { reportText } from '../wordpress/report.ts';
import { WxrError } from '../wordpress/wxr-reader.ts';

const USAGE = `Usage: samizdat import-wordpress <export.xml> [--uploads DIR] [--dry-run]

Imports a WordPress export (Tools → Export → All content): authors, categories,
tags, posts, pages, pictures and comments, with every old address leading to
the new one. --uploads names a copy of the old site's wp-content/uploads folder
(no network is used); --dry-run reports what would happen and writes nothing.
Running it again adds nothing twice. See docs/wordpress.md.
`;

const STATIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../static');

export async function importWordpressCommand(config: Config, args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n\n${USAGE}`);
    return 2;
  }
  const log = makeLogger({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const db = openDatabase(config.database);
  let services: Services | null = null;
  try {
    await migrateToLatest(db);
    const running = await importRunningNow(db);
    if (running) {
      process.stderr.write(`samizdat import-wordpress: an import uploaded in the newsroom (${running.fileName}) is running now on ${running.server ?? 'a server'}. Wait for it to finish (its progress is at /admin/import/status), then run this again.\n`);
      return 1;
    }
    services = await buildServices(config, db, log, STATIC);
    const report = await importWordpress(
      { db, dataDir: config.dataDir, mediaStore: () => services!.media.current(), articles: services.articles, pages: services.pages, changes: services.changes },
      { file: parsed.file, uploadsDir: parsed.uploads, dryRun: parsed.dryRun, onProgress: progressLine(process.stderr) },
    );
    process.stdout.write(reportText(report));
    return 0;
  } catch (err) {
    if (!(err instanceof WxrError)) throw err;
    process.stderr.write(`\nsamizdat import-wordpress: ${parsed.file}: ${err.message}. Nothing was imported.\n`);
    return 1;
  } finally {
    if (services) await closeServices(services);
    await db.close();
  }
}

function parseArgs(args: string[]): { file: string; uploads: string | null; dryRun: boolean } | 'help' | string {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  let file: string | null = null;
  let uploads: string | null = null;
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--dry-run') dryRun = true;
    else if (a === '--uploads') uploads = args[++i] ?? '';
    else if (a.startsWith('--uploads=')) uploads = a.slice('--uploads='.length);
    else if (a.startsWith('-')) return `Unknown option ${a}.`;
    else if (file === null) file = a;
    else return `Only one export file at a time (got ${file} and ${a}).`;
  }
  if (!file) return 'Name the export file.';
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return `There is no file ${file}.`;
  if (uploads !== null && !(fs.existsSync(uploads) && fs.statSync(uploads).isDirectory())) return `There is no folder ${uploads} for --uploads.`;
  return { file, uploads, dryRun };
}

/** On a terminal, one bar redrawn in place; elsewhere (a log, CI), a line per phase and per tenth. */
export function progressLine(out: NodeJS.WriteStream): (p: ImportProgress) => void {
  let lastPhase = '';
  let lastTenth = -1;
  let lastDraw = 0;
  return (p) => {
    const share = p.total ? Math.min(1, p.done / p.total) : 1;
    const counts = p.phase === 'reading' ? `${Math.round(p.done / 1048576)} of ${Math.round(p.total / 1048576)} MB` : `${p.done} of ${p.total}`;
    if (out.isTTY) {
      if (Date.now() - lastDraw < 100 && p.phase === lastPhase && p.done < p.total) return;
      lastDraw = Date.now();
      lastPhase = p.phase;
      const width = 30;
      const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '-');
      out.write(`\r\x1b[2K[${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${p.phase === 'done' ? 'done\n' : `${p.phase}: ${counts}`}`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (p.phase === lastPhase && tenth === lastTenth) return;
    if (p.phase !== lastPhase || tenth > lastTenth) out.write(`${p.phase}: ${counts} (${Math.round(share * 100)}%)\n`);
    lastPhase = p.phase;
    lastTenth = tenth;
  };
}

/**
 * The services' background work (timers, listeners, queued writes) ends before
 * the database closes: whatever can be drained is, then stopped or closed.
 * Should a later service keep the process alive all the same, it ends a few
 * seconds after the import has finished and said so.
 */
async function closeServices(s: Services): Promise<void> {
  for (const method of ['drain', 'stop', 'close'] as const) {
    for (const v of Object.values(s) as unknown[]) {
      const fn = (v as Record<string, unknown> | null)?.[method];
      if (v !== s.db && typeof fn === 'function') await fn.call(v);
    }
  }
  setTimeout(() => process.exit(process.exitCode ?? 0), 5000).unref();
}
