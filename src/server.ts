import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadDemoIfEmpty } from './demo/load-demo.ts';
import { rerenderStaleBodies } from './articles/rerender.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { sweepAbandonedUploads } from './media/media-files.ts';
import { buildServices, type Services } from './services.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function makeLogger(config: Config) {
  return pino({
    level: config.logLevel,
    transport: config.logFormat === 'pretty' ? { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } : undefined,
  });
}

export interface RunningServer {
  url: string;
  services: Services;
  scheduler: ReturnType<typeof startScheduler>;
  close(): Promise<void>;
}

/** The composition root: config → database → services → app → listen. */
export async function startServer(config: Config, opts: { logger?: pino.Logger } = {}): Promise<RunningServer> {
  const log = opts.logger ?? makeLogger(config);
  const db = openDatabase(config.database, (err) => log.warn({ err }, 'the database closed an idle connection; a new one will be opened'));
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ applied }, 'database migrated');
  if (config.demoOnEmpty) await loadDemoIfEmpty(db, config, log);
  const rerendered = await rerenderStaleBodies(db.kysely);
  if (rerendered) log.info({ rerendered }, 'article bodies rendered again by the current renderer');
  // A logger handed in (a test's) receives the request lines too.
  const services = await buildServices(config, db, log, path.join(ROOT, 'static'), { accessInto: opts.logger });
  const swept = await sweepAbandonedUploads(config.dataDir);
  if (swept) log.warn({ swept }, 'removed uploads abandoned half-way by an earlier crash');
  // Polls that opened since the last tick (or in the last few minutes, on the first) have their pages drawn again.
  let pollsSince = new Date(Date.now() - 5 * 60_000);
  const scheduler = startScheduler([
    { name: 'publish scheduled articles', run: () => services.articles.publishDue() },
    { name: 'take down pins whose time has come', run: () => services.pins.expire() },
    // Binned articles past their 30 days stay only as tombstones (articles/bin.ts).
    { name: 'purge the bin', run: () => services.bin.purgeExpired() },
    { name: 'open and close polls', run: async () => {
      const started = new Date();
      await services.polls.tick(pollsSince);
      pollsSince = started;
    } },
  ], log, config.schedulerIntervalMs);
  const app = buildApp(services);
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address.replace('0.0.0.0', '127.0.0.1')).port;
  log.info({ url: config.siteUrl, listening: address, database: config.database.kind }, 'Samizdat is serving');
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    scheduler,
    async close() {
      await scheduler.stop();
      // Live comment streams never end by themselves: they are ended first, or closing would wait for them.
      services.commentStream.close();
      await app.close();
      // Votes already taken in are written (and answered) before the database closes.
      await services.ballotBox.drain();
      await services.commentWriter.drain();
      services.accessLog.flush();
      await services.changes.close();
      await services.mailer.close();
      await db.close();
    },
  };
}
