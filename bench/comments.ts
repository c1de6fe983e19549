import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChangeBus } from '../src/cache/change-bus.ts';
import { commentsDep } from '../src/comments/deps.ts';
import { normalisedText, renderComment } from '../src/comments/markdown.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { measure, type Result, wrk } from './load.ts';

/**
 * npm run bench, comments (also on its own: node bench/comments.ts, against the
 * site npm run bench built): comments posted as fast as 64 connections send
 * them, each from its own address and guest; the uncached article page of an
 * article with 2,000 comments; and cached reads of another article while
 * comments arrive at 50 a second, beside the same reads without them.
 */

const root = path.resolve(import.meta.dirname, '..');
const THREADED = 2000;

export interface CommentBenchDeps {
  /** The cached server (trusting 127.0.0.1 as a proxy). */
  base: string;
  /** The article page measured everywhere else: comments go to other articles. */
  article: string;
  env: Record<string, string>;
  results: Result[];
  /** Starts a server with the page cache off, for the uncached render. */
  uncached: () => Promise<{ base: string; stop(): Promise<void> }>;
}

export async function commentBench(d: CommentBenchDeps): Promise<string[]> {
  const db = openDatabase(loadConfig(d.env).database);
  const k = db.kysely;
  const measured = await k.selectFrom('articles').select('id').where('path', '=', d.article).executeTakeFirstOrThrow();
  // Two recent articles (still open for comments), neither the measured one: one takes the posts, one holds a long discussion.
  const [posting, threaded] = await k.selectFrom('articles').select(['id', 'path', 'published_at']).where('status', '=', 'published')
    .where('id', '<>', measured.id).orderBy('published_at', 'desc').limit(2).execute();
  await k.updateTable('articles').set({ comments_enabled: 1 }).where('id', 'in', [posting.id, threaded.id]).execute();
  await fillThread(db, threaded.id, threaded.published_at!);
  await db.close();
  const out: string[] = [];
  // BENCH_COMMENT_PARTS=post,render,stream (the default: all) runs some of them.
  const parts = new Set((process.env.BENCH_COMMENT_PARTS ?? 'post,render,stream').split(','));

  // The form's stamp as the cached page drew it, old enough to be a person's.
  const page = await (await fetch(`${d.base}${posting.path}`)).text();
  process.env.BENCH_COMMENT_STAMP = /name="t" value="([^"]+)"/.exec(page)![1];
  await new Promise((r) => setTimeout(r, 2100));
  if (parts.has('post')) out.push(await posts(d, posting.id));
  if (parts.has('render')) out.push(await render(d, threaded.path!));
  if (parts.has('stream')) out.push(await cachedWhileStreaming(d, posting.id));
  return out;
}

async function posts(d: CommentBenchDeps, postingId: number): Promise<string> {
  const before = await count(d.env, postingId);
  const cached = await wrk('article page cached, wrk 64 connections (beside the comment posts)', `${d.base}${d.article}`, 64);
  const posted = await wrk('comments posted, wrk 64 connections (each a new guest and address)', `${d.base}/articles/${postingId}/comments`, 64, { script: path.join(import.meta.dirname, 'comment.lua') });
  const stored = (await count(d.env, postingId)) - before;
  d.results.push(cached, posted);
  return `comments posted: ${posted.rps.toFixed(0)} a second with p99 ${posted.p99} ms at 64 connections (${(posted.rps / cached.rps).toFixed(2)} of the cached article's requests a second); ${stored} stored (warm-up included), ${posted.errors} answers other than 200`;
}

async function render(d: CommentBenchDeps, threadedPath: string): Promise<string> {
  // 2. The uncached article page with 2,000 comments: one reader at a time (the render's own time), and twenty.
  const server = await d.uncached();
  try {
    const one = await measure(`article with ${THREADED} comments, cache off, 1 connection`, server.base, [threadedPath], { connections: 1 });
    const many = await measure(`article with ${THREADED} comments, cache off, 20 connections`, server.base, [threadedPath]);
    const plain = await measure('article without comments, cache off, 20 connections', server.base, [d.article]);
    d.results.push(one, many, plain);
    return `article with ${THREADED} comments, rendered every time: p99 ${one.p99} ms for one reader, p99 ${many.p99} ms at 20 connections (${many.rps.toFixed(0)} req/s, ${(many.rps / plain.rps).toFixed(2)} of the same server's article without comments)`;
  } finally {
    await server.stop();
  }
}

async function cachedWhileStreaming(d: CommentBenchDeps, postingId: number): Promise<string> {
  // 3. Cached reads of another article (wrk), without and with 50 comments a second arriving (from a process of their own), in turns.
  const quiet: Result[] = [];
  const busy: Result[] = [];
  let sent = 0;
  for (let turn = 0; turn < 3; turn++) {
    quiet.push(await wrk('article page cached, wrk 32 connections, no comments arriving', `${d.base}${d.article}`, 32));
    const stream = await streamComments(d.base, postingId, 50);
    busy.push(await wrk('article page cached, wrk 32 connections, while 50 comments a second arrive on another article', `${d.base}${d.article}`, 32));
    sent += await stream.stop();
  }
  // The machine is shared and noisy: the middle turn of each, and every turn's own ratio.
  const median = (rs: Result[]) => [...rs].sort((a, b) => a.rps - b.rps)[1];
  d.results.push(median(quiet), median(busy));
  return `cached article while 50 comments a second arrive on another (${sent} posted): ${(median(busy).rps / median(quiet).rps).toFixed(2)} of the same run's figure without them, median of three turns each (turns: ${busy.map((b, i) => (b.rps / quiet[i].rps).toFixed(2)).join(', ')})`;
}

async function count(env: Record<string, string>, articleId: number): Promise<number> {
  const db = openDatabase(loadConfig(env).database);
  const r = await db.kysely.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).executeTakeFirstOrThrow();
  await db.close();
  return Number(r.n);
}

/**
 * Gives an article 2,000 comments (once; kept for the next run): 400 threads of
 * up to three levels, as an import would write them, then tells the servers.
 */
async function fillThread(db: ReturnType<typeof openDatabase>, articleId: number, publishedAt: string): Promise<void> {
  const k = db.kysely;
  const have = Number((await k.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('article_id', '=', articleId).executeTakeFirstOrThrow()).n);
  if (have >= THREADED) return;
  const start = Date.parse(publishedAt);
  await k.transaction().execute(async (trx) => {
    let top: { id: number; reply: number | null } | null = null;
    for (let i = have; i < THREADED; i++) {
      const body = `Comment ${i + 1} in a long discussion: the council's *figures* and [the report](https://example.org/report-${i}).\n\nA second paragraph, as people write.`;
      const at = new Date(start + i * 60_000).toISOString();
      // Every fifth comment starts a thread; the others answer its first comment or its first reply.
      const parent: { id: number; depth: number } | null = i % 5 === 0 || !top ? null : i % 5 === 3 && top.reply ? { id: top.reply, depth: 2 } : { id: top.id, depth: 1 };
      const row = await trx.insertInto('comments').values({
        article_id: articleId, parent_id: parent?.id ?? null, thread_id: parent ? top!.id : null, depth: parent ? parent.depth : 0,
        author_user_id: null, guest_name: `Reader ${i + 1}`, guest_email: null, author_token_hash: null, body_md: body, body_html: renderComment(body).html,
        body_hash: createHash('sha256').update(normalisedText(body)).digest('base64url'), status: 'visible', removed_reason: null,
        notify_replies: 0, edited_at: null, created_at: at, updated_at: at,
      }).returning('id').executeTakeFirstOrThrow();
      if (!parent) top = { id: row.id, reply: null };
      else if (parent.depth === 1 && top && top.reply === null) top.reply = row.id;
    }
  });
  await new ChangeBus(db, { warn: () => undefined }).changed([commentsDep(articleId)]);
}

/** Posts comments over HTTP at a steady rate from a child process, until stopped; returns how many were answered 200. */
async function streamComments(base: string, articleId: number, perSecond: number): Promise<{ stop(): Promise<number> }> {
  const child = fork(path.join(import.meta.dirname, 'comment-stream.ts'), [base, String(articleId), String(perSecond), process.env.BENCH_COMMENT_STAMP!]);
  await new Promise((r) => child.once('message', r));
  return {
    stop: () => new Promise<number>((resolve) => {
      child.once('message', (m: { ok: number }) => resolve(m.ok));
      child.send('stop');
    }),
  };
}

/** On its own: the site `npm run bench` built, a cached server and an uncached one. */
async function alone(): Promise<void> {
  const dataDir = path.join(root, '.bench', 'data');
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dataDir, 'bench.db')}` };
  const running: ChildProcess[] = [];
  const start = async (port: number, extra: Record<string, string>) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/samizdat.js'), 'serve'], { env: { ...process.env, ...env, PORT: String(port), ...extra }, stdio: 'inherit' });
    running.push(child);
    for (let i = 0; i < 600; i++) {
      if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return { base: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
  };
  try {
    const cached = await start(3911, { PAGE_CACHE: 'on', TRUST_PROXY: '127.0.0.1' });
    const home = await (await fetch(`${cached.base}/`)).text();
    const article = /href="(\/\d{4}\/\d{2}\/[a-z0-9-]+)"/.exec(home)![1];
    const results: Result[] = [];
    const lines = await commentBench({ base: cached.base, article, env, results, uncached: () => start(3913, { PAGE_CACHE: 'off' }) });
    await cached.stop();
    console.log('');
    for (const l of lines) console.log(`- ${l}`);
  } finally {
    for (const c of running) c.kill('SIGTERM');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  alone().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
