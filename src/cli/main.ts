import cluster from 'node:cluster';
import readline from 'node:readline/promises';
import { createStaff } from '../accounts/accounts-service.ts';
import { runPrimary } from '../cluster.ts';
import { type Config, ConfigError, loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ChangeBus } from '../cache/change-bus.ts';
import { isEmpty, loadDemoIfEmpty } from '../demo/load-demo.ts';
import { removeDemo } from '../demo/remove-demo.ts';
import { makeLogger, startServer } from '../server.ts';

const HELP = `Usage: samizdat <command>

Commands:
  serve     migrate the database, load the demo into an empty site, and serve it
  migrate   bring the database schema up to date
  demo      load the demo content into an empty site
  demo --remove
            remove the demo content (articles, people, sections, pictures)
            and nothing else; what the site's own content uses is kept
  create-admin --email ADDRESS --name "FULL NAME" [--password PASSWORD]
            create an owner account (the password may also come from
            SAMIZDAT_ADMIN_PASSWORD, or is asked for on the terminal)
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
      if (command === 'demo' && argv.includes('--remove')) {
        const r = await removeDemo(db, config.dataDir, new ChangeBus(db, log));
        const n = r.removed;
        process.stdout.write(`Removed the demo: ${n.articles} articles, ${n.sections} sections, ${n.people} people, ${n.media} pictures, ${n.tags} tags.\n`);
        for (const k of r.kept) process.stdout.write(`Kept ${k}.\n`);
      } else if (command === 'demo') {
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
  if (command === 'create-admin') return createAdmin(config, argv.slice(1));
  process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
  return 2;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function createAdmin(config: Config, args: string[]): Promise<number> {
  const usage = 'Usage: samizdat create-admin --email ADDRESS --name "FULL NAME" [--password PASSWORD]\n';
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const email = option(args, 'email');
  const name = option(args, 'name');
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email) || !name) {
    process.stderr.write(usage);
    return 2;
  }
  const password = option(args, 'password') ?? process.env.SAMIZDAT_ADMIN_PASSWORD ?? (await askPassword());
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const id = await createStaff(db, { email, name, password, role: 'owner' });
    // SITE_URL is where readers reach the site; say so when it is only the default.
    const where = process.env.SITE_URL ? `${config.siteUrl}/admin` : `/admin on your server (${config.siteUrl}/admin with the default settings)`;
    process.stdout.write(`Created owner account ${email} (id ${id}). Sign in at ${where}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`Could not create the account: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('give --password or SAMIZDAT_ADMIN_PASSWORD when not on a terminal');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  process.stdout.write('Password (at least 10 characters): ');
  const answer = await rl.question('');
  rl.close();
  process.stdout.write('\n');
  return answer;
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
