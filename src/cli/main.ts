import cluster from 'node:cluster';
import { runPrimary } from '../cluster.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { isEmpty, loadDemoIfEmpty } from '../demo/load-demo.js';
import { makeLogger, startServer } from '../server.js';

const HELP = `Usage: samizdat <command>

Commands:
  serve     migrate the database, load the demo into an empty site, and serve it
  migrate   bring the database schema up to date
  demo      load the demo content into an empty site
  help      show this text

Configuration comes from environment variables; see docs/configuration.md.
`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  if (command === 'serve') {
    if (config.workers > 1 && cluster.isPrimary) {
      await runPrimary(config, makeLogger(config));
      return -1;
    }
    const server = await startServer(config);
    const stop = async (signal: string) => {
      server.services.log.info({ signal }, 'shutting down: finishing requests in flight');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      await server.close();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    return -1; // keep running
  }
  if (command === 'migrate' || command === 'demo') {
    const log = makeLogger(config);
    const db = openDatabase(config.database);
    try {
      const applied = await migrateToLatest(db);
      log.info({ applied }, applied.length ? 'database migrated' : 'database already up to date');
      if (command === 'demo') {
        if (!(await isEmpty(db))) {
          process.stderr.write('The site already has content; the demo loads only into an empty site.\n');
          return 1;
        }
        await loadDemoIfEmpty(db, config, log);
      }
    } finally {
      await db.close();
    }
    return 0;
  }
  process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`samizdat: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  },
);
