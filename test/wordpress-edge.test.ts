import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { runImport } from './helpers/wordpress.ts';
import { cdata, wxr } from './helpers/wxr.ts';
import { WxrError } from '../src/wordpress/wxr-reader.ts';

/** Exports the real fixtures lack: CDATA and entities, emoji, very long posts, broken files. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-edge-'));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const LONG = Array.from({ length: 6000 }, (_, i) => `<p>Paragraph ${i} of a very long report on the harbour, with <em>emphasis</em> and a <a href="https://example.org/${i}">link</a>.</p>`).join('\n');

const EDGE = wxr([
  // A title is HTML on WordPress: a less-than sign in it is stored as &lt;, written in the XML as &amp;lt;.
  { id: 10, title: 'Fish &amp;amp; chips &amp;lt;cheap&amp;gt; &#8211; “quoted” &#x1F41F;', content: 'Body with ]]> inside CDATA, &amp;nbsp; kept as text, and an emoji 🐟.\n\nSecond paragraph.', slug: 'fish-chips' },
  { id: 11, title: cdata('Ünïcödé: 日本語のタイトル 🎉'), content: '<p>日本語の本文。</p><p>Ελληνικά και emoji 😀</p>', slug: '%e6%97%a5%e6%9c%ac' },
  { id: 12, title: 'A very long post', content: LONG, slug: 'very-long' },
  { id: 13, title: 'Shortcodes', content: '[caption id="attachment_99" width="300"]<img src="https://old.example.org/wp-content/uploads/2019/05/x.jpg" alt="Boats"> Boats at dawn. Photo: Ann Lee[/caption]\n\n[embed]https://www.youtube.com/watch?v=abcdefghijk[/embed]\n\nhttps://vimeo.com/123456\n\n[audio mp3="https://old.example.org/a.mp3"][/audio]\n\n[contact-form-7 id="5"]', slug: 'shortcodes' },
]);

describe.each(DATABASES)('import-wordpress edge cases (%s)', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
  });
  afterAll(async () => site?.close());

  it('reads CDATA (with ]]> split), entities and emoji, in titles and bodies', async () => {
    const report = await runImport(site, { file: write(`edge-${kind}.xml`, EDGE) });
    expect(report.created.articles).toBe(4);
    const fish = await site.fetch('/2019/05/12/fish-chips/');
    expect(fish.status).toBe(301);
    const page = await site.text(fish.headers.get('location')!);
    expect(page.body).toContain('Fish &amp; chips &lt;cheap&gt; – “quoted” 🐟');
    expect(page.body).toContain('Body with ]]&gt; inside CDATA, &amp;nbsp; kept as text, and an emoji 🐟.');
    const unicode = await site.fetch('/2019/05/12/%e6%97%a5%e6%9c%ac/');
    expect(unicode.status).toBe(301);
    const jp = await site.text(unicode.headers.get('location')!);
    expect(jp.body).toContain('Ünïcödé: 日本語のタイトル 🎉');
    expect(jp.body).toContain('Ελληνικά και emoji 😀');
    // Typed into a browser, the same address comes with its escapes in upper case.
    expect((await site.fetch('/2019/05/12/%E6%97%A5%E6%9C%AC/')).status).toBe(301);
  });

  it('updates on a later import what changed on WordPress, unless it was changed here too', async () => {
    const k = site.services.db.kysely;
    const v1 = [{ id: 30, title: 'Ferry times', content: 'Old times.', slug: 'ferry-times' }, { id: 31, title: 'Bridge works', content: 'Old plan.', slug: 'bridge-works' }];
    await runImport(site, { file: write(`v1-${kind}.xml`, wxr(v1)) });
    const bridge = await k.selectFrom('articles').select('id').where('slug', '=', 'bridge-works').executeTakeFirstOrThrow();
    // An editor here corrects the second one.
    await k.updateTable('articles').set({ title: 'Bridge works: corrected', updated_at: new Date().toISOString() }).where('id', '=', bridge.id).execute();
    const v2 = v1.map((p) => ({ ...p, content: p.content.replace('Old', 'New') }));
    const dry = await runImport(site, { file: write(`v2-${kind}.xml`, wxr(v2)), dryRun: true });
    const again = await runImport(site, { file: write(`v2-${kind}.xml`, wxr(v2)) });
    expect(again.updated.articles).toBe(1);
    // The dry run said exactly what the real one then did, redirects of the updated article included.
    expect({ created: dry.created, updated: dry.updated, unchanged: dry.unchanged }).toEqual({ created: again.created, updated: again.updated, unchanged: again.unchanged });
    expect(again.unchanged.redirects).toBeGreaterThan(0);
    expect(again.created.redirects).toBe(0);
    expect(again.skipped.find((s) => s.what === 'post “Bridge works”')?.why).toMatch(/also changed here/);
    const ferry = await site.text((await site.fetch('/2019/05/12/ferry-times/')).headers.get('location')!);
    expect(ferry.body).toContain('New times.');
    const bridgeNow = await k.selectFrom('articles as a').innerJoin('article_bodies as b', 'b.article_id', 'a.id').select(['a.title', 'b.body_md']).where('a.id', '=', bridge.id).executeTakeFirstOrThrow();
    expect(bridgeNow).toEqual({ title: 'Bridge works: corrected', body_md: 'Old plan.' });
  });

  it('leads a post’s earlier slugs (_wp_old_slug) to it in one 301', async () => {
    const meta = (slug: string) => `<wp:postmeta><wp:meta_key><![CDATA[_wp_old_slug]]></wp:meta_key><wp:meta_value><![CDATA[${slug}]]></wp:meta_value></wp:postmeta>`;
    await runImport(site, { file: write(`old-slug-${kind}.xml`, wxr([{ id: 40, title: 'Lighthouse reopens', content: 'At last.', slug: 'lighthouse-reopens', extra: meta('lighthouse-to-reopen') + meta('lamp-lit-again') }])) });
    const now = (await site.fetch('/2019/05/12/lighthouse-reopens/')).headers.get('location');
    expect(now).toMatch(/^\/2019\/05\/lighthouse-reopens$/);
    for (const old of ['/2019/05/12/lighthouse-to-reopen/', '/2019/05/12/lamp-lit-again', '/2019/05/12/lighthouse-to-reopen']) {
      const res = await site.fetch(old);
      expect(res.status, old).toBe(301);
      expect(res.headers.get('location'), old).toBe(now);
    }
    expect((await site.text(now!)).body).toContain('Lighthouse reopens');
  });

  it('leads WordPress’s plain addresses (?author=, ?cat=, ?tag=, ?attachment_id=) to their new homes in one 301', async () => {
    const tag = '<category domain="post_tag" nicename="%e6%b8%af">港</category><category domain="post_tag" nicename="harbour-life">Harbour life</category>';
    const picture = `<item><title>Quay</title><link>https://old.example.org/?attachment_id=71</link><wp:post_id>71</wp:post_id><wp:post_parent>70</wp:post_parent><wp:post_type>${cdata('attachment')}</wp:post_type><wp:status>${cdata('inherit')}</wp:status><wp:attachment_url>${cdata('https://old.example.org/wp-content/uploads/2019/05/quay.pdf')}</wp:attachment_url></item>`;
    const file = wxr([{ id: 70, title: 'Quay life', content: 'Nets and boats.', slug: 'quay-life', extra: tag }]).replace('</channel>', `${picture}</channel>`);
    await runImport(site, { file: write(`plain-${kind}.xml`, file) });
    const article = (await site.fetch('/?p=70')).headers.get('location')!;
    expect(article).toMatch(/^\/2019\/05\/quay-life$/);
    const author = (await site.services.db.kysely.selectFrom('users').select('slug').where('name', '=', 'Éditeur en chef').executeTakeFirstOrThrow()).slug;
    const tags = await site.services.db.kysely.selectFrom('tags').select(['slug', 'name']).execute();
    const harbour = tags.find((t) => t.name === '港')!.slug;
    for (const [from, to] of [
      ['/?author=1', `/author/${author}`], ['/?cat=2', '/section/news'], ['/?tag=harbour-life', '/tag/harbour-life'],
      ['/?tag=%e6%b8%af', `/tag/${harbour}`], ['/?tag=%E6%B8%AF', `/tag/${harbour}`], ['/?tag=港', `/tag/${harbour}`], ['/?attachment_id=71', article],
    ]) {
      const res = await site.fetch(from);
      expect(res.status, from).toBe(301);
      expect(res.headers.get('location'), from).toBe(to);
      expect((await site.fetch(to)).status, to).toBe(200);
    }
    // Numbers the old site never gave, and values of the wrong shape, are not found; the front page is never served for them.
    for (const from of ['/?author=999', '/?cat=abc', '/?attachment_id=1e3', '/?tag=%3Cscript%3E']) expect((await site.fetch(from)).status, from).toBe(404);
    expect((await site.fetch('/?utm_source=x')).status).toBe(200);
  });

  it.runIf(kind === 'postgres')('leaves PostgreSQL’s planner counting what the import brought', async () => {
    const k = site.services.db.kysely;
    const items = Array.from({ length: 40 }, (_, i) => ({ id: 500 + i, title: `Planner item ${i}`, content: 'Counted.', slug: `planner-${i}` }));
    await runImport(site, { file: write('planner.xml', wxr(items)) });
    const articles = Number((await k.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // The table's statistics (what plans are made from) say as many rows as there are, not what was there before.
    const { rows } = await sql<{ reltuples: number }>`SELECT reltuples FROM pg_class WHERE relname = 'articles' AND relkind = 'r'`.execute(k);
    expect(Number(rows[0].reltuples)).toBe(articles);
  });

  it('keeps a very long post whole', async () => {
    const res = await site.fetch('/?p=12');
    const page = await site.text(res.headers.get('location')!);
    expect(page.body).toContain('Paragraph 5999 of a very long report');
  });

  it('converts the shortcodes and names what it could not', async () => {
    const body = (await site.services.db.kysely.selectFrom('article_bodies as b').innerJoin('articles as a', 'a.id', 'b.article_id').select('b.body_md').where('a.slug', '=', 'shortcodes').executeTakeFirstOrThrow()).body_md;
    expect(body).toContain('[Boats](https://old.example.org/wp-content/uploads/2019/05/x.jpg) — Boats at dawn. Photo: Ann Lee');
    expect(body).toContain('::: embed https://www.youtube.com/watch?v=abcdefghijk\n:::');
    expect(body).toContain('::: embed https://vimeo.com/123456');
    expect(body).toContain('Audio: [a.mp3](https://old.example.org/a.mp3)');
    // Left as its text: escaped, so Markdown shows the brackets.
    expect(body).toContain('\\[contact-form-7 id="5"\\]');
  });
});

/** Runs the samizdat command against a data directory; stdout and stderr together. */
function cli(args: string[], dataDir: string): Promise<{ code: number | null; out: string }> {
  const bin = path.resolve(import.meta.dirname, '../bin/samizdat.js');
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_ON_EMPTY: 'off' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('samizdat import-wordpress on the command line', () => {
  let dataDir = '';
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a broken file with the line it broke on, and imports nothing of it', async () => {
    const good = wxr([{ id: 1, title: 'First', content: 'Fine.' }, { id: 2, title: 'Second', content: 'Fine too.' }]);
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.startsWith('<wp:post_id>2<'));
    lines[at] = '<wp:post_id>2</wp:post_idd>';
    const r = await cli(['import-wordpress', write('broken.xml', lines.join('\n'))], dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`: line ${at + 1}, column 27: unexpected close tag. Nothing was imported.\n`);
    const counts = await cli(['import-wordpress', '--dry-run', write('good.xml', good)], dataDir);
    expect(counts.out).toContain('Dry run: nothing was written');
    expect(counts.out).toMatch(/articles: 2 new/);
    expect(counts.out).toMatch(/authors: 1 new/);
  });

  it('refuses a file that declares a DTD (no entity of it is ever expanded)', async () => {
    const evil = wxr([{ id: 1, title: '&xxe;', content: 'x' }]).replace('<rss', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss');
    const r = await cli(['import-wordpress', write('dtd.xml', evil)], dataDir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('DOCTYPE');
    expect(r.out).not.toContain('root:');
  });

  it('imports, reports, and adds nothing on a second run', async () => {
    const file = write('site.xml', wxr([{ id: 1, title: 'First', content: 'Fine.' }, { id: 2, title: 'Second', content: 'Fine too.', status: 'trash' }]));
    const first = await cli(['import-wordpress', file], dataDir);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/articles: 1 new/);
    expect(first.out).toMatch(/post “Second”: its status on WordPress is “trash”/);
    expect(first.out).toMatch(/articles and pages: 2 of 2 \(100%\)/);
    const second = await cli(['import-wordpress', file], dataDir);
    expect(second.out).toMatch(/articles: 0 new, 1 already here/);
  });

  it('shows its articles on a site that is running, whose cached pages are told', async () => {
    const live = await startTestSite('sqlite', { demo: false, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wp-live-')) });
    try {
      await cli(['import-wordpress', write('first.xml', wxr([{ id: 1, title: 'Before the move', content: 'x' }]))], live.dataDir);
      // The server hears of the first import within a second and may forget '/' when it does, so
      // wait for a cached front page that already shows that import before the second one runs.
      let cached = await live.text('/');
      await expect.poll(async () => {
        cached = await live.text('/');
        return cached.headers.get('x-cache') === 'hit' && cached.body.includes('Before the move');
      }, { timeout: 5000 }).toBe(true);
      expect(cached.body).not.toContain('Lighthouse keeper retires');
      const r = await cli(['import-wordpress', write('second.xml', wxr([{ id: 2, title: 'Lighthouse keeper retires', content: 'y' }]))], live.dataDir);
      expect(r.code, r.out).toBe(0);
      await expect.poll(async () => (await live.text('/')).body, { timeout: 5000 }).toContain('Lighthouse keeper retires');
    } finally {
      await live.close();
      fs.rmSync(live.dataDir, { recursive: true, force: true });
    }
  });

  it('does not run beside a newsroom import that a server is running now', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-beside-'));
    const site = await startTestSite('sqlite', { demo: false, dataDir: dir });
    const k = site.services.db.kysely;
    const now = new Date().toISOString();
    const lease = (ms: number) => new Date(Date.now() + ms).toISOString();
    try {
      const job = await k.insertInto('jobs').values({ kind: 'wordpress-import', payload: '{}', run_after: now, discard_after: null, max_attempts: 5, attempts: 1, claimed_by: 'other/1/x', lease_until: lease(60_000), last_error: null, created_at: now, finished_at: null }).returning('id').executeTakeFirstOrThrow();
      await k.insertInto('wordpress_imports').values({ active: 1, state: 'running', job_id: Number(job.id), file_name: 'newsroom.xml', stored_file: 'upload-0000000000000000.xml', uploads_dir: null, dry_run: 0, started_by: null, server: 'other/1/x', phase: 'pictures', done: 1, total: 9, report: null, error: null, created_at: now, updated_at: now, finished_at: null }).execute();
      await site.services.jobs.stop();
      const file = write('beside.xml', wxr([{ id: 1, title: 'Beside', content: 'x' }]));
      const refused = await cli(['import-wordpress', file], dir);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('an import uploaded in the newsroom (newsroom.xml) is running now on other/1/x');
      // Once that server's claim has run out (it died), the command goes ahead.
      await k.updateTable('jobs').set({ lease_until: lease(-1000) }).where('id', '=', job.id).execute();
      const ran = await cli(['import-wordpress', file], dir);
      expect(ran.code, ran.out).toBe(0);
    } finally {
      await site.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what it needs when the file is missing', async () => {
    const r = await cli(['import-wordpress', path.join(tmp, 'nope.xml')], dataDir);
    expect(r.code).toBe(2);
    expect(r.out).toContain('There is no file');
  });
});

describe('the WXR reader', () => {
  it('names the line of the first thing that is not XML', async () => {
    const { readWxr } = await import('../src/wordpress/wxr-reader.ts');
    const file = write('bad-entity.xml', wxr([{ id: 1, title: 'Caf&eacute;', content: 'x' }]));
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('Caf&eacute;')) + 1;
    const read = async () => {
      for await (const _ of readWxr(file)) { /* read it all */ }
    };
    await expect(read()).rejects.toThrow(WxrError);
    await expect(read()).rejects.toThrow(`line ${line}, column 18: undefined entity`);
  });
});
