import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../bin/samizdat.js');

/**
 * Runs the `samizdat` command as an operator would and collects what it printed.
 * `env` is added to a quiet environment: this process's own (`inherit`), or only
 * PATH (`bare`), for a test that must not pick up a variable it did not set.
 */
export function samizdat(args: string[], env: Record<string, string>, base: 'inherit' | 'bare' = 'inherit'): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const start = base === 'inherit' ? process.env : { PATH: process.env.PATH ?? '' };
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...start, LOG_LEVEL: 'silent', SITE_URL: 'http://news.test', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}
