import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { BLOCKS, countExport, haveFixtures, makeUploads, NO_FIXTURES, runImport, THEME_UNIT } from './helpers/wordpress.ts';
import type { ImportReport } from '../src/wordpress/report.ts';

/**
 * The WordPress theme unit test data (a real export, in ../shared) imports
 * completely: everything in the file is counted independently of the
 * importer and found again on the site, through its old addresses.
 */

if (!haveFixtures) console.warn(NO_FIXTURES);

const PUBLIC_STATUSES = new Set(['publish', 'future', 'draft', 'pending', 'private']);
const pathOf = (link: string) => new URL(link).pathname;

describe.skipIf(!haveFixtures).each(DATABASES)('import-wordpress of the theme unit test data (%s)', (kind) => {
  let site: TestSite;
  let report: ImportReport;
  let dry: ImportReport;
  let uploads: string;
  const file = haveFixtures ? countExport(THEME_UNIT) : null!;
  const posts = () => file.items.filter((i) => i.type === 'post');
  const pages = () => file.items.filter((i) => i.type === 'page');

  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
    uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-uploads-'));
    await makeUploads(uploads, file.items);
    dry = await runImport(site, { file: THEME_UNIT, uploadsDir: uploads, dryRun: true });
    report = await runImport(site, { file: THEME_UNIT, uploadsDir: uploads });
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  /** Follows one redirect; the answer must be a single 301 to a page that is there. */
  async function oneHop(from: string): Promise<{ to: string; body: string }> {
    const first = await site.fetch(from);
    expect(first.status, `${from} should answer 301`).toBe(301);
    const to = first.headers.get('location')!;
    const second = await site.text(to);
    expect(second.status, `${from} → ${to} should be there`).toBe(200);
    return { to, body: second.body };
  }

  it('brings in every post and page, each at its old address in one 301', async () => {
    const k = site.services.db.kysely;
    const wanted = posts().filter((p) => PUBLIC_STATUSES.has(p.status));
    expect(report.created.articles).toBe(wanted.length);
    expect(Number((await k.selectFrom('articles').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(wanted.length);
    expect(report.created.pages).toBe(pages().length);
    for (const p of wanted.filter((x) => x.status === 'publish' && !x.password)) {
      const { to, body } = await oneHop(pathOf(p.link));
      expect(to).toMatch(/^\/\d{4}\/\d{2}\/[a-z0-9-]+$/);
      const title = p.title.replace(/<[^>]+>/g, '');
      if (title) expect(body).toContain(title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').slice(0, 40));
      expect((await site.fetch(`/?p=${p.id}`)).headers.get('location')).toBe(to);
    }
    for (const p of pages().filter((x) => x.status === 'publish' && !x.password)) {
      const { to } = await oneHop(pathOf(p.link));
      expect((await site.fetch(`/?page_id=${p.id}`)).headers.get('location')).toBe(to);
    }
  });

  it('keeps what was not public on WordPress out of sight', async () => {
    for (const p of posts().filter((x) => x.status === 'draft' || x.password)) {
      const res = await site.fetch(`/?p=${p.id}`);
      expect(res.status, `${p.title} must not be public`).toBe(404);
    }
    const statuses = await site.services.db.kysely.selectFrom('articles').select(['title', 'status']).execute();
    expect(statuses.find((a) => a.title === 'Scheduled')?.status).toBe('scheduled');
    expect(statuses.find((a) => a.title.startsWith('Template: Password Protected'))?.status).toBe('draft');
  });

  const count = async (t: 'articles' | 'pages' | 'comments' | 'users' | 'sections' | 'tags' | 'media' | 'redirects') =>
    Number((await site.services.db.kysely.selectFrom(t).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('reports what it made, exactly as the dry run before it said it would', async () => {
    const counts = (r: ImportReport) => ({
      created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skippedCount, notConverted: r.notConvertedCount, missing: r.missingFilesCount,
    });
    expect(counts(dry)).toEqual(counts(report));
    const tables = { authors: 'users', sections: 'sections', tags: 'tags', pictures: 'media', articles: 'articles', pages: 'pages', comments: 'comments', redirects: 'redirects' } as const;
    for (const [kind, table] of Object.entries(tables)) expect(report.created[kind as keyof typeof tables], kind).toBe(await count(table));
    expect(Object.values(report.updated).concat(Object.values(report.unchanged)).every((n) => n === 0)).toBe(true);
  });

  it('files every category as a section and every tag as a tag, their old addresses leading there', async () => {
    const k = site.services.db.kysely;
    const sections = await k.selectFrom('sections').select(['slug', 'name']).execute();
    for (const c of file.categoryTerms) expect(sections, `category ${c.slug}`).toContainEqual({ slug: c.slug, name: c.name });
    expect(sections.length).toBe(file.categoryTerms.length);
    const tags = await k.selectFrom('tags').select(['slug', 'name']).execute();
    for (const t of file.tagTerms) expect(tags, `tag ${t.slug}`).toContainEqual({ slug: t.slug, name: t.name });
    // A post's further categories became tags of the same slug.
    const further = posts().filter((p) => PUBLIC_STATUSES.has(p.status)).flatMap((p) => p.categories.slice(1));
    for (const c of further) expect(tags.map((t) => t.slug), `category ${c} as a tag`).toContain(c);
    // Tags a post names that the export's list lacks came in too, and nothing else did.
    const named = [...posts(), ...pages()].flatMap((p) => p.tags);
    for (const t of named) expect(tags.map((x) => x.slug), `tag ${t} of a post`).toContain(t);
    expect(tags.length).toBe(new Set([...file.tagTerms.map((t) => t.slug), ...named, ...further]).size);
    for (const c of ['cat-a', 'aciform', 'block']) await oneHop(`/category/${c}/`);
    // A child category's address names its parent on WordPress.
    const nested = await oneHop('/category/parent-category/child-category-01/');
    expect(nested.to).toBe('/section/child-category-01');
    // WordPress's plain addresses, by number and by slug, lead to the same places.
    for (const c of file.categoryTerms) expect((await oneHop(`/?cat=${c.id}`)).to, `/?cat=${c.id}`).toBe(`/section/${c.slug}`);
    for (const t of file.tagTerms.slice(0, 15)) expect((await site.fetch(`/?tag=${t.slug}`)).headers.get('location'), `/?tag=${t.slug}`).toBe(`/tag/${t.slug}`);
    const used = [...new Set(posts().filter((p) => p.status === 'publish' && !p.password).flatMap((p) => p.tags))];
    for (const t of used.slice(0, 15)) {
      const res = await site.fetch(`/tag/${t}/`);
      expect(res.status, `/tag/${t}/`).toBe(301);
      expect((await site.fetch(res.headers.get('location')!)).status).toBe(200);
    }
  });

  it('leads the pictures’ old file addresses and attachment pages on in one 301', async () => {
    const pictures = file.items.filter((i) => i.type === 'attachment' && /\.(jpe?g|png|gif)$/i.test(i.attachmentUrl));
    const owners = new Map([...posts(), ...pages()].map((p) => [p.id, p]));
    let pages_ = 0;
    for (const a of pictures) {
      const picture = await oneHop(new URL(a.attachmentUrl).pathname);
      expect(picture.to, a.attachmentUrl).toMatch(/^\/media\/[\w.-]+$/);
      const page = new URL(a.link);
      if (page.pathname === '/') continue;
      // An attachment page leads to the post or page it belongs to, or to the picture when it belongs to none.
      const owner = owners.get(a.parent);
      const to = owner ? (await site.fetch(owner.type === 'page' ? `/?page_id=${owner.id}` : `/?p=${owner.id}`)).headers.get('location') : picture.to;
      expect((await oneHop(page.pathname)).to, a.link).toBe(to);
      expect((await oneHop(`/?attachment_id=${a.id}`)).to, `/?attachment_id=${a.id}`).toBe(to);
      pages_++;
    }
    expect(pictures.length).toBeGreaterThan(30);
    expect(pages_).toBeGreaterThan(30);
  });

  it('makes every author a member of staff without a password, with their bylines', async () => {
    const k = site.services.db.kysely;
    for (const a of file.authors) {
      const u = await k.selectFrom('users').select(['name', 'role', 'password_hash', 'slug']).where('name', '=', a.name).executeTakeFirstOrThrow();
      expect(u).toMatchObject({ role: 'author', password_hash: null });
      expect((await site.fetch(`/author/${u.slug}`)).status).toBe(200);
    }
  });

  it('brings in every reader comment on a post, threaded, approved ones shown and held ones held', async () => {
    const k = site.services.db.kysely;
    const onPosts = posts().flatMap((p) => p.comments.map((c) => ({ ...c, post: p })));
    const readers = onPosts.filter((c) => c.type !== 'pingback' && c.type !== 'trackback' && (c.approved === '1' || c.approved === '0'));
    const rows = await k.selectFrom('comments').select(['id', 'parent_id', 'status', 'body_html', 'depth', 'article_id']).execute();
    expect(rows.length).toBe(readers.length);
    expect(rows.filter((r) => r.status === 'visible').length).toBe(readers.filter((c) => c.approved === '1').length);
    expect(rows.filter((r) => r.status === 'pending').length).toBe(readers.filter((c) => c.approved === '0').length);
    const replies = readers.filter((c) => c.parent !== '0');
    expect(replies.length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.parent_id !== null).length).toBe(replies.length);
    expect(Math.max(...rows.map((r) => Number(r.depth)))).toBeGreaterThanOrEqual(2);
    // Threads render as on the site: each comment once on its thread's page, and the reply counts true.
    const visibleRoots = await k.selectFrom('comments').select(['id', 'reply_count']).where('parent_id', 'is', null).where('status', '=', 'visible').execute();
    const threaded = visibleRoots.find((r) => Number(r.reply_count) >= 1)!;
    expect(threaded).toBeDefined();
    const thread = (await site.text(`/comments/${threaded.id}`)).body;
    const ids = [...thread.matchAll(/id="comment-(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const inThread = await k.selectFrom('comments').select('id').where((eb) => eb.or([eb('id', '=', threaded.id), eb('thread_id', '=', threaded.id)])).where('status', '=', 'visible').execute();
    expect(ids.sort()).toEqual(inThread.map((r) => String(r.id)).sort());
    const lone = visibleRoots.find((r) => Number(r.reply_count) === 0);
    if (lone) {
      const articleId = (await k.selectFrom('comments').select('article_id').where('id', '=', lone.id).executeTakeFirstOrThrow()).article_id;
      const path = (await k.selectFrom('articles').select('path').where('id', '=', articleId).executeTakeFirstOrThrow()).path!;
      const page = (await site.text(path)).body;
      const block = page.slice(page.indexOf(`id="comment-${lone.id}"`));
      expect(block.slice(0, block.indexOf('</article>'))).not.toContain('Show the whole thread');
    }
    // Every comment left out is in the report, with its reason.
    const pageComments = pages().reduce((n, p) => n + p.comments.length, 0);
    const lost = onPosts.length - readers.length;
    expect(report.skipped.filter((s) => s.what.startsWith('comment ')).length).toBe(lost);
    expect(report.skipped.filter((s) => /on the page/.test(s.what)).reduce((n, s) => n + Number(s.what.split(' ')[0]), 0)).toBe(pageComments);
  });

  it('renders the hard cases: captions, block quotes, pull quotes, embeds, markup and special characters in titles, Greek', async () => {
    const article = async (title: string) => {
      const p = posts().find((x) => x.title === title)!;
      return (await oneHop(pathOf(p.link))).body;
    };
    const images = await article('Markup: Image Alignment');
    expect(images).toMatch(/<figure class="figure"><picture>[\s\S]*?<figcaption>[\s\S]*?Look at 580x300 getting some <a href="https:\/\/en.support.wordpress.com\/images\/image-settings\/"/);
    const quotes = await article('Block: Quote');
    expect(quotes).toContain('<figure class="pullquote"><blockquote><p>In addition to the quote block, we also have the pull quote.</p></blockquote><figcaption>Theme Reviewer</figcaption>');
    expect(quotes).toMatch(/<blockquote>\s*<p>Gutenberg is more than an editor.<\/p>\s*<p>— The Gutenberg Team<\/p>/);
    const embeds = await article('Block category: Embeds');
    expect(embeds).toContain('data-embed-src="https://www.youtube-nocookie.com/embed/ex8fMxXJDJw?autoplay=1"');
    expect(embeds).toContain('https://twitter.com/WordPress/status/1057136472321613824');
    const special = await article('Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:\'"?,.>');
    expect(special).toContain('Markup: Title With Special Characters ~`!@#$%^&amp;*()-_=+{}[]/\\;:&#39;&quot;?,.&gt;');
    expect(await article('Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>')).toContain('<h1');
    const greek = pages().find((p) => p.title === 'Ελληνικά-Greek')!;
    expect((await oneHop(pathOf(greek.link))).body).toContain('Ελληνικά');
    const featured = posts().find((p) => p.title === 'Template: Featured Image (Horizontal)')!;
    expect((await oneHop(pathOf(featured.link))).body).toMatch(/<picture>/);
  });

  it('adds nothing the second time, and says so', async () => {
    const before = await Promise.all((['articles', 'pages', 'comments', 'users', 'sections', 'tags', 'media', 'redirects'] as const).map(count));
    const again = await runImport(site, { file: THEME_UNIT, uploadsDir: uploads });
    const after = await Promise.all((['articles', 'pages', 'comments', 'users', 'sections', 'tags', 'media', 'redirects'] as const).map(count));
    expect(after).toEqual(before);
    // Nothing new or updated, and everything the first run made is counted as already here.
    expect(Object.values(again.created).concat(Object.values(again.updated)).every((n) => n === 0)).toBe(true);
    expect(again.unchanged).toEqual(report.created);
  });
});

describe.skipIf(!haveFixtures).each(DATABASES)('import-wordpress of block-editor content (%s)', (kind) => {
  let site: TestSite;
  afterAll(async () => site?.close());

  it('converts the core blocks, and a dry run first writes nothing', async () => {
    site = await startTestSite(kind, { demo: false });
    const k = site.services.db.kysely;
    const dry = await runImport(site, { file: BLOCKS, dryRun: true });
    expect(Number((await k.selectFrom('articles').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    expect(Number((await k.selectFrom('users').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    const real = await runImport(site, { file: BLOCKS });
    expect({ created: real.created, updated: real.updated, unchanged: real.unchanged }).toEqual({ created: dry.created, updated: dry.updated, unchanged: dry.unchanged });
    const counted = countExport(BLOCKS);
    expect(real.created.articles).toBe(counted.items.filter((i) => i.type === 'post').length);
    const bodies = await k.selectFrom('article_bodies').select(['body_md', 'body_html']).execute();
    const md = bodies.map((b) => b.body_md).join('\n');
    expect(md).toContain('::: pullquote');
    expect(md).toMatch(/^\* \* \*$/m);
    expect(md).toMatch(/^\| .* \|$/m);
    expect(md).not.toMatch(/<!-- wp:/);
    // Every body renders with nothing but what the allow-list keeps.
    expect(bodies.every((b) => !/<script|<iframe|on\w+=/i.test(b.body_html))).toBe(true);
  }, 120_000);
});
