import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/accounts/passwords.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/connection.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/samizdat.js');
const PASSWORD = 'tall purple lighthouse keeper';
const haveScript = fs.existsSync('/usr/bin/script');

interface Run { code: number | null; out: string }

/** Runs the samizdat command with only the environment given; stdout and stderr together. */
function run(args: string[], env: Record<string, string>, opts: { terminal?: string } = {}): Promise<Run> {
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'silent', ...env };
  // On a terminal: `script` gives the command a pseudo-terminal, which echoes whatever the program lets it.
  const child = opts.terminal === undefined
    ? spawn(process.execPath, [BIN, ...args], { env: fullEnv })
    : spawn('/usr/bin/script', ['-qec', [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null'], { env: fullEnv });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // Type the password once the prompt is up.
    if (opts.terminal !== undefined && out.includes('Password') && !child.stdin.writableEnded) child.stdin.end(opts.terminal);
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('samizdat create-admin', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-cli-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function storedHash(dir: string, email: string): Promise<string | null> {
    const db = openDatabase(loadConfig({ DATA_DIR: dir }).database);
    try {
      return (await db.kysely.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirst())?.password_hash ?? null;
    } finally {
      await db.close();
    }
  }

  it('prints the sign-in address on this port when SITE_URL is not set, and never the password', async () => {
    const dir = dataDir();
    const r = await run(['create-admin', '--email', 'ada@example.org', '--name', 'Ada Owner'], { DATA_DIR: dir, PORT: '4321', SAMIZDAT_ADMIN_PASSWORD: PASSWORD });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Sign in at http://localhost:4321/admin/login');
    expect(r.out).not.toContain(PASSWORD);
    expect(await verifyPassword(await storedHash(dir, 'ada@example.org'), PASSWORD)).toBe(true);
  });

  it('prints the address under SITE_URL when it is set', async () => {
    const r = await run(['create-admin', '--email', 'bo@example.org', '--name', 'Bo Owner', '--password', PASSWORD], { DATA_DIR: dataDir(), PORT: '4321', SITE_URL: 'https://news.example.org/' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Sign in at https://news.example.org/admin/login');
    expect(r.out).not.toContain(PASSWORD);
  });

  it('refuses an easy password without repeating it', async () => {
    const weak = 'Cy Owner 2026';
    const r = await run(['create-admin', '--email', 'cy@example.org', '--name', 'Cy Owner', '--password', weak], { DATA_DIR: dataDir() });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Could not create the account');
    expect(r.out).not.toContain(weak);
  });

  it.skipIf(!haveScript)('asks on the terminal and shows nothing of what is typed', async () => {
    const dir = dataDir();
    // The last character is rubbed out with backspace (DEL), as a person would.
    const r = await run(['create-admin', '--email', 'di@example.org', '--name', 'Di Owner'], { DATA_DIR: dir, PORT: '4321' }, { terminal: `${PASSWORD}x\x7f\r` });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('not shown');
    expect(r.out).not.toContain('lighthouse');
    expect(await verifyPassword(await storedHash(dir, 'di@example.org'), PASSWORD)).toBe(true);
  });
});
