import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** The editors' hand on the site: the pinned front page, section pages, and the filing of the archive. */
describe.each(DATABASES)('curating the site on %s', (kind) => {
  let site: TestSite;
  let editor: Agent;
  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
  });
  afterAll(async () => {
    await site?.close();
  });

  const db = () => site.services.db.kysely;
  const published = () => db().selectFrom('articles').select(['id', 'title', 'section_id', 'path']).where('status', '=', 'published').orderBy('published_at', 'desc').execute();
  /** The headline of the front page's lead story, and of the featured ones, as a reader sees them. */
  async function frontPage() {
    const { body } = await site.text('/');
    const lead = /<section class="home-lead"[\s\S]*?<h2[^>]*>\s*<a[^>]*>([^<]+)<\/a>/.exec(body)?.[1];
    const featured = /<section class="home-featured"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
    return { lead, featured, body };
  }
  const pinsOn = (place: string) => db().selectFrom('pins').select(['id', 'article_id', 'until']).where('place', '=', place).orderBy('position').execute();

  it('puts a pinned story at the top of the front page, in the order chosen, and takes it down when unpinned', async () => {
    const [newest, second, , fourth] = await published();
    expect((await frontPage()).lead).toBe(newest.title);
    await editor.get('/admin/front-page');
    expect((await editor.post('/admin/front-page/pins', { article: String(fourth.id), place: 'front', until: '' })).status).toBe(303);
    expect((await frontPage()).lead).toBe(fourth.title);
    await editor.post('/admin/front-page/pins', { article: String(second.id), place: 'front', until: '' });
    let page = await frontPage();
    expect(page.lead).toBe(fourth.title);
    expect(page.featured).toContain(second.title);

    const [first, next] = await pinsOn('front');
    expect((await editor.post(`/admin/front-page/pins/${next.id}`, { change: 'up' })).status).toBe(303);
    page = await frontPage();
    expect(page.lead).toBe(second.title);
    expect(page.featured).toContain(fourth.title);

    await editor.post(`/admin/front-page/pins/${first.id}`, { change: 'unpin' });
    await editor.post(`/admin/front-page/pins/${next.id}`, { change: 'unpin' });
    page = await frontPage();
    expect(page.lead).toBe(newest.title);
    expect(page.featured).toBe('');
  });

  it('ends a pin at its end time by itself, and refuses an end time already past', async () => {
    const [newest, , third] = await published();
    await editor.get('/admin/front-page');
    const past = await editor.post('/admin/front-page/pins', { article: String(third.id), place: 'front', until: '2020-01-01T09:00' });
    expect(past.status).toBe(422);
    expect(past.body).toContain('Choose an end time in the future');

    expect((await editor.post('/admin/front-page/pins', { article: String(third.id), place: 'front', until: '2099-01-01T09:00' })).status).toBe(303);
    const admin = await editor.get('/admin/front-page');
    expect(admin.body).toContain('1 January 2099');
    expect((await frontPage()).lead).toBe(third.title);
    // The clock passes the end time: the scheduler's next tick takes the pin down and the cached front page with it.
    await db().updateTable('pins').set({ until: new Date(Date.now() - 1000).toISOString() }).where('article_id', '=', third.id).execute();
    expect(await site.services.pins.expire()).toBe(1);
    expect((await frontPage()).lead).toBe(newest.title);
    expect(await pinsOn('front')).toEqual([]);
  });

  it('gives a section page its own pinned story, one at a time, only from that section', async () => {
    const all = await published();
    const section = await db().selectFrom('sections').select(['id', 'slug']).where('id', '=', all[0].section_id).executeTakeFirstOrThrow();
    const own = all.filter((a) => a.section_id === section.id);
    const elsewhere = all.find((a) => a.section_id !== section.id)!;
    const older = own[own.length - 1];
    await editor.get('/admin/front-page');
    const wrong = await editor.post('/admin/front-page/pins', { article: String(elsewhere.id), place: `section:${section.id}`, until: '' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('not filed in this section');

    expect((await editor.post('/admin/front-page/pins', { article: String(older.id), place: `section:${section.id}`, until: '' })).status).toBe(303);
    const { body } = await site.text(`/section/${section.slug}`);
    const lead = /<section class="listing-lead"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
    expect(lead).toContain(older.title);
    // Shown once, not again in the list below.
    expect(body.split(older.title).length - 1).toBe(lead.split(older.title).length - 1);

    if (own.length > 1) {
      await editor.post('/admin/front-page/pins', { article: String(own[0].id), place: `section:${section.id}`, until: '' });
      const pins = await pinsOn(`section:${section.id}`);
      expect(pins.map((p) => p.article_id)).toEqual([own[0].id]);
    }
  });

  it('lets only editors and the owner curate', async () => {
    const author = await asRole(site, 'author');
    expect((await author.get('/admin/front-page')).status).toBe(403);
    expect((await author.get('/admin/sections')).status).toBe(403);
    expect((await author.get('/admin/tags')).status).toBe(403);
  });

  it('renames a section: the old address and its feeds lead to the new one in one hop, twice over', async () => {
    const created = await (async () => {
      await editor.get('/admin/sections');
      const r = await editor.post('/admin/sections', { name: 'Harbour', slug: '', description: 'Boats and berths.', image: '' });
      expect(r.status).toBe(303);
      return db().selectFrom('sections').select(['id', 'slug']).where('name', '=', 'Harbour').executeTakeFirstOrThrow();
    })();
    expect(created.slug).toBe('harbour');
    expect((await site.text('/section/harbour')).body).toContain('Boats and berths.');
    // A menu entry for it appears on every page.
    expect((await site.text('/')).body).toContain('href="/section/harbour"');

    await editor.get(`/admin/sections/${created.id}`);
    expect((await editor.post(`/admin/sections/${created.id}`, { name: 'Port', slug: 'port', description: 'Boats and berths.', image: '' })).status).toBe(303);
    await editor.get(`/admin/sections/${created.id}`);
    expect((await editor.post(`/admin/sections/${created.id}`, { name: 'Docks', slug: 'docks', description: 'Boats and berths.', image: '' })).status).toBe(303);
    for (const [from, to] of [['/section/harbour', '/section/docks'], ['/section/port', '/section/docks'], ['/section/harbour/feed.xml', '/section/docks/feed.xml'], ['/section/port/atom.xml', '/section/docks/atom.xml']]) {
      const res = await site.fetch(from);
      expect(res.status, from).toBe(301);
      expect(res.headers.get('location'), from).toBe(to);
    }
    expect((await site.text('/section/docks')).status).toBe(200);
  });

  it('refuses to delete a section that holds articles unless they move, then moves them and its address', async () => {
    const [victim, refuge] = await db().selectFrom('sections').select(['id', 'slug', 'name']).orderBy('position').limit(2).execute();
    const inVictim = await db().selectFrom('articles').select('id').where('section_id', '=', victim.id).execute();
    expect(inVictim.length).toBeGreaterThan(0);
    await editor.get(`/admin/sections/${victim.id}`);
    const refused = await editor.post(`/admin/sections/${victim.id}/delete`, { move_to: '' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Choose a section');
    expect(await db().selectFrom('sections').select('id').where('id', '=', victim.id).executeTakeFirst()).toBeDefined();

    expect((await editor.post(`/admin/sections/${victim.id}/delete`, { move_to: String(refuge.id) })).status).toBe(303);
    expect(await db().selectFrom('sections').select('id').where('id', '=', victim.id).executeTakeFirst()).toBeUndefined();
    const moved = await db().selectFrom('articles').select('section_id').where('id', 'in', inVictim.map((a) => a.id)).execute();
    expect(moved.every((a) => a.section_id === refuge.id)).toBe(true);
    const res = await site.fetch(`/section/${victim.slug}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/section/${refuge.slug}`);
  });

  it('renames, merges and deletes tags, the old addresses leading on', async () => {
    const tags = await db().selectFrom('tags as t').innerJoin('article_tags as at', 'at.tag_id', 't.id')
      .select(['t.id', 't.slug', 't.name']).groupBy(['t.id', 't.slug', 't.name']).orderBy('t.id').limit(3).execute();
    const [a, b, c] = tags;
    await editor.get('/admin/tags');
    expect((await editor.post(`/admin/tags/${a.id}/rename`, { name: 'Renamed topic' })).status).toBe(303);
    let res = await site.fetch(`/tag/${a.slug}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tag/renamed-topic');
    expect((await site.text('/tag/renamed-topic')).body).toContain('Renamed topic');

    const taggedB = await db().selectFrom('article_tags').select('article_id').where('tag_id', '=', b.id).execute();
    await editor.get('/admin/tags');
    expect((await editor.post(`/admin/tags/${b.id}/merge`, { into: 'renamed TOPIC ' })).status).toBe(303);
    res = await site.fetch(`/tag/${b.slug}`);
    expect(res.headers.get('location')).toBe('/tag/renamed-topic');
    const nowA = new Set((await db().selectFrom('article_tags').select('article_id').where('tag_id', '=', a.id).execute()).map((r) => r.article_id));
    expect(taggedB.every((r) => nowA.has(r.article_id))).toBe(true);

    await editor.get('/admin/tags');
    const asked = await editor.post(`/admin/tags/${c.id}/delete`, {});
    expect(asked.status).toBe(200);
    expect(asked.body).toContain(`Delete the tag “${c.name}”?`);
    expect((await site.fetch(`/tag/${c.slug}`)).status).toBe(200);
    expect((await editor.post(`/admin/tags/${c.id}/delete`, { confirm: 'yes' })).status).toBe(303);
    expect([404, 410]).toContain((await site.fetch(`/tag/${c.slug}`)).status);
    expect(await db().selectFrom('article_tags').select('article_id').where('tag_id', '=', c.id).execute()).toEqual([]);
  });
});

describe.each(DATABASES)('a site that starts empty on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('sends the owner to the first-run page, which names the site and makes its first section', async () => {
    const owner = await asRole(site, 'owner');
    const first = await owner.get('/admin');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/admin/setup');
    await owner.get('/admin/setup');
    const bad = await owner.post('/admin/setup', { site_name: '', language: 'en', timezone: 'Europe/Dublin', section: '' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('Give the site a name.');
    const ok = await owner.post('/admin/setup', { site_name: 'The Lantern', language: 'fr', timezone: 'Europe/Paris', section: 'Actualités' });
    expect(ok.status).toBe(303);
    expect((await owner.get('/admin')).status).toBe(200);
    const home = await site.text('/');
    expect(home.body).toContain('The Lantern');
    expect(home.body).toContain('lang="fr"');
    expect(home.body).toContain('href="/section/actualites"');
    const settings = site.services.settings.get();
    expect(settings.timezone).toBe('Europe/Paris');
  });
});
