import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleService, type ArticleInput } from '../src/articles/service.ts';
import { ChangeBus } from '../src/cache/change-bus.ts';
import { PageCache } from '../src/cache/page-cache.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { publicPage } from '../src/http/page-handler.ts';
import { asRole } from './helpers/agent.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** The input that saves an article unchanged, for changing one thing. */
async function inputFor(site: TestSite, id: number): Promise<ArticleInput> {
  const db = site.services.db.kysely;
  const a = await db.selectFrom('articles').innerJoin('article_bodies', 'article_id', 'id').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const authors = await db.selectFrom('article_authors').select('user_id').where('article_id', '=', id).orderBy('position').execute();
  const tags = await db.selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id').select('t.name').where('at.article_id', '=', id).execute();
  return {
    title: a.title, slug: a.slug, standfirst: a.standfirst, sectionId: a.section_id, authorIds: authors.map((r) => r.user_id),
    tags: tags.map((t) => t.name), bodyMd: a.body_md, leadMediaId: a.lead_media_id, leadAlt: a.lead_alt, leadCaption: a.lead_caption,
    leadCredit: a.lead_credit, status: a.status, publishedAt: a.published_at,
  };
}

async function get(site: TestSite, p: string) {
  const res = await site.fetch(p);
  return { status: res.status, cache: res.headers.get('x-cache'), etag: res.headers.get('etag'), body: await res.text() };
}

/** A, the oldest article, and B, one whose page does not show A (not its neighbour, not in its related reading). */
async function twoUnrelated(site: TestSite) {
  const all = await site.services.db.kysely.selectFrom('articles').select(['id', 'path', 'section_id']).where('status', '=', 'published').orderBy('published_at').execute();
  const a = all[0];
  for (const b of all.slice(1)) if (!(await get(site, b.path!)).body.includes(a.path!)) return { a, b };
  throw new Error('every article shows the oldest one');
}

/** The status of a request sent as written (fetch would drop a fragment before sending it). */
function rawStatus(site: TestSite, target: string): Promise<number> {
  const { hostname, port } = new URL(site.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    let head = '';
    socket.on('data', (d) => { head += d; });
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

/** Fetches until the page is answered from the cache (the first answer renders it). */
async function cached(site: TestSite, p: string) {
  await get(site, p);
  const again = await get(site, p);
  expect(again.cache, p).toBe('hit');
  return again;
}

describe.each(DATABASES)('a page cache that forgets only what changed, on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;

  it('keeps article B cached when article A is saved, and forgets A, its listings and the feeds', async () => {
    // A: an old article, shown in no sidebar; B: another old one, in another section.
    const { a, b } = await twoUnrelated(site);
    const section = await db().selectFrom('sections').select('slug').where('id', '=', a.section_id).executeTakeFirstOrThrow();
    const pageB = await cached(site, b.path!);
    await cached(site, a.path!);
    await cached(site, `/section/${section.slug}`);
    await cached(site, '/feed.xml');
    await cached(site, '/sitemap.xml');

    await site.services.articles.update(a.id, { ...(await inputFor(site, a.id)), title: 'A new headline for article A' });

    const b2 = await get(site, b.path!);
    expect(b2.cache).toBe('hit');
    expect(b2.etag).toBe(pageB.etag);
    const a2 = await get(site, a.path!);
    expect(a2.cache).toBe('miss');
    expect(a2.body).toContain('A new headline for article A');
    expect((await get(site, '/sitemap.xml')).cache).toBe('miss');
    // The section page showed A: forgotten. The site feed did not show A (it is old): kept.
    const listing = await get(site, `/section/${section.slug}?page=${await pageOfArticle(section.slug, a.path!)}`);
    expect(listing.body).toContain('A new headline for article A');
  });

  async function pageOfArticle(slug: string, articlePath: string): Promise<number> {
    for (let n = 1; n < 50; n++) if ((await get(site, `/section/${slug}?page=${n}`)).body.includes(articlePath)) return n;
    throw new Error('not listed');
  }

  it('forgets the front page, the feeds and the sidebars when an article is published', async () => {
    const editor = await asRole(site, 'editor');
    const home = await cached(site, '/');
    await cached(site, '/feed.xml');
    const anyArticle = (await db().selectFrom('articles').select('path').where('status', '=', 'published').orderBy('published_at', 'desc').executeTakeFirstOrThrow()).path!;
    await cached(site, anyArticle);
    await editor.get('/admin/articles/new');
    const section = await db().selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    await editor.post('/admin/articles', { title: 'Fresh off the press today', standfirst: '', section_id: String(section.id), body_md: 'News.', action: 'publish' });
    const after = await get(site, '/');
    expect(after.cache).toBe('miss');
    expect(after.etag).not.toBe(home.etag);
    expect(after.body).toContain('Fresh off the press today');
    expect((await get(site, '/feed.xml')).body).toContain('Fresh off the press today');
    // Every article page shows the newest articles in its sidebar.
    expect((await get(site, anyArticle)).body).toContain('Fresh off the press today');
  });

  it('forgets a tag’s pages when the tag is renamed, and leads its old address to the new one', async () => {
    const tag = await db().selectFrom('tags as t').innerJoin('article_tags as at', 'at.tag_id', 't.id').select(['t.id', 't.slug']).where('at.published_at', 'is not', null).executeTakeFirstOrThrow();
    await cached(site, `/tag/${tag.slug}`);
    const history = (await db().selectFrom('articles').select('path').where('status', '=', 'published').orderBy('published_at').executeTakeFirstOrThrow()).path!;
    const unrelated = await cached(site, `${history}/history`);
    const renamed = await site.services.taxonomy.renameTag(tag.id, `Renamed ${kind} topic`);
    expect(renamed.ok).toBe(true);
    const moved = await site.fetch(`/tag/${tag.slug}`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`/tag/renamed-${kind}-topic`);
    expect((await get(site, `/tag/renamed-${kind}-topic`)).body).toContain(`Renamed ${kind} topic`);
    // A page that shows no topics (a history page has no sidebar) stays cached.
    const still = await get(site, `${history}/history`);
    expect(still.cache).toBe('hit');
    expect(still.etag).toBe(unrelated.etag);
  });

  it('forgets everything, and reloads the settings, when the settings change', async () => {
    const page = await cached(site, '/');
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    const res = await owner.post('/admin/settings', {
      site_name: `The Lantern (${kind})`, site_description: 'News', accent_colour: '#b3261e', timezone: 'Europe/Dublin', locale: 'en-IE', language: 'en', nav: '', social: '', logo: '',
    });
    expect(res.status).toBe(303);
    const after = await get(site, '/');
    expect(after.cache).toBe('miss');
    expect(after.etag).not.toBe(page.etag);
    expect(after.body).toContain(`The Lantern (${kind})`);
  });

  it('keeps one entry for the front page whatever query strings strangers add', async () => {
    await cached(site, '/');
    const before = site.services.pageCache.size;
    for (let i = 0; i < 200; i++) {
      const res = await get(site, `/?utm_source=x${i}&r=${Math.random()}`);
      expect(res.cache).toBe('hit');
    }
    expect(site.services.pageCache.size).toBe(before);
    // A parameter the page reads still makes its own page.
    expect((await get(site, '/section/news?page=1')).status).toBe(200);
  });

  it('refuses an address with a fragment in it, so that no stranger makes pages under keys of their own', async () => {
    await cached(site, '/');
    const first = await cached(site, '/section/news');
    const before = site.services.pageCache.size;
    // The router ends the path at "#"; the cache keys and the query parser would not.
    for (const target of ['/#a1', '/#a2', '/section/news#?page=2', '/?p=1#x', '/about#top']) expect(await rawStatus(site, target), target).toBe(400);
    expect(site.services.pageCache.size).toBe(before);
    expect((await get(site, '/section/news')).etag).toBe(first.etag);
  });

  it('never serves the front page for WordPress’s plain addresses, even with an empty value', async () => {
    await cached(site, '/');
    const before = site.services.pageCache.size;
    for (const q of ['p=', 'cat=', 'tag', 'author=&x=1', 'attachment_id=', 'page_id=7']) expect((await get(site, `/?${q}`)).status, q).toBe(404);
    expect(site.services.pageCache.size).toBe(before);
  });

  it('says on every public answer whether it came from the cache', async () => {
    for (const p of ['/', '/search?q=harbour', '/no/such/page', '/feed.xml']) {
      expect(['hit', 'miss'], p).toContain((await site.fetch(p)).headers.get('x-cache'));
    }
  });
});

describe('a change made by another process', () => {
  it('reaches a running SQLite server’s cache within a second, as when the samizdat command writes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-other-'));
    const site = await startTestSite('sqlite', { dataDir });
    const other = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'samizdat.db') });
    const bus = new ChangeBus(other, { warn: () => undefined });
    try {
      const a = await site.services.db.kysely.selectFrom('articles').select(['id', 'path']).where('status', '=', 'published').executeTakeFirstOrThrow();
      await cached(site, a.path!);
      await new ArticleService({ db: other, changes: bus }).update(a.id, { ...(await inputFor(site, a.id)), title: 'Changed from the command line' });
      const deadline = Date.now() + 1000;
      let seen = false;
      while (!seen && Date.now() < deadline) {
        seen = (await get(site, a.path!)).body.includes('Changed from the command line');
        if (!seen) await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toBe(true);
    } finally {
      await bus.close();
      await other.close();
      await site.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reaches the other app server on one PostgreSQL, forgetting only what changed there too', async () => {
    const pgDb = await createPostgresDatabase();
    const [one, two] = await Promise.all([startTestSite('postgres', { databaseUrl: pgDb.url }), startTestSite('postgres', { databaseUrl: pgDb.url })]);
    try {
      const { a, b } = await twoUnrelated(two);
      const bOnTwo = await cached(two, b.path!);
      await cached(two, a.path!);
      await one.services.articles.update(a.id, { ...(await inputFor(one, a.id)), title: 'Changed on server one' });
      const deadline = Date.now() + 1000;
      let seen = false;
      while (!seen && Date.now() < deadline) {
        seen = (await get(two, a.path!)).body.includes('Changed on server one');
        if (!seen) await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toBe(true);
      const b2 = await get(two, b.path!);
      expect(b2.cache).toBe('hit');
      expect(b2.etag).toBe(bOnTwo.etag);
    } finally {
      await one.close();
      await two.close();
      await pgDb.drop();
    }
  });
});

describe.each(DATABASES)('a change recorded in the writer’s own transaction, on %s', (kind) => {
  it('reaches another process only when the transaction commits, and is applied once here after it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-record-'));
    const pgDb = kind === 'postgres' ? await createPostgresDatabase() : null;
    const where = pgDb ? { kind: 'postgres' as const, url: pgDb.url } : { kind: 'sqlite' as const, file: path.join(dataDir, 'samizdat.db') };
    const [writerDb, readerDb] = [openDatabase(where), openDatabase(where)];
    const quiet = { warn: () => undefined };
    await migrateToLatest(writerDb);
    const writer = new ChangeBus(writerDb, quiet, { pollMs: 50 });
    const reader = new ChangeBus(readerDb, quiet, { pollMs: 50 });
    const here: string[] = [];
    const there: string[] = [];
    writer.on((deps) => void here.push(...deps));
    reader.on((deps) => void there.push(...deps));
    const waitFor = async (done: () => boolean) => {
      const deadline = Date.now() + 3000;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await writer.start();
      await reader.start();
      // Rolled back: nobody hears of it.
      await writerDb.kysely.transaction().execute(async (trx) => {
        await writer.record(trx, ['comments:1']);
        throw new Error('the batch failed');
      }).catch(() => undefined);
      // Committed: the other process hears of it, and this one once its writer says so.
      let tell = async () => {};
      await writerDb.kysely.transaction().execute(async (trx) => {
        tell = await writer.record(trx, ['comments:2']);
      });
      await waitFor(() => there.includes('comments:2'));
      expect(there).toEqual(['comments:2']);
      expect(here).toEqual([]);
      await tell();
      // The writer's own polling never applies its own row a second time.
      await new Promise((r) => setTimeout(r, 300));
      expect(here).toEqual(['comments:2']);
      expect(there).toEqual(['comments:2']);
    } finally {
      await reader.close();
      await writer.close();
      await readerDb.close();
      await writerDb.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a cached page is the same for every reader', () => {
  it('never keeps an answer that sets a cookie', async () => {
    const cache = new PageCache(true, 100, 1_000_000);
    const app = Fastify();
    const page = publicPage({ context: async () => ({}), cache, lastChange: () => new Date() }, async ({ reply }) => {
      reply.header('set-cookie', 'personal=1; Path=/');
      return '<p>for you</p>';
    });
    app.get('/personal', page);
    const first = await app.inject('/personal');
    expect(first.headers['x-cache']).toBe('miss');
    expect(cache.size).toBe(0);
    const second = await app.inject('/personal');
    expect(second.headers['x-cache']).toBe('miss');
    await app.close();
  });
});

describe('the change bus under a slow refresh', () => {
  it('applies a change another process makes while this one is still applying the last', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-bus-'));
    const file = path.join(dataDir, 'samizdat.db');
    const writerDb = openDatabase({ kind: 'sqlite', file });
    const readerDb = openDatabase({ kind: 'sqlite', file });
    const quiet = { warn: () => undefined };
    await migrateToLatest(writerDb);
    const writer = new ChangeBus(writerDb, quiet, { pollMs: 50 });
    const reader = new ChangeBus(readerDb, quiet, { pollMs: 50 });
    const applied: string[] = [];
    // Refreshing takes a while here (on a real server it waits for settings to load).
    reader.on(async (deps) => {
      applied.push(...deps);
      await new Promise((r) => setTimeout(r, 200));
    });
    try {
      await writer.start();
      await reader.start();
      await writer.changed(['article:1']);
      const deadline = Date.now() + 3000;
      while (!applied.includes('article:1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await writer.changed(['article:2']); // lands while the reader is still busy with article:1
      while (!applied.includes('article:2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(applied).toEqual(['article:1', 'article:2']);
    } finally {
      await reader.close();
      await writer.close();
      await readerDb.close();
      await writerDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
