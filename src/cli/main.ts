import cluster from 'node:cluster';
import { createStaff } from '../accounts/accounts-service.ts';
import { runPrimary } from '../cluster.ts';
import { type Config, ConfigError, loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ChangeBus } from '../cache/change-bus.ts';
import { isEmpty, loadDemoIfEmpty } from '../demo/load-demo.ts';
import { afterRemoval, describeRemoval, NO_DEMO, removeDemo } from '../demo/remove-demo.ts';
import { makeLogger, startServer } from '../server.ts';
import { verifyPollCommand } from './verify-poll.ts';
import { backupSqlite, restoreSqlite } from '../backup/backup.ts';
import { mediaCommand } from './media-command.ts';
import { activeStore, closeStore } from '../media/stores.ts';
import { importWordpressCommand } from './import-wordpress.ts';
import { exportCommand, exportWordpressCommand, importArchiveCommand } from '../archive/commands.ts';

const HELP = `Usage: samizdat <command>

Commands:
  serve     migrate the database, load the demo into an empty site, and serve it
  migrate   bring the database schema up to date
  demo      load the demo content into an empty site
  demo --remove
            remove the demo content (articles, people, sections, pictures)
            and nothing else; what the site's own content uses is kept
  create-admin --email ADDRESS --name "FULL NAME" [--password PASSWORD]
            create an owner account; the password is asked for on the
            terminal without echo, or comes from SAMIZDAT_ADMIN_PASSWORD
            (a --password argument is visible to other users of the machine)
  verify-poll <poll address or saved board> [<results.json>] [--receipt R] [--previous SEQ:HASH]
            download a poll's board, check its hash chain, count it again
            and compare with the published results (exit 0 verified,
            1 a problem found, 2 could not read); see docs/polls.md
  import-wordpress <export.xml> [--uploads DIR] [--dry-run]
            import a WordPress export: authors, sections, tags, posts,
            pages, pictures (from a copy of wp-content/uploads) and comments,
            with the old addresses leading to the new; running it again adds
            nothing twice; see docs/wordpress.md
  backup <dir>
            copy a running SQLite site (database and media, consistent with
            each other) into a new directory without stopping it
  restore <dir>
            put such a backup into an empty data directory (server stopped);
            see docs/backup.md, which also covers PostgreSQL
  media migrate --to s3|local
            copy every media file into the other store, check each by size
            and SHA-256, then switch the site to it (running servers follow);
            safe to interrupt and run again; see docs/media.md
  export <file.tar | file.tar.gz> [--with-secrets]
            write the whole site (every table, every media file) into one
            archive; password hashes, sessions and keys only with
            --with-secrets; see docs/archive-format.md
  import-archive <file>
            restore such an archive into a new, empty site (SQLite or
            PostgreSQL, as DATABASE_URL says); see docs/backup.md
  export-wordpress <file.xml>
            write the articles, pages, pictures, authors, sections, tags
            and comments as a WordPress export (WXR 1.2) that WordPress's
            importer reads; see docs/archive-format.md
  help      show this text

Configuration comes from environment variables; see docs/configuration.md.
`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  // Needs no configuration: anyone can verify any site's poll.
  if (command === 'verify-poll') return verifyPollCommand(argv.slice(1));
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
        const store = await activeStore(db, config, log);
        const r = await removeDemo(db, store, new ChangeBus(db, log)).finally(() => closeStore(store));
        if (!r.found) process.stdout.write(`${NO_DEMO}\n`);
        else process.stdout.write(`Removed the demo: ${describeRemoval(r.removed)}.\n`);
        for (const k of r.kept) process.stdout.write(`Kept ${k}.\n`);
        const next = afterRemoval(r);
        if (next) process.stdout.write(`${next.text} Change that in ${next.where}: ${config.siteUrl}${next.href}\n`);
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
  if (command === 'backup' || command === 'restore') return backupCommand(config, command, argv[1]);
  if (command === 'import-wordpress') return importWordpressCommand(config, argv.slice(1));
  if (command === 'media') return mediaCommand(config, argv.slice(1));
  if (command === 'export') return exportCommand(config, argv.slice(1));
  if (command === 'import-archive') return importArchiveCommand(config, argv.slice(1));
  if (command === 'export-wordpress') return exportWordpressCommand(config, argv.slice(1));
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
    // config.siteUrl is SITE_URL, or http://localhost:PORT when it is not set: where this server answers.
    process.stdout.write(`Created owner account ${email} (id ${id}). Sign in at ${config.siteUrl}/admin/login\n`);
    return 0;
  } catch (err) {
    // The password is never written out, not even inside a message that happened to quote it.
    const said = err instanceof Error ? err.message : String(err);
    const message = password ? said.split(password).join('…') : said;
    process.stderr.write(`Could not create the account: ${message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

/**
 * Reads a password from the terminal without showing it. The terminal is put in
 * raw mode, so it echoes nothing itself, and nothing is written back per key.
 * (readline was used before: its echo hook is no longer a public property in
 * Node 24, and the password was shown as it was typed.)
 */
async function askPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new Error('give --password or SAMIZDAT_ADMIN_PASSWORD when not on a terminal');
  // Raw mode before the prompt: whatever is typed once the prompt shows is never echoed by the terminal.
  input.setRawMode(true);
  process.stdout.write('Password (at least 10 characters, not shown): ');
  input.setEncoding('utf8');
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(() => resolve(typed));
          if (ch === '\u0003') return finish(() => reject(new Error('cancelled')));
          if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
          else if (ch >= ' ') typed += ch;
        }
      };
      const finish = (settle: () => void) => {
        input.off('data', onData);
        settle();
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stdout.write('\n');
  }
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

async function backupCommand(config: Config, command: 'backup' | 'restore', dir: string | undefined): Promise<number> {
  if (!dir) {
    process.stderr.write(`Usage: samizdat ${command} <directory>\n`);
    return 2;
  }
  try {
    if (command === 'restore') {
      const r = restoreSqlite(config, dir);
      process.stdout.write(`Restored ${r.databaseBytes} bytes of database and ${r.mediaFiles} media files into ${config.dataDir}.\n`);
      return 0;
    }
    const db = openDatabase(config.database);
    try {
      const r = await backupSqlite(db, config, dir);
      if (r.mediaElsewhere) process.stdout.write(`Backed up ${r.databaseBytes} bytes of database into ${r.dir}. The media files are in ${r.mediaElsewhere} and were not copied: keep them with the bucket's versioning or replication (docs/backup.md).\n`);
      else process.stdout.write(`Backed up ${r.databaseBytes} bytes of database and ${r.mediaFiles} media files into ${r.dir}.\n`);
      for (const m of r.missing) process.stdout.write(`Not in the backup: ${m} (deleted from the site while the backup ran).\n`);
    } finally {
      await db.close();
    }
    return 0;
  } catch (err) {
    process.stderr.write(`samizdat ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}
