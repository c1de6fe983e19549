import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createPostgresDatabase, type DatabaseKind } from './databases.ts';

export interface TestSite extends RunningServer {
  kind: DatabaseKind;
  dataDir: string;
  /** GET (or another method) against the real server over HTTP. */
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  text(pathname: string, init?: RequestInit): Promise<{ status: number; body: string; headers: Headers }>;
}

export interface SiteOptions {
  demo?: boolean;
  env?: Record<string, string>;
  /** Reuse an existing database (a second app server on the same PostgreSQL). */
  databaseUrl?: string;
  dataDir?: string;
}

/** Start a real Samizdat server on a random port with its own fresh database. */
export async function startTestSite(kind: DatabaseKind, opts: SiteOptions = {}): Promise<TestSite> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-test-'));
  let dropDb: (() => Promise<void>) | null = null;
  let databaseUrl = opts.databaseUrl;
  if (!databaseUrl && kind === 'postgres') {
    const pgDb = await createPostgresDatabase();
    databaseUrl = pgDb.url;
    dropDb = pgDb.drop;
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SITE_URL: 'http://news.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_FORMAT: 'json',
    DEMO_ON_EMPTY: opts.demo === false ? 'off' : 'on',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...opts.env,
  });
  const server = await startServer(config);
  const fetchSite = (pathname: string, init?: RequestInit) => fetch(`${server.url}${pathname}`, { redirect: 'manual', ...init });
  return {
    ...server,
    kind,
    dataDir,
    fetch: fetchSite,
    async text(pathname, init) {
      const res = await fetchSite(pathname, init);
      return { status: res.status, body: await res.text(), headers: res.headers };
    },
    async close() {
      await server.close();
      if (dropDb) await dropDb();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
