import cluster, { type Worker } from 'node:cluster';
import type pino from 'pino';
import type { Config } from './config/config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadDemoIfEmpty } from './demo/load-demo.ts';

/**
 * WORKERS > 1: the primary migrates the database and loads the demo once, then
 * forks that many app servers sharing the port. It relays "content changed"
 * between them and replaces a worker that dies.
 */
export async function runPrimary(config: Config, log: pino.Logger): Promise<void> {
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    if (config.demoOnEmpty) await loadDemoIfEmpty(db, config, log);
  } finally {
    await db.close();
  }
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (m: { samizdat?: string }) => {
      if (!m?.samizdat) return;
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker) other.send(m);
    });
  };
  cluster.on('exit', (worker: Worker, code) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code }, 'worker died; starting another');
    fork();
  });
  for (let i = 0; i < config.workers; i++) fork();
  log.info({ workers: config.workers }, 'started worker processes');
  const stop = (signal: string) => {
    stopping = true;
    log.info({ signal }, 'stopping workers');
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const force = setTimeout(() => process.exit(1), 12_000);
    force.unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
