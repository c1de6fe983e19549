import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

describe.each(DATABASES)('site settings on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  const form = (extra: Record<string, string> = {}) => ({
    site_name: 'The Kilbrannan Lantern', site_description: 'News from the bay', accent_colour: '#1d5c8a',
    timezone: 'Europe/Dublin', locale: 'en-GB', nav: 'About us | /about\nDonate | https://donate.example.org', social: 'Mastodon | https://social.example.org/@lantern', ...extra,
  });

  it('lets the owner rename the site, change the colour, the menu and the social links, and readers see it at once', async () => {
    expect((await site.text('/')).body).toContain('<title>The Lantern</title>');
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    const res = await owner.post('/admin/settings', form());
    expect(res.status).toBe(303);
    const home = (await site.text('/')).body;
    expect(home).toContain('<title>The Kilbrannan Lantern</title>');
    expect(home).toContain('--accent:#1d5c8a');
    expect(home).toContain('<a href="/about">About us</a>');
    expect(home).toContain('https://social.example.org/@lantern');
  });

  it('puts the chosen logo from the media library in the header', async () => {
    const owner = await asRole(site, 'owner');
    const logo = await site.services.db.kysely.selectFrom('media').select('id').where('slug', '=', 'portrait-ruth').executeTakeFirstOrThrow();
    await owner.get('/admin/settings');
    expect((await owner.post('/admin/settings', form({ logo: String(logo.id) }))).status).toBe(303);
    expect((await site.text('/')).body).toMatch(/<a class="site-title" href="\/"><img src="\/media\/portrait-ruth-480\.jpg" alt="" width="32" height="32">/);
  });

  it('refuses bad values with messages beside the fields and keeps the old settings', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    const res = await owner.post('/admin/settings', form({ site_name: '', accent_colour: 'red', nav: 'Broken line without address', timezone: 'Mars/Olympus' }));
    expect(res.status).toBe(422);
    expect(res.body).toContain('The site needs a name.');
    expect(res.body).toContain('Each menu line is');
    expect(res.body).toContain('Choose a time zone from the list.');
    expect(site.services.settings.get().site_name).not.toBe('');
  });

  it('refuses an accent colour readers could not read text on, and says why', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    const before = site.services.settings.get().accent_colour;
    const pale = await owner.post('/admin/settings', form({ accent_colour: '#f5e663' }));
    expect(pale.status).toBe(422);
    expect(pale.body).toMatch(/White button text on this colour would be hard to read \(contrast 1\.\d:1/);
    expect(site.services.settings.get().accent_colour).toBe(before);
    expect((await site.text('/')).body).not.toContain('--accent:#f5e663');
  });

  it('sets the language of the reader’s site', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    expect((await owner.post('/admin/settings', form({ language: 'fr', locale: 'fr-FR' }))).status).toBe(303);
    const home = (await site.text('/')).body;
    expect(home).toContain('<html lang="fr">');
    expect(home).toContain('Les plus récents');
    expect(home).toMatch(/<time datetime="[^"]+">\d+ [a-zéû]+ \d{4}<\/time>/);
    const article = (await site.text(/href="(\/\d{4}\/\d{2}\/[a-z0-9-]+)"/.exec(home)![1])).body;
    expect(article).toContain('Partager cet article');
    expect(article).toMatch(/\d+ min de lecture/);
    expect((await owner.post('/admin/settings', form({ language: 'xx' }))).status).toBe(422);
    await owner.post('/admin/settings', form({ language: 'en' }));
    expect((await site.text('/')).body).toContain('<html lang="en">');
  });

  it('is for owners only', async () => {
    const editor = await asRole(site, 'editor');
    expect((await editor.get('/admin/settings')).status).toBe(403);
  });
});
