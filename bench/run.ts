import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArticleService } from '../src/articles/service.ts';
import { ChangeBus } from '../src/cache/change-bus.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { type BoardEntry, checkChain } from '../src/polls/board.ts';
import { createPolls } from '../src/polls/factory.ts';
import { commentBench } from './comments.ts';
import { generateSite } from './generate-site.ts';
import { CONNECTIONS, DURATION, haveWrk, measure, type Result, WARMUP, wrk } from './load.ts';

/**
 * npm run bench: a 10,000-article site on SQLite (or PostgreSQL), measured with
 * autocannon and wrk against a bare Node http server serving the same article
 * from memory, every figure also printed as a ratio to it. Only 127.0.0.1 is
 * contacted; every run stops by itself.
 */
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
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

/** Servers still running, stopped if the run fails half-way so none is left behind. */
const running = new Set<ChildProcess>();

function startSamizdat(port: number, extra: Record<string, string>, output: 'inherit' | 'ignore' = 'inherit'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/samizdat.js'), 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), ...extra },
    stdio: ['ignore', output, output],
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

  // The load generator stands in for a trusted proxy, so each vote can come from an address of its own.
  const cached = await startSamizdat(3901, { PAGE_CACHE: 'on', TRUST_PROXY: '127.0.0.1' });
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
  const ratios: string[] = [];
  const baseline = fork(path.join(import.meta.dirname, 'baseline-server.ts'), [file, '3902']);
  await new Promise((r) => baseline.once('message', r));
  results.push(await measure('baseline: bare node http, same article from memory', 'http://127.0.0.1:3902', ['/']));

  const cachedArticle = await measure('article page, cached', base, [article]);
  results.push(cachedArticle);
  results.push(await measure('home page, cached', base, ['/']));
  results.push(await measure('search (never cached)', base, searchPaths));

  // The cached path against the physical limit, with a load generator that is not itself the
  // bottleneck: a bare server returning exactly the same bytes (headers too), measured in turns.
  if (await haveWrk()) {
    const headersFile = path.join(dataDir, 'article-headers.json');
    fs.writeFileSync(headersFile, JSON.stringify(await answerHeaders(`${base}${article}`)));
    const same = fork(path.join(import.meta.dirname, 'baseline-server.ts'), [file, '3907', headersFile]);
    await new Promise((r) => same.once('message', r));
    for (const c of [8, 32]) {
      const bare: Result[] = [];
      const ours: Result[] = [];
      for (let turn = 0; turn < 2; turn++) {
        bare.push(await wrk(`bare server, same bytes, wrk 2 threads ${c} connections`, 'http://127.0.0.1:3907/', c));
        ours.push(await wrk(`article page cached, wrk 2 threads ${c} connections`, `${base}${article}`, c));
      }
      const best = (rs: Result[]) => rs.reduce((a, b) => (b.rps > a.rps ? b : a));
      results.push(best(bare), best(ours));
      ratios.push(`cached article against a bare server sending the same bytes, wrk ${c} connections, best of two turns each: ${(best(ours).rps / best(bare).rps).toFixed(2)} (turns: ${ours.map((o, i) => (o.rps / bare[i].rps).toFixed(2)).join(', ')})`);
    }
    await stop(same);
  } else console.log('  (wrk is not installed: apt-get install wrk measures the cached path against its limit)');
  await stop(baseline);

  // Readers of one article while an editor saves another every 100 ms (through its own connection, as another server would).
  const writes = await savingEvery(100, article);
  const underWrites = await measure('article page, cached, while another article is saved every 100 ms', base, [article]);
  const saved = await writes.stop();
  results.push(underWrites);
  ratios.push(`cached article while another article is saved every 100 ms (${saved} saves): ${(underWrites.rps / cachedArticle.rps).toFixed(2)} of the figure without writes`);

  // Vote ingestion at 64 connections beside the cached article at 64, in the same run.
  if (await haveWrk()) ratios.push(...(await votes(base, article, results)));

  // Comments: posting at 64 connections, an article with 2,000 comments rendered uncached, cached reads while comments arrive.
  if (await haveWrk()) {
    const uncached = async () => {
      const child = await startSamizdat(3908, { PAGE_CACHE: 'off' });
      return { base: 'http://127.0.0.1:3908', stop: () => stop(child) };
    };
    ratios.push(...(await commentBench({ base, article, env, results, uncached })));
  }

  // Strangers' query strings must not multiply entries and push the front page out.
  ratios.push(await randomQueries(base, 10_000));
  await stop(cached);

  // The cost of the request log: one line per request at LOG_LEVEL=info, against none.
  if (await haveWrk()) {
    const logged = await startSamizdat(3905, { PAGE_CACHE: 'on', LOG_LEVEL: 'info', ACCESS_LOG: 'on' }, 'ignore');
    await fetch(`http://127.0.0.1:3905${article}`);
    const withLog = await wrk('article page cached, request log on (LOG_LEVEL=info), wrk 32 connections', `http://127.0.0.1:3905${article}`, 32);
    await stop(logged);
    const quiet = await startSamizdat(3906, { PAGE_CACHE: 'on', LOG_LEVEL: 'info', ACCESS_LOG: 'off' }, 'ignore');
    await fetch(`http://127.0.0.1:3906${article}`);
    const withoutLog = await wrk('article page cached, request log off, wrk 32 connections', `http://127.0.0.1:3906${article}`, 32);
    await stop(quiet);
    results.push(withLog, withoutLog);
    ratios.push(`cached article with the request log on: ${(withLog.rps / withoutLog.rps).toFixed(2)} of the figure with it off`);
  }

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
  console.log('');
  for (const r of ratios) console.log(`- ${r}`);
  fs.writeFileSync(path.join(root, '.bench', POSTGRES_URL ? 'results-postgres.json' : 'results.json'), JSON.stringify({ date: new Date().toISOString(), results, ratios }, null, 2));
}

/**
 * Saves an old article (one the measured page does not show) every `ms`
 * milliseconds through the article service on a connection of its own: the
 * change reaches the server through the change log, as another server's would.
 */
async function savingEvery(ms: number, measuredPath: string): Promise<{ stop(): Promise<number> }> {
  const db = openDatabase(loadConfig(env).database);
  const changes = new ChangeBus(db, { warn: () => undefined });
  const articles = new ArticleService({ db, changes });
  const old = await db.kysely.selectFrom('articles as a').innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['a.id', 'a.title', 'a.slug', 'a.standfirst', 'a.section_id', 'a.published_at', 'a.path', 'b.body_md'])
    .where('a.status', '=', 'published').orderBy('a.published_at').limit(1).executeTakeFirstOrThrow();
  if (old.path === measuredPath) throw new Error('the measured page is the one being saved');
  const authors = (await db.kysely.selectFrom('article_authors').select('user_id').where('article_id', '=', old.id).execute()).map((r) => r.user_id);
  const tags = (await db.kysely.selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id').select('t.name').where('at.article_id', '=', old.id).execute()).map((t) => t.name);
  let n = 0;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    await articles.update(old.id, {
      title: old.title, slug: old.slug, standfirst: `${old.standfirst} (${++n})`, sectionId: old.section_id, authorIds: authors, tags,
      bodyMd: old.body_md, status: 'published', publishedAt: old.published_at,
    });
    busy = false;
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      while (busy) await new Promise((r) => setTimeout(r, 10));
      await db.close();
      return n;
    },
  };
}

/**
 * Votes as fast as 64 connections send them, each from a new browser at an
 * address of its own, into a poll made for the run; then the board is read back
 * and checked: every vote answered 200 is a ballot on it, and the chain holds.
 */
async function votes(base: string, article: string, results: Result[]): Promise<string[]> {
  const db = openDatabase(loadConfig(env).database);
  const { polls } = createPolls({ db, changes: new ChangeBus(db, { warn: () => undefined }) });
  const made = await polls.create({
    question: `Benchmark poll ${new Date().toISOString()}`, options: ['One', 'Two', 'Three', 'Four'], maxChoices: 1,
    policy: 'browser', showResults: 'always', opensAt: null, closesAt: null,
  }, null);
  await db.close();
  if (!made.ok) throw new Error('could not make the benchmark poll');
  const script = path.join(import.meta.dirname, 'vote.lua');
  const page = await wrk('article page cached, wrk 64 connections', `${base}${article}`, 64);
  const cast = await wrk('votes, wrk 64 connections (each a new browser and address)', `${base}/polls/${made.id}/vote`, 64, { script });
  results.push(page, cast);
  const board = await (await fetch(`${base}/polls/${made.id}/board.json`)).text();
  const parsed = JSON.parse(board) as { poll: { genesis: string }; ballots: BoardEntry[] };
  const check = checkChain(parsed.poll.genesis, 4, 1, parsed.ballots);
  return [
    `votes: ${cast.rps.toFixed(0)} a second with p99 ${cast.p99} ms at 64 connections, ${(cast.rps / page.rps).toFixed(2)} of the cached article's requests a second at 64`,
    `board after the vote run: ${parsed.ballots.length} ballots (warm-up included), chain ${check.problem ? `BROKEN at ${check.problem.seq}: ${check.problem.problem}` : 'verified'}; ${cast.errors} answers other than 200`,
  ];
}

/** The headers of a cached answer, as a bare server would send them (Node adds date and connection itself). */
async function answerHeaders(url: string): Promise<string[]> {
  await fetch(url);
  const res = await fetch(url);
  const out: string[] = [];
  res.headers.forEach((v, k) => {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) out.push(k, v);
  });
  return out;
}

/** 10,000 requests for the front page with random query strings: how many cache entries they made, and whether / is still cached. */
async function randomQueries(base: string, count: number): Promise<string> {
  const entries = async () => ((await (await fetch(`${base}/healthz`)).json()) as { cache: { entries: number } }).cache.entries;
  await fetch(`${base}/`);
  const before = await entries();
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => fetch(`${base}/?utm_source=bench&x=${Math.random()}${i + j}`).then((r) => r.arrayBuffer())));
  }
  const after = await entries();
  const front = (await fetch(`${base}/`)).headers.get('x-cache');
  return `front page under ${count} random query strings: ${after - before} cache entries made; / afterwards answered ${front === 'hit' ? 'from the cache' : 'by rendering'}`;
}

main().catch((err) => {
  console.error(err);
  for (const child of running) child.kill('SIGTERM');
  process.exit(1);
});
