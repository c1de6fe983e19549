import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/samizdat.js');

describe('configuration', () => {
  it('has working defaults: SQLite in ./data on port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ kind: 'sqlite', file: path.resolve('data/samizdat.db') });
    expect(c.siteUrl).toBe('http://localhost:3000');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('takes PostgreSQL from DATABASE_URL and trims a trailing slash from SITE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db/news', SITE_URL: 'https://news.example.org/' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db/news' });
    expect(c.siteUrl).toBe('https://news.example.org');
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number \(got "abc"\)/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres:\/\//],
    ['SITE_URL', 'news.example.org', /SITE_URL must be an absolute URL/],
    ['PAGE_CACHE', 'maybe', /PAGE_CACHE must be one of on\/off/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('stops the program with one clear line and exit code 1', () => {
    const run = spawnSync(process.execPath, [bin, 'serve'], {
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Configuration error: PORT must be a whole number (got "eighty")');
  });
});
