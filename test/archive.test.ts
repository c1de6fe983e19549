import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveEntries } from '../src/archive/archive-reader.ts';
import type { Manifest } from '../src/archive/format.ts';
import { openDatabase } from '../src/db/connection.ts';
import { LocalStore } from '../src/media/local-store.ts';
import { verifyPoll } from '../src/polls/verify.ts';
import { Agent, asRole, PASSWORD } from './helpers/agent.ts';
import { samizdat } from './helpers/cli.ts';
import { demoArticle, readerCommenter } from './helpers/commenter.ts';
import { createPostgresDatabase, DATABASES, type DatabaseKind } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { siteTables, storeContents, withoutSecrets } from './helpers/site-tables.ts';



/** A new, empty site of the given engine: where its data lives, and how to reach its database. */
interface EmptySite {
  kind: DatabaseKind;
  dataDir: string;
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function emptySite(kind: DatabaseKind, tmp: string): Promise<EmptySite> {
  const dataDir = fs.mkdtempSync(path.join(tmp, `${kind}-`));
  if (kind === 'sqlite') return { kind, dataDir, env: { DATA_DIR: dataDir }, drop: async () => {} };
  const pg = await createPostgresDatabase();
  return { kind, dataDir, env: { DATA_DIR: dataDir, DATABASE_URL: pg.url }, drop: pg.drop };
}

function openSite(s: EmptySite) {
  return openDatabase(s.env.DATABASE_URL ? { kind: 'postgres', url: s.env.DATABASE_URL } : { kind: 'sqlite', file: path.join(s.dataDir, 'samizdat.db') });
}

async function tablesOf(s: EmptySite) {
  const db = openSite(s);
  try {
    return await siteTables(db);
  } finally {
    await db.close();
  }
}

/** Serves a site whose database was filled by import-archive. */
function serve(s: EmptySite): Promise<TestSite> {
  return startTestSite(s.kind, { dataDir: s.dataDir, databaseUrl: s.env.DATABASE_URL, demo: false });
}

/**
 * The archive round trip: a demo site with a reader, a reader's reply and a
 * correction is exported, then imported into an empty SQLite site and an
 * empty PostgreSQL site; each holds the same rows in every table and the same
 * media bytes, serves the same pages, and its poll's board still verifies.
 */
describe.each(DATABASES)('export and import-archive, from a %s site', (kind) => {
  let site: TestSite;
  let tmp: string;
  let sourceEnv: Record<string, string>;
  let archive: string;
  let article: { id: number; path: string };
  let editorEmail: string;
  const targets: EmptySite[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-archive-'));
    site = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
    const database = site.services.config.database;
    sourceEnv = { DATA_DIR: site.dataDir, ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}) };
    const editor = await asRole(site, 'editor');
    editorEmail = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', editor.userId).executeTakeFirstOrThrow()).email!;
    article = await writeAndCorrect(site, editor);
    // A reader replies in a demo thread.
    const k = site.services.db.kysely;
    const parent = await k.selectFrom('comments').select(['id', 'article_id']).where('status', '=', 'visible').where('depth', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    const reader = await readerCommenter(site, 'Maeve Archivist');
    const reply = await reader.post(parent.article_id, { body: 'A reply that moves with the site.', parent: String(parent.id) });
    expect(reply.status).toBe(303);
    archive = path.join(tmp, 'site.tar');
    const exported = await samizdat(['export', archive], sourceEnv, 'bare');
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toMatch(/Exported \d+ rows in \d+ tables and \d+ media files/);
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    for (const t of targets) await t.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports into an empty SQLite site and an empty PostgreSQL site: every table and every media file the same', { timeout: 120_000 }, async () => {
    const expected = withoutSecrets(await siteTables(site.services.db));
    const media = await storeContents(new LocalStore(site.dataDir));
    expect(media.size).toBeGreaterThan(10);
    for (const to of ['sqlite', 'postgres'] as const) {
      const target = await emptySite(to, tmp);
      targets.push(target);
      const imported = await samizdat(['import-archive', archive], target.env, 'bare');
      expect(imported.code, imported.err).toBe(0);
      expect(imported.out).toContain(`from a ${kind} site`);
      const got = await tablesOf(target);
      expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, rows] of expected) expect(got.get(name), `${name} on ${to}`).toEqual(rows);
      if (to === 'postgres') {
        // PostgreSQL's planner is told what the load brought: its statistics count the rows now there.
        const db = openSite(target);
        try {
          const { rows } = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE relname = 'articles' AND relkind = 'r'`.execute(db.kysely);
          expect(Number(rows[0].reltuples)).toBe(expected.get('articles')!.length);
        } finally {
          await db.close();
        }
      }
      expect(await storeContents(new LocalStore(target.dataDir))).toEqual(media);
      // Exported again from the other engine, every table file is the same, byte for byte.
      const again = path.join(tmp, `again-${to}.tar`);
      expect((await samizdat(['export', again], target.env, 'bare')).code).toBe(0);
      const [first, second] = [await manifestOf(archive), await manifestOf(again)];
      expect(second.tables.map((t) => [t.name, t.rows, t.sha256])).toEqual(first.tables.map((t) => [t.name, t.rows, t.sha256]));
      expect(second.media).toEqual(first.media);
    }
  });

  it('the imported sites serve the articles, their history, search, the reply, and a poll whose board verifies', { timeout: 120_000 }, async () => {
    const polls = await site.services.db.kysely.selectFrom('polls').select('id').where('genesis', 'is not', null).orderBy('id').execute();
    const before = await verifyPoll({ target: `${site.url}/polls/${polls[0].id}` });
    expect(before.outcome).toBe('verified');
    for (const target of targets) {
      const served = await serve(target);
      try {
        const page = await served.text(article.path);
        expect(page.status).toBe(200);
        expect(page.body).toContain('Ferry timetable moves');
        expect((await served.text(`${article.path}/history`)).body).toContain('An earlier version gave the wrong day.');
        expect((await served.text('/search?q=timetable')).body).toContain(article.path);
        const thread = await served.text((await demoArticleOn(served)).path);
        expect(thread.status).toBe(200);
        expect((await served.text('/')).status).toBe(200);
        const v = await verifyPoll({ target: `${served.url}/polls/${polls[0].id}` });
        expect(v.outcome, `${target.kind}: ${v.problems.join('; ')}`).toBe('verified');
        expect(v.counts).toEqual(before.counts);
        expect(v.head).toEqual(before.head);
      } finally {
        await served.close();
      }
    }
  });

  it('refuses a site that is not empty, and a damaged archive, importing nothing', { timeout: 120_000 }, async () => {
    const again = await samizdat(['import-archive', archive], targets[0].env, 'bare');
    expect(again.code).toBe(1);
    expect(again.err).toContain('this site is not empty');

    // One character of an article's row changed, the file's length and its tar header untouched.
    const bytes = fs.readFileSync(archive);
    const at = bytes.indexOf('"title":"Ferry timetable moves');
    expect(at).toBeGreaterThan(0);
    bytes[at + 9] = 'f'.charCodeAt(0);
    const damaged = path.join(tmp, 'damaged.tar');
    fs.writeFileSync(damaged, bytes);
    const target = await emptySite(kind === 'sqlite' ? 'postgres' : 'sqlite', tmp);
    targets.push(target);
    const refused = await samizdat(['import-archive', damaged], target.env, 'bare');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('tables/articles.jsonl does not match its SHA-256 in manifest.json');
    const left = await tablesOf(target);
    for (const [name, rows] of left) if (name !== 'server_keys' && name !== 'kysely_migration') expect(rows, name).toEqual([]);
    expect((await storeContents(new LocalStore(target.dataDir))).size).toBe(0);
  });

  it('leaves password hashes out unless --with-secrets, which lets staff sign in after moving to the other engine', { timeout: 120_000 }, async () => {
    const hash = (await site.services.db.kysely.selectFrom('users').select('password_hash').where('email', '=', editorEmail).executeTakeFirstOrThrow()).password_hash!;
    expect(fs.readFileSync(archive).includes(hash)).toBe(false);

    const secret = path.join(tmp, 'site-with-secrets.tar.gz');
    const exported = await samizdat(['export', secret, '--with-secrets'], sourceEnv, 'bare');
    expect(exported.code, exported.err).toBe(0);
    const target = await emptySite(kind === 'sqlite' ? 'postgres' : 'sqlite', tmp);
    targets.push(target);
    // Started once, empty, before the import: it made a secret of its own, which the archive's replaces.
    await (await serve(target)).close();
    const imported = await samizdat(['import-archive', secret], target.env, 'bare');
    expect(imported.code, imported.err).toBe(0);
    const source = await siteTables(site.services.db);
    const got = await tablesOf(target);
    for (const name of ['users', 'polls', 'poll_voters', 'server_keys', 'sessions']) expect(got.get(name), name).toEqual(source.get(name));

    const served = await serve(target);
    try {
      const agent = new Agent(served);
      expect((await agent.signIn(editorEmail, PASSWORD)).status).toBe(303);
      expect((await agent.get('/admin')).status).toBe(200);
    } finally {
      await served.close();
    }
  });
});

async function manifestOf(file: string): Promise<Manifest> {
  const entries = archiveEntries(file);
  try {
    const first = await entries.next();
    return JSON.parse(await first.value!.text()) as Manifest;
  } finally {
    await entries.return(undefined);
  }
}

async function demoArticleOn(site: TestSite) {
  const k = site.services.db.kysely;
  const c = await k.selectFrom('comments').select('article_id').where('body_md', '=', 'A reply that moves with the site.').executeTakeFirstOrThrow();
  return demoArticle(site, (await k.selectFrom('articles').select('slug').where('id', '=', c.article_id).executeTakeFirstOrThrow()).slug);
}

/** An editor publishes an article, then corrects it with a public note. */
async function writeAndCorrect(site: TestSite, editor: Agent & { userId: number }): Promise<{ id: number; path: string }> {
  const section = await site.services.db.kysely.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow();
  const form = {
    title: 'Ferry timetable moves to winter hours', standfirst: 'The last boat leaves earlier.', section_id: String(section.id), tags: 'ferries, winter',
    body_md: 'The winter timetable starts on Sunday.', author_ids: [String(editor.userId)],
  };
  await editor.get('/admin/articles/new');
  const created = await editor.post('/admin/articles', { ...form, action: 'publish' });
  expect(created.status).toBe(303);
  const row = await site.services.db.kysely.selectFrom('articles').select(['id', 'path']).where('title', '=', form.title).executeTakeFirstOrThrow();
  await editor.get(`/admin/articles/${row.id}`);
  const corrected = await editor.post(`/admin/articles/${row.id}`, {
    ...form, body_md: 'The winter timetable starts on Saturday.', change_kind: 'correction', change_note: 'An earlier version gave the wrong day.',
  });
  expect(corrected.status).toBe(303);
  return { id: row.id, path: row.path! };
}
