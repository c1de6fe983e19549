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
import { JobTimers } from './jobs/timers.ts';
import { sweepAbandonedUploads } from './media/media-files.ts';
import { sweepStaleClaims } from './media/media-store.ts';
import { activeStore, MediaStores } from './media/stores.ts';
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
  // Which store holds the media is the database's to say (media/stores.ts), so every server agrees.
  const media = new MediaStores(await activeStore(db, config, log).catch(async (err) => {
    await db.close();
    throw err;
  }), db, config);
  if (config.demoOnEmpty) await loadDemoIfEmpty(db, config, log, media.current());
  const rerendered = await rerenderStaleBodies(db.kysely);
  if (rerendered) log.info({ rerendered }, 'article bodies rendered again by the current renderer');
  // A logger handed in (a test's) receives the request lines too.
  const services = await buildServices(config, db, log, path.join(ROOT, 'static'), { accessInto: opts.logger, media });
  const swept = await sweepAbandonedUploads(config.dataDir);
  if (swept) log.warn({ swept }, 'removed uploads abandoned half-way by an earlier crash');
  const sweptImports = await services.wordpressImports.sweep();
  if (sweptImports) log.warn({ swept: sweptImports }, 'removed WordPress exports left by an upload cut off or an import that is over');
  const scheduler = startScheduler([
    { name: 'publish scheduled articles', run: () => services.articles.publishDue() },
    { name: 'take down pins whose time has come', run: () => services.pins.expire() },
    // Binned articles past their 30 days stay only as tombstones (articles/bin.ts).
    { name: 'purge the bin', run: () => services.bin.purgeExpired() },
    // Polls that opened since the last run, on any server (or in the last few minutes, the first time), have their pages drawn again.
    { name: 'open and close polls', run: (since) => services.polls.tick(since ?? new Date(Date.now() - 5 * 60_000)) },
    // Claims on picture names left by a server that died mid-upload, and jobs finished a week ago.
    { name: 'sweep', run: async (since) => {
      if (since && Date.now() - since.getTime() < 10 * 60_000) return null;
      const swept = { mediaClaims: await sweepStaleClaims(db.kysely), jobs: await services.jobs.sweep() };
      return swept.mediaClaims || swept.jobs ? swept : null;
    } },
  ], log, config.schedulerIntervalMs, new JobTimers(db, services.jobs.worker, config.jobLeaseMs));
  // Mail and other queued work: claimed here or by any other server (jobs/queue.ts).
  services.jobs.start();
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
      // An import running here goes back to the queue at its next step, for another server (or this one, restarted).
      services.wordpressImports.stop();
      await services.jobs.stop();
      // Live comment streams never end by themselves: they are ended first, or closing would wait for them.
      services.commentStream.close();
      await app.close();
      // Votes already taken in are written (and answered) before the database closes.
      await services.ballotBox.drain();
      await services.commentWriter.drain();
      services.accessLog.flush();
      await services.changes.close();
      await services.mailer.close();
      services.media.close();
      await db.close();
    },
  };
}
