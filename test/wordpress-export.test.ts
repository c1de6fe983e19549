import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connection.ts';
import { readWxr, type WxrItem, type WxrRecord } from '../src/wordpress/wxr-reader.ts';
import { asRole } from './helpers/agent.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function samizdat(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/samizdat.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', DEMO_ON_EMPTY: 'off', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

/** Every element of the file, by namespace and local name, checked well-formed by a strict parser. */
function elementsOf(xml: string): { names: Map<string, number>; namespaces: Record<string, string> } {
  const names = new Map<string, number>();
  let namespaces: Record<string, string> = {};
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (t) => {
    if (t.name === 'rss') namespaces = t.ns ?? {};
    names.set(t.name, (names.get(t.name) ?? 0) + 1);
  });
  parser.write(xml).close();
  return { names, namespaces };
}

const asHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** The words of `longer` that are not `words` read in order; null when `words` are not all there in that order. */
function leftOver(words: string[], longer: string[]): string[] | null {
  const extra: string[] = [];
  let i = 0;
  for (const w of longer) {
    if (i < words.length && w === words[i]) i++;
    else extra.push(w);
  }
  return i === words.length ? extra : null;
}

interface ArticleFacts {
  slug: string;
  title: string;
  status: string;
  published_at: string | null;
  section: string;
  tags: string[];
  author: string | null;
  words: string[];
}

/** The articles as a reader of the newsroom would describe them, by slug. */
async function articleFacts(k: TestSite['services']['db']['kysely']): Promise<Map<string, ArticleFacts>> {
  const rows = await k.selectFrom('articles').innerJoin('article_bodies', 'article_bodies.article_id', 'articles.id').innerJoin('sections', 'sections.id', 'articles.section_id')
    .select(['articles.id', 'articles.slug', 'articles.title', 'articles.status', 'articles.published_at', 'sections.slug as section', 'article_bodies.body_text'])
    .where('articles.status', '!=', 'binned').execute();
  const out = new Map<string, ArticleFacts>();
  for (const r of rows) {
    const tags = await k.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select('tags.slug').where('article_id', '=', r.id).orderBy('tags.slug').execute();
    const author = await k.selectFrom('article_authors').innerJoin('users', 'users.id', 'article_authors.user_id').select('users.name').where('article_id', '=', r.id).orderBy('position').executeTakeFirst();
    out.set(r.slug, {
      slug: r.slug, title: r.title, status: r.status, published_at: r.published_at ? r.published_at.slice(0, 19) : null, section: r.section,
      tags: tags.map((t) => t.slug), author: author?.name ?? null, words: wordsOf(r.body_text),
    });
  }
  return out;
}

/**
 * `samizdat export-wordpress`: a WXR 1.2 file that a strict XML parser and a
 * WordPress importer both read, holding every article, page, picture, author,
 * section, tag and comment; `samizdat import-wordpress` brings it into an
 * empty site as the same articles.
 */
describe.each(DATABASES)('export-wordpress from a %s site', (kind) => {
  let site: TestSite;
  let tmp: string;
  let file: string;
  let exported: { code: number; out: string; err: string };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-wxr-'));
    site = await startTestSite(kind);
    // A draft and a piece in review beside the demo's published articles.
    const editor = await asRole(site, 'editor');
    const section = await site.services.db.kysely.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow();
    for (const [title, action] of [['A draft about the ferry', 'save'], ['Review & <checks> ]]> in a headline', 'submit']]) {
      await editor.get('/admin/articles/new');
      const r = await editor.post('/admin/articles', { title, standfirst: 'Not out yet.', section_id: String(section.id), body_md: 'Words that wait.', author_ids: [String(editor.userId)], action });
      expect(r.status).toBe(303);
    }
    const database = site.services.config.database;
    file = path.join(tmp, 'export.xml');
    exported = await samizdat(['export-wordpress', file], { DATA_DIR: site.dataDir, SITE_URL: 'https://news.example', ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}) });
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes well-formed WXR 1.2 with every article, page, picture, author, section, tag and comment', async () => {
    expect(exported.code, exported.err).toBe(0);
    const k = site.services.db.kysely;
    const count = async (table: 'articles' | 'pages' | 'media' | 'sections' | 'tags' | 'comments') => Number((await k.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const xml = fs.readFileSync(file, 'utf8');
    const { names, namespaces } = elementsOf(xml);
    expect(namespaces).toMatchObject({ wp: 'http://wordpress.org/export/1.2/', excerpt: 'http://wordpress.org/export/1.2/excerpt/', content: 'http://purl.org/rss/1.0/modules/content/', dc: 'http://purl.org/dc/elements/1.1/', wfw: 'http://wellformedweb.org/CommentAPI/' });
    expect(names.get('item')).toBe((await count('articles')) + (await count('pages')) + (await count('media')));
    expect(names.get('wp:category')).toBe(await count('sections'));
    expect(names.get('wp:tag')).toBe(await count('tags'));
    expect(names.get('wp:comment')).toBe(await count('comments'));
    expect(xml).not.toMatch(/(src|href|srcset)="\/[^/]/);

    const records: WxrRecord[] = [];
    for await (const r of readWxr(file)) records.push(r);
    expect(records[0]).toMatchObject({ kind: 'site', wxrVersion: '1.2', link: 'https://news.example' });
    const items = records.filter((r): r is WxrItem => r.kind === 'item');
    const facts = await articleFacts(k);
    for (const a of facts.values()) {
      const item = items.find((i) => i.type === 'post' && i.name === a.slug);
      expect(item, a.slug).toBeDefined();
      expect(item!.title).toBe(asHtml(a.title));
      expect(item!.status).toBe({ published: 'publish', draft: 'draft', review: 'pending', scheduled: 'future', unpublished: 'draft' }[a.status]);
      expect(item!.terms.filter((t) => t.domain === 'category').map((t) => t.nicename)).toEqual([a.section]);
      expect(item!.terms.filter((t) => t.domain === 'post_tag').map((t) => t.nicename).sort()).toEqual(a.tags);
      if (a.published_at) expect(item!.dateGmt).toBe(a.published_at.replace('T', ' '));
    }
    // WordPress keeps titles as HTML.
    const review = items.find((i) => i.title === 'Review &amp; &lt;checks&gt; ]]&gt; in a headline')!;
    expect(review.status).toBe('pending');
    expect(review.dateGmt).toBe('0000-00-00 00:00:00');
    const threaded = items.flatMap((i) => i.comments).filter((c) => c.parent !== '0');
    expect(threaded.length).toBeGreaterThan(0);
  });

  it('comes back through import-wordpress into an empty site as the same articles', { timeout: 120_000 }, async () => {
    expect(exported.code, exported.err).toBe(0);
    const dataDir = fs.mkdtempSync(path.join(tmp, 'target-'));
    const pg = kind === 'postgres' ? await createPostgresDatabase() : null;
    try {
      const env = { DATA_DIR: dataDir, SITE_URL: 'https://new.example', ...(pg ? { DATABASE_URL: pg.url } : {}) };
      const imported = await samizdat(['import-wordpress', file], env);
      expect(imported.code, imported.err).toBe(0);
      const db = openDatabase(pg ? { kind: 'postgres', url: pg.url } : { kind: 'sqlite', file: path.join(dataDir, 'samizdat.db') });
      try {
        const before = await articleFacts(site.services.db.kysely);
        const after = await articleFacts(db.kysely);
        // Pictures stay on the old site (WordPress downloads them from there): their descriptions join the text.
        const bodies = await site.services.db.kysely.selectFrom('article_bodies').select('body_html').execute();
        const alts = new Set(bodies.flatMap((r) => [...r.body_html.matchAll(/\salt="([^"]*)"/g)].flatMap((m) => wordsOf(m[1]))));
        expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        for (const [slug, a] of before) {
          const b = after.get(slug)!;
          // WordPress has no "withdrawn": an unpublished article goes back as a draft.
          const expected = { ...a, status: a.status === 'unpublished' ? 'draft' : a.status };
          if (!['published', 'scheduled'].includes(a.status)) Object.assign(expected, { published_at: b.published_at });
          const extra = leftOver(a.words, b.words);
          expect(extra, `${slug}: every word of the text comes back, in order`).not.toBeNull();
          expect(extra!.filter((w) => !alts.has(w)), slug).toEqual([]);
          expect({ ...b, words: [] }, slug).toEqual({ ...expected, words: [] });
        }
      } finally {
        await db.close();
      }
    } finally {
      await pg?.drop();
    }
  });
});
