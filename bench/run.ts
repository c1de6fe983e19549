import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { generateSite } from './generate-site.ts';

/**
 * npm run bench: a 10,000-article site on SQLite, measured with autocannon
 * against a bare Node http server serving the same article from memory.
 * Only 127.0.0.1 is contacted; every run stops by itself.
 */
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const root = path.resolve(import.meta.dirname, '..');
/** SQLite in .bench/ by default; BENCH_DATABASE_URL=postgres://… measures PostgreSQL (an empty database is filled). */
const POSTGRES_URL = process.env.BENCH_DATABASE_URL;
const dataDir = path.join(root, '.bench', POSTGRES_URL ? 'data-postgres' : 'data');
const env = {
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  HOST: '127.0.0.1',
  DATABASE_URL: POSTGRES_URL ?? `sqlite:${path.join(dataDir, 'bench.db')}`,
};

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

async function measure(name: string, url: string, paths: string[]): Promise<Result> {
  let i = 0;
  // An unmeasured run first, so the figures are the server's steady state rather
  // than V8 compiling the code paths (the first seconds of a fresh process).
  if (WARMUP > 0) {
    await autocannon({
      url,
      connections: CONNECTIONS,
      duration: WARMUP,
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
    });
  }
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  });
  const result = { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
  console.log(`  ${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`);
  return result;
}

/** Servers still running, stopped if the run fails half-way so none is left behind. */
const running = new Set<ChildProcess>();

function startSamizdat(port: number, extra: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/samizdat.js'), 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), ...extra },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return waitForHttp(`http://127.0.0.1:${port}/healthz`).then(() => child);
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const queries = ['harbour', 'council budget', 'library', 'school', 'housing figures', 'ferry', 'festival plan', 'wind'];
const searchPaths = queries.map((q) => `/search?q=${encodeURIComponent(q)}`);

async function main() {
  console.log(`Samizdat benchmark: ${ARTICLES} articles, ${CONNECTIONS} connections, ${DURATION} s a measurement after ${WARMUP} s of warm-up, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`database: ${POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`);
  fs.mkdirSync(dataDir, { recursive: true });
  if (POSTGRES_URL) {
    // Tops the database up to BENCH_ARTICLES articles; nothing to do when it holds them already.
    const t = Date.now();
    await generateSite(env, ARTICLES);
    console.log(`site ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } else if (!fs.existsSync(path.join(dataDir, 'bench.db')) || process.env.BENCH_REBUILD) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const t = Date.now();
    await generateSite(env, ARTICLES);
    console.log(`generated the site in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  const cached = await startSamizdat(3901, { PAGE_CACHE: 'on' });
  const base = 'http://127.0.0.1:3901';
  const home = await (await fetch(`${base}/`)).text();
  const articlePaths = [...home.matchAll(/href="(\/\d{4}\/\d{2}\/[a-z0-9-]+)"/g)].map((m) => m[1]);
  const article = articlePaths[0];
  const articleHtml = await (await fetch(`${base}${article}`)).text();
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const many = [...sitemap.matchAll(/<loc>http:\/\/[^/]+(\/\d{4}\/\d{2}\/[^<]+)<\/loc>/g)].map((m) => m[1]).slice(0, 2000);
  const file = path.join(dataDir, 'article.html');
  fs.writeFileSync(file, articleHtml);
  console.log(`article page: ${article} (${Buffer.byteLength(articleHtml)} bytes); uncached runs rotate over ${many.length} articles`);

  const results: Result[] = [];
  const baseline = fork(path.join(import.meta.dirname, 'baseline-server.ts'), [file, '3902']);
  await new Promise((r) => baseline.once('message', r));
  results.push(await measure('baseline: bare node http, same article from memory', 'http://127.0.0.1:3902', ['/']));
  await stop(baseline);

  results.push(await measure('article page, cached', base, [article]));
  results.push(await measure('home page, cached', base, ['/']));
  results.push(await measure('search (never cached)', base, searchPaths));
  await stop(cached);

  const uncached = await startSamizdat(3903, { PAGE_CACHE: 'off' });
  results.push(await measure('article page, cache off (rendered every time)', 'http://127.0.0.1:3903', many));
  results.push(await measure('home page, cache off', 'http://127.0.0.1:3903', ['/']));
  await stop(uncached);

  // The same with one app server process per core (WORKERS=2 on this machine).
  const workers = String(os.availableParallelism());
  const multi = await startSamizdat(3904, { PAGE_CACHE: 'off', WORKERS: workers });
  results.push(await measure(`article page, cache off, WORKERS=${workers}`, 'http://127.0.0.1:3904', many));
  results.push(await measure(`search, WORKERS=${workers}`, 'http://127.0.0.1:3904', searchPaths));
  await stop(multi);

  const b = results[0].rps;
  console.log('\n| measurement | req/s | ratio to baseline | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / b).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  }
  fs.writeFileSync(path.join(root, '.bench', POSTGRES_URL ? 'results-postgres.json' : 'results.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
}

main().catch((err) => {
  console.error(err);
  for (const child of running) child.kill('SIGTERM');
  process.exit(1);
});
