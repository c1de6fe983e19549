/**
 * Runs one WordPress import in a process of its own and prints what it cost
 * (the memory test reads it): resident memory after start-up, the highest it
 * reached, and the time. Arguments: the export file and a data directory.
 */
import path from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { makeLogger } from '../../src/server.ts';
import { buildServices } from '../../src/services.ts';
import { importWordpress } from '../../src/wordpress/importer.ts';

const [file, dataDir] = process.argv.slice(2);
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_ON_EMPTY: 'off' });
const db = openDatabase(config.database);
await migrateToLatest(db);
const s = await buildServices(config, db, makeLogger(config), path.resolve(import.meta.dirname, '../../static'));
global.gc?.();
const baseline = process.memoryUsage().rss;
const heapBaseline = process.memoryUsage().heapUsed;
let peak = baseline;
let heapPeak = heapBaseline;
const measure = () => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  heapPeak = Math.max(heapPeak, m.heapUsed);
};
const sample = setInterval(measure, 20);
const started = Date.now();
const report = await importWordpress({ db, dataDir, mediaStore: () => s.media.current(), articles: s.articles, pages: s.pages, changes: s.changes }, { file, onProgress: measure });
clearInterval(sample);
const seconds = (Date.now() - started) / 1000;
await s.changes.close();
await s.mailer.close();
await db.close();
process.stdout.write(`${JSON.stringify({ baseline, peak, heapBaseline, heapPeak, maxRss: process.resourceUsage().maxRSS * 1024, seconds, articles: report.created.articles })}\n`);
process.exit(0);
