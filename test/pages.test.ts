import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDemo } from '../src/demo/remove-demo.ts';
import { SLUG_PATTERN } from '../src/lib/slug.ts';
import { rerenderPagesUsing, rerenderStalePages } from '../src/pages/rerender.ts';
import { newsroomRoutes } from '../src/routes/newsroom.ts';
import { publicRoutes } from '../src/routes/public.ts';
import { readerRoutes } from '../src/routes/reader.ts';
import { type Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { htmlErrors, xmlErrors } from './helpers/markup.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

describe.each(DATABASES)('static pages on %s', (kind) => {
  let site: TestSite;
  let editor: Agent;
  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
  });
  afterAll(async () => site?.close());

  const form = (title: string, slug: string, extra: Record<string, string> = {}) => ({
    title, slug, standfirst: `All about ${title}.`, body_md: `The ${title} page says hello.`, action: 'save', ...extra,
  });

  /** Creates a page through the editor and answers its id. */
  async function create(title: string, slug: string, extra: Record<string, string> = {}): Promise<number> {
    await editor.get('/admin/pages/new');
    const res = await editor.post('/admin/pages', form(title, slug, extra));
    expect(res.status, res.body.slice(0, 500)).toBe(303);
    return Number(/\/admin\/pages\/(\d+)\/edit/.exec(res.location!)![1]);
  }

  async function edit(id: number, fields: Record<string, string>) {
    const current = await site.services.db.kysely.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await editor.get(`/admin/pages/${id}/edit`);
    return editor.post(`/admin/pages/${id}`, { title: current.title, slug: current.slug, standfirst: current.standfirst, body_md: current.body_md, action: 'save', ...fields });
  }

  it('publishes a page at the address the editor chose, serves it, and lists it in the sitemap', async () => {
    const id = await create('Masthead', 'masthead', { body_md: 'Editor: **Ann Reilly**\n\n::: pullquote\nNo fear, no favour.\n— The founders\n:::', action: 'publish' });
    const page = await site.text('/masthead');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Masthead</h1>');
    expect(page.body).toContain('<strong>Ann Reilly</strong>');
    expect(page.body).toContain('class="pullquote"');
    expect(page.body).toContain('<link rel="canonical" href="http://news.test/masthead">');
    expect(page.body).toContain('href="/masthead/history"');
    expect(htmlErrors(page.body)).toEqual([]);
    expect(htmlErrors((await editor.get('/admin/pages/new')).body)).toEqual([]);
    const sitemap = (await site.text('/sitemap.xml')).body;
    expect(sitemap).toContain('<loc>http://news.test/masthead</loc>');
    expect(xmlErrors(sitemap)).toEqual([]);
    const list = await editor.get('/admin/pages');
    expect(list.body).toContain(`href="/admin/pages/${id}/edit">Masthead</a>`);
  });

  it('never shows a draft: its address and history are not found, and it is not in the sitemap', async () => {
    await create('Contact us', 'contact');
    expect((await site.fetch('/contact')).status).toBe(404);
    expect((await site.fetch('/contact/history')).status).toBe(404);
    expect((await site.text('/sitemap.xml')).body).not.toContain('/contact<');
  });

  it('refuses the site’s own addresses and the archive’s years, with the reason beside the address field', async () => {
    // Every fixed first part of an address the site answers, as its route tables say: a route added later is covered too.
    const rows = [...publicRoutes(site.services), ...readerRoutes(site.services), ...newsroomRoutes(site.services)];
    const taken = [...new Set(rows.map((r) => r.url.split('/')[1]).filter((p) => p && SLUG_PATTERN.test(p)))];
    expect(taken).toEqual(expect.arrayContaining(['admin', 'search', 'section', 'tag', 'author', 'account', 'media', 'assets', 'healthz']));
    await editor.get('/admin/pages/new');
    for (const slug of [...taken, 'feed', 'category']) {
      const res = await editor.post('/admin/pages', form('Clash', slug));
      expect(res.status, slug).toBe(422);
      expect(res.body, slug).toMatch(new RegExp(`<p class="field-error" id="err-slug">/${slug} is one of the site’s own addresses`));
      expect(res.body, slug).toContain(`value="${slug}"`); // the input is kept
    }
    const year = await editor.post('/admin/pages', form('Clash', '2024'));
    expect(year.status).toBe(422);
    expect(year.body).toContain('Four-digit numbers are kept for the archive’s years.');
    const shape = await editor.post('/admin/pages', form('Clash', 'About Us'));
    expect(shape.status).toBe(422);
    expect(shape.body).toContain('Use lower-case letters, digits and single hyphens');
    // A title that makes a reserved address is refused too.
    const made = await editor.post('/admin/pages', form('Search', ''));
    expect(made.status).toBe(422);
    expect(made.body).toContain('/search is one of the site’s own addresses');
    const twice = await editor.post('/admin/pages', form('Another about', 'about'));
    expect(twice.status).toBe(422);
    expect(twice.body).toContain('Another page is already at /about.');
    expect((await site.fetch('/search?q=x')).status).toBe(200);
  });

  it('keeps every change to a published page in its public history, with a word-by-word comparison', async () => {
    const id = await create('Terms of use', 'terms', { body_md: 'You may quote up to three hundred words.', action: 'publish' });
    const res = await edit(id, { body_md: 'You may quote up to five hundred words.', change_kind: 'correction', change_note: 'We gave the wrong limit.' });
    expect(res.status).toBe(303);
    const page = (await site.text('/terms')).body;
    expect(page).toContain('five hundred');
    expect(page).toContain('We gave the wrong limit.');
    const history = await site.text('/terms/history');
    expect(history.status).toBe(200);
    expect(history.body).toContain('Every change to this page since it was published');
    expect(history.body).toMatch(/Correction<\/strong> · Revision 2 · <time datetime="[^"]+">/);
    expect(history.body).toContain('We gave the wrong limit.');
    expect(history.body).toContain('href="/terms/history?from=1&to=2"');
    const diff = (await site.text('/terms/history?from=1&to=2')).body;
    expect(diff).toMatch(/<del[^>]*>(<span[^>]*>[^<]*<\/span>)?three<\/del>/);
    expect(diff).toMatch(/<ins[^>]*>(<span[^>]*>[^<]*<\/span>)?five<\/ins>/);
    expect(htmlErrors(diff)).toEqual([]);
    expect(htmlErrors((await editor.get(`/admin/pages/${id}/edit`)).body)).toEqual([]);
    // A save that changes nothing adds no revision.
    await edit(id, {});
    expect((await site.text('/terms/history')).body).not.toContain('Revision 3');
    // A correction needs its note.
    const silent = await edit(id, { body_md: 'Changed quietly.', change_kind: 'correction', change_note: '' });
    expect(silent.status).toBe(422);
    expect(silent.body).toContain('Say what was corrected');
  });

  it('moves a published page to a new address: the old one and its history lead there in one hop, and the menu follows', async () => {
    const id = await create('Our team', 'team', { action: 'publish' });
    await site.services.settings.save({ nav: [...site.services.settings.get().nav, { label: 'Team', url: '/team' }] });
    await site.services.changes.everything();
    expect((await edit(id, { slug: 'our-team' })).status).toBe(303);
    const old = await site.fetch('/team');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/our-team');
    expect((await site.fetch('/team/history')).headers.get('location')).toBe('/our-team/history');
    expect((await site.fetch('/our-team')).status).toBe(200);
    expect(site.services.settings.get().nav).toContainEqual({ label: 'Team', url: '/our-team' });
    expect((await site.text('/')).body).toContain('<a href="/our-team">Team</a>');
    // Moving again keeps the first address one hop from the page.
    expect((await edit(id, { slug: 'the-team' })).status).toBe(303);
    expect((await site.fetch('/team')).headers.get('location')).toBe('/the-team');
  });

  it('forgets the cached page when it is edited', async () => {
    const id = await create('Cache test', 'cache-test', { body_md: 'First words.', action: 'publish' });
    await site.fetch('/cache-test');
    const second = await site.fetch('/cache-test');
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toContain('First words.');
    expect((await edit(id, { body_md: 'Second words.' })).status).toBe(303);
    const after = await site.text('/cache-test');
    expect(after.body).toContain('Second words.');
    expect(after.body).not.toContain('First words.');
  });

  it('unpublishes a page (its address says it was withdrawn), deletes only drafts that were never public', async () => {
    const id = await create('Ethics code', 'ethics', { action: 'publish' });
    await site.services.settings.save({ nav: [...site.services.settings.get().nav, { label: 'Ethics', url: '/ethics' }] });
    expect((await edit(id, { action: 'unpublish' })).status).toBe(303);
    expect((await site.fetch('/ethics')).status).toBe(410);
    // The editor warns that the menu still leads there.
    const withdrawn = (await editor.get(`/admin/pages/${id}/edit`)).body;
    expect(withdrawn).toContain('The site menu links to this page, but it is unpublished');
    expect(withdrawn).not.toContain('Delete draft');
    const refused = await editor.post(`/admin/pages/${id}/delete`, { confirm: 'yes' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('its history is kept');
    const draft = await create('Scratch', 'scratch');
    expect((await editor.get(`/admin/pages/${draft}/edit`)).body).toContain(`formaction="/admin/pages/${draft}/delete"`);
    // The editor's button asks first, on a page of its own; nothing is deleted yet.
    const ask = await editor.post(`/admin/pages/${draft}/delete`, form('Scratch', 'scratch'));
    expect(ask.status).toBe(200);
    expect(ask.body).toContain('Delete this draft?');
    expect((await editor.get(`/admin/pages/${draft}/edit`)).status).toBe(200);
    expect((await editor.post(`/admin/pages/${draft}/delete`, { confirm: 'yes' })).location).toBe('/admin/pages?done=deleted');
    expect((await editor.get(`/admin/pages/${draft}/edit`)).status).toBe(404);
  });

  it('sends an unknown address on to the old-address finder and the 404 page', async () => {
    expect((await site.fetch('/no-such-page')).status).toBe(404);
    expect((await site.fetch('/feed')).headers.get('location')).toBe('/feed.xml');
    await site.services.db.kysely.insertInto('redirects').values({ from_path: '/about-us', article_id: null, to_path: '/about', created_at: new Date().toISOString() }).execute();
    expect((await site.fetch('/about-us')).headers.get('location')).toBe('/about');
  });

  it('is for those who curate: an author gets 403 on every newsroom page for pages', async () => {
    const author = await asRole(site, 'author');
    for (const path of ['/admin/pages', '/admin/pages/new', '/admin/pages/1/edit']) expect((await author.get(path)).status, path).toBe(403);
    expect((await author.post('/admin/pages', form('Sneaky', 'sneaky', { action: 'publish' }))).status).toBe(403);
    expect((await site.fetch('/sneaky')).status).toBe(404);
  });

  it('offers the published pages on the settings page as menu links', async () => {
    const owner = await asRole(site, 'owner');
    const settings = (await owner.get('/admin/settings')).body;
    expect(settings).toContain('<code>Masthead | /masthead</code>');
    expect(settings).not.toContain('Contact us | /contact');
  });

  it('previews the form as readers would see the page', async () => {
    await editor.get('/admin/pages/new');
    const res = await editor.post('/admin/pages/preview', form('Previewed', 'previewed', { body_md: '::: figure no-such-picture\n:::' }));
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>Previewed</h1>');
    expect(res.body).toContain('Check before publishing');
    // A draft may hold the problem; publishing waits until it is fixed, and says what it is.
    const id = await create('Half done', 'half-done', { body_md: '::: figure no-such-picture\n:::' });
    await editor.get(`/admin/pages/${id}/edit`);
    const refused = await editor.post(`/admin/pages/${id}`, form('Half done', 'half-done', { body_md: '::: figure no-such-picture\n:::', action: 'publish' }));
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('This cannot be published until this problem in the body is fixed');
    expect(refused.body).toMatch(/<li>[^<]*no-such-picture/);
    expect((await site.fetch('/half-done')).status).toBe(404);
  });

  it('renders a page’s figure again when the picture’s library texts change, and every page when the renderer changes', async () => {
    const k = site.services.db.kysely;
    const id = await create('Our office', 'office', { body_md: '::: figure harbour-dawn\n:::', action: 'publish' });
    expect((await site.text('/office')).body).not.toContain('A new caption for the harbour.');
    await k.updateTable('media').set({ caption: 'A new caption for the harbour.' }).where('slug', '=', 'harbour-dawn').execute();
    const deps = await rerenderPagesUsing(k, 'harbour-dawn');
    expect(deps).toEqual([`page:${id}`]);
    await site.services.changes.changed(deps);
    expect((await site.text('/office')).body).toContain('A new caption for the harbour.');
    // A renderer newer than the one that rendered the stored bodies: each is rendered again, once.
    await k.updateTable('pages').set({ body_html: '<p>stale</p>' }).where('id', '=', id).execute();
    await k.updateTable('server_keys').set({ value: '0' }).where('name', '=', 'page_render_version').execute();
    await rerenderStalePages(k);
    const row = await k.selectFrom('pages').select('body_html').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.body_html).toContain('A new caption for the harbour.');
  });

  it('comes with the demo’s About page and corrections policy in the menu, and removing the demo takes them away', async () => {
    const home = (await site.text('/')).body;
    expect(home).toContain('<a href="/about">About</a>');
    expect((await site.text('/about')).body).toContain('<h1>About The Lantern</h1>');
    expect((await site.fetch('/corrections')).status).toBe(200);
    const r = await removeDemo(site.services.db, site.dataDir, site.services.changes);
    expect(r.removed.pages).toBe(2);
    expect((await site.fetch('/about')).status).toBe(404);
    expect(site.services.settings.get().nav.map((n) => n.url)).not.toContain('/about');
    expect((await site.fetch('/masthead')).status).toBe(200);
  });
});
