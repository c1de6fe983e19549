import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaVariant } from '../src/db/schema.ts';
import { asRole } from './helpers/agent.ts';
import { samizdat } from './helpers/cli.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { postMultipart } from './helpers/upload.ts';

/** `samizdat demo --remove`, run against the test site's database. */
const removeDemoByCommand = (site: TestSite) => samizdat(['demo', '--remove'], {
  DATA_DIR: site.dataDir,
  DATABASE_URL: site.services.config.database.kind === 'postgres' ? site.services.config.database.url : '',
});

/**
 * An outlet that started from the demo and has begun publishing for real, then
 * removes the demo from the command line while the site is up: every demo row
 * and file goes, every real one stays — including the demo rows real content
 * now leans on (a section holding a real article, a picture a real article shows).
 */
describe.each(DATABASES)('samizdat demo --remove on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const filesOf = (variants: string) => (JSON.parse(variants) as MediaVariant[]).map((v) => path.join(site.dataDir, 'media', v.file));

  it('removes every demo row and file and keeps everything the staff made', async () => {
    const editor = await asRole(site, 'editor');
    const demo = await db().selectFrom('demo_rows').selectAll().execute();
    expect(demo.length).toBeGreaterThan(20);
    const demoMedia = await db().selectFrom('media').select(['id', 'slug', 'variants']).where('id', 'in', demo.filter((d) => d.table_name === 'media').map((d) => d.row_id)).execute();
    const demoSection = await db().selectFrom('sections').select(['id', 'slug']).where('id', 'in', demo.filter((d) => d.table_name === 'sections').map((d) => d.row_id)).orderBy('position').executeTakeFirstOrThrow();
    const demoArticlePaths = (await db().selectFrom('articles').select('path').where('status', '=', 'published').execute()).map((a) => a.path!);
    const [borrowed, logo, ...otherDemoMedia] = demoMedia;
    // The owner made a demo picture the site's logo: a use like any other.
    await site.services.settings.save({ publisher_logo_media_id: logo.id });

    // Real work: a new section, an uploaded picture, and two articles — one filed in a demo section with a demo picture.
    await editor.get('/admin/sections');
    await editor.post('/admin/sections', { name: 'City desk', slug: '', description: '', image: '' });
    const ownSection = await db().selectFrom('sections').select('id').where('slug', '=', 'city-desk').executeTakeFirstOrThrow();
    await editor.get('/admin/media');
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 90, b: 140 } } }).jpeg().toBuffer();
    const up = await postMultipart(editor, '/admin/media', { alt: 'The council chamber', caption: '', credit: 'Staff photo' }, { name: 'chamber.jpg', bytes: jpeg, type: 'image/jpeg' });
    expect(up.status, up.body).toBe(303);
    const ownPicture = await db().selectFrom('media').select(['id', 'slug', 'variants']).where('id', '=', Number(/\/admin\/media\/(\d+)/.exec(up.location!)![1])).executeTakeFirstOrThrow();
    const publish = async (title: string, sectionId: number, lead: number, body: string) => {
      await editor.get('/admin/articles/new');
      const res = await editor.post('/admin/articles', {
        title, standfirst: 'Real reporting.', section_id: String(sectionId), tags: 'council', body_md: body,
        lead_media_id: String(lead), author_ids: [String(editor.userId)], action: 'publish',
      });
      expect(res.status, res.body).toBe(303);
      return db().selectFrom('articles').select(['id', 'path']).where('title', '=', title).executeTakeFirstOrThrow();
    };
    const own = await publish('Council sets the budget', ownSection.id, ownPicture.id, 'The vote was close.');
    const inDemoSection = await publish('Ferry fares rise again', demoSection.id, borrowed.id, `Commuters object.\n\n::: figure ${ownPicture.slug}\n:::`);

    const cli = await removeDemoByCommand(site);
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toMatch(/Removed the demo: \d+ articles/);
    expect(cli.out).toContain(`Kept the picture “${borrowed.slug}”`);
    expect(cli.out).toContain(`Kept the picture “${logo.slug}”, which the site’s own content shows as its logo`);
    // The removal leaves the settings alone, and says what of the demo they still hold.
    expect(cli.out).toContain('The site still carries the demo’s name, “The Lantern”, and its description. Change that in Settings: http://news.test/admin/settings');

    // Every demo article, person, tag-only row and unused picture is gone, rows and files.
    const left = await db().selectFrom('articles').select('id').execute();
    expect(left.map((a) => a.id).sort()).toEqual([own.id, inDemoSection.id].sort());
    for (const m of otherDemoMedia) {
      expect(await db().selectFrom('media').select('id').where('id', '=', m.id).executeTakeFirst(), m.slug).toBeUndefined();
      for (const f of filesOf(m.variants)) expect(fs.existsSync(f), f).toBe(false);
    }
    const demoPeople = demo.filter((d) => d.table_name === 'users').map((d) => d.row_id);
    expect(await db().selectFrom('users').select('id').where('id', 'in', demoPeople).execute()).toEqual([]);
    expect(await db().selectFrom('demo_rows').selectAll().execute()).toEqual([]);

    // What the staff made, and the demo rows it uses, are all still there and served.
    for (const f of [...filesOf(ownPicture.variants), ...filesOf(borrowed.variants), ...filesOf(logo.variants)]) expect(fs.existsSync(f), f).toBe(true);
    expect(await db().selectFrom('sections').select('id').where('id', 'in', [ownSection.id, demoSection.id]).execute()).toHaveLength(2);
    expect(await db().selectFrom('users').select('id').where('id', '=', editor.userId).executeTakeFirst()).toBeDefined();
    // The running site heard of it: its cached pages went with the demo.
    const deadline = Date.now() + 6000;
    let home = '';
    do {
      home = (await site.text('/')).body;
      if (!home.includes(demoArticlePaths[0])) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    for (const p of demoArticlePaths) expect(home).not.toContain(p);
    expect(home).toContain('Council sets the budget');
    expect((await site.fetch(own.path!)).status).toBe(200);
    expect((await site.fetch(inDemoSection.path!)).status).toBe(200);
    expect((await site.fetch(demoArticlePaths[0])).status).toBe(404);
  });

  it('removes nothing more the second time, even a new section that has a demo section’s old name', async () => {
    const owner = await asRole(site, 'owner');
    expect((await owner.get('/admin/settings')).body).not.toContain('Remove the demo outlet');
    await owner.get('/admin/sections');
    expect((await owner.post('/admin/sections', { name: 'Analysis', slug: '', description: '', image: '' })).status).toBe(303);
    const before = await everything();
    expect(before.sections.map((x) => x.slug)).toContain('analysis');
    expect((await owner.get('/admin/demo')).body).toContain('This site holds no demo content');
    const again = await owner.post('/admin/demo/remove', { confirm: 'yes' });
    expect(again.status).toBe(200);
    expect(again.body).toContain('This site holds no demo content; nothing was removed.');
    expect(await everything()).toEqual(before);
  });

  const everything = async () => ({
    articles: await db().selectFrom('articles').select('id').orderBy('id').execute(),
    sections: await db().selectFrom('sections').select(['id', 'slug']).orderBy('id').execute(),
    users: await db().selectFrom('users').select('id').orderBy('id').execute(),
    media: await db().selectFrom('media').select('id').orderBy('id').execute(),
    tags: await db().selectFrom('tags').select('id').orderBy('id').execute(),
  });
});

/**
 * A site that never had the demo has sections and pictures of its own, some
 * with the names the demo uses ("Opinion", "Culture", a picture called
 * council-chamber): removing "the demo" there must find nothing and take nothing.
 */
describe.each(DATABASES)('removing the demo from a site that never had it, on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;

  it('keeps every real section, person and picture, and says there is no demo', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/sections');
    for (const name of ['Opinion', 'Culture', 'News']) expect((await owner.post('/admin/sections', { name, slug: '', description: '', image: '' })).status).toBe(303);
    await owner.get('/admin/media');
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 60, b: 30 } } }).jpeg().toBuffer();
    const pictures = [];
    for (const name of ['council-chamber.jpg', 'harbour-dawn.jpg']) {
      const up = await postMultipart(owner, '/admin/media', { alt: 'A picture', caption: '', credit: 'Staff' }, { name, bytes: jpeg, type: 'image/jpeg' });
      expect(up.status, up.body).toBe(303);
      pictures.push(Number(/\/admin\/media\/(\d+)/.exec(up.location!)![1]));
    }
    await site.services.settings.save({ publisher_logo_media_id: pictures[1] });
    const rows = async () => ({
      sections: await db().selectFrom('sections').select(['id', 'slug']).orderBy('id').execute(),
      users: await db().selectFrom('users').select('id').orderBy('id').execute(),
      media: await db().selectFrom('media').select(['id', 'slug', 'variants']).orderBy('id').execute(),
    });
    const before = await rows();
    expect(before.sections.map((x) => x.slug)).toEqual(['opinion', 'culture', 'news']);
    expect(before.media.map((m) => m.slug)).toEqual(['council-chamber', 'harbour-dawn']);

    // The newsroom offers no removal, and one asked for anyway removes nothing.
    expect((await owner.get('/admin/settings')).body).not.toContain('Remove the demo outlet');
    const page = await owner.get('/admin/demo');
    expect(page.body).toContain('This site holds no demo content');
    expect(page.body).not.toContain('action="/admin/demo/remove"');
    const res = await owner.post('/admin/demo/remove', { confirm: 'yes' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('This site holds no demo content; nothing was removed.');
    expect(await rows()).toEqual(before);

    const cli = await removeDemoByCommand(site);
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toBe('This site holds no demo content; nothing was removed.\n');
    expect(await rows()).toEqual(before);
    for (const m of before.media) {
      for (const f of (JSON.parse(m.variants) as MediaVariant[]).map((v) => path.join(site.dataDir, 'media', v.file))) expect(fs.existsSync(f), f).toBe(true);
    }
  });
});

/** The owner's button: the answer says what went, and that the site still has the demo's name until the owner changes it. */
describe.each(DATABASES)('the owner removes the demo from the newsroom, on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  it('removes it, points to the first-run page for the name, and then offers the removal no more', async () => {
    const owner = await asRole(site, 'owner');
    expect((await owner.get('/admin/settings')).body).toContain('href="/admin/demo"');
    await owner.get('/admin/demo');
    const res = await owner.post('/admin/demo/remove', { confirm: 'yes' });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/Removed \d+ articles, 4 sections/);
    expect(res.body).toContain('The site still carries the demo’s name, “The Lantern”, and its description.');
    // Every section went with the demo: the first-run page names the site and makes the first section.
    expect(res.body).toContain('<a href="/admin/setup">change that in the first-run page</a>');
    expect((await owner.get('/admin/settings')).body).not.toContain('href="/admin/demo"');
    expect((await owner.get('/admin/setup')).status).toBe(200);
  });
});
