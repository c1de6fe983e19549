import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * Small things a newsroom notices: a renamed section's old address keeps the
 * page asked for, the first-run page ends with a word of confirmation, and the
 * time-zone lists offer UTC and today's names (Europe/Kyiv, Asia/Kolkata)
 * while a zone saved under an old name keeps working.
 */
describe.each(DATABASES)('newsroom details on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
  });
  afterAll(async () => site?.close());

  const settingsForm = (timezone: string) => ({
    site_name: 'The Estuary Post', site_description: '', accent_colour: '#1d5c8a', timezone, locale: 'en-GB', language: 'en', nav: '', social: '', logo: '',
  });
  const selectedZone = (body: string) => /<select id="f-timezone"[\s\S]*?<option selected>([^<]+)<\/option>/.exec(body)?.[1];

  it('confirms the first-run page, with UTC and current zone names to choose from', async () => {
    const owner = await asRole(site, 'owner');
    const setup = await owner.get('/admin/setup');
    expect(setup.body).toContain('<option>UTC</option>');
    expect(setup.body).toContain('<option>Europe/Kyiv</option>');
    expect(setup.body).toContain('<option>Asia/Kolkata</option>');
    expect(setup.body).not.toContain('Europe/Kiev');
    expect(setup.body).not.toContain('Asia/Calcutta');
    const done = await owner.post('/admin/setup', { site_name: 'The Estuary Post', language: 'en', timezone: 'UTC', section: 'Harbour' });
    expect(done.location).toBe('/admin?done=setup');
    const dashboard = await owner.get(done.location!);
    expect(dashboard.body).toContain('The Estuary Post is set up.');
    expect(dashboard.body).toContain('href="/admin/articles/new"');
    expect(site.services.settings.get().timezone).toBe('UTC');
    // The site's own default zone (UTC) is on the list, so Settings does not quietly move it to the first one.
    expect(selectedZone((await owner.get('/admin/settings')).body)).toBe('UTC');
  });

  it('keeps a zone saved under its old name, shows it under the new one, and saves the new one', async () => {
    const owner = await asRole(site, 'owner');
    await site.services.settings.save({ timezone: 'Europe/Kiev' });
    const page = await owner.get('/admin/settings');
    expect(selectedZone(page.body)).toBe('Europe/Kyiv');
    expect((await owner.post('/admin/settings', settingsForm('Europe/Kiev'))).status).toBe(303);
    expect(site.services.settings.get().timezone).toBe('Europe/Kyiv');
    expect((await owner.post('/admin/settings', settingsForm('Asia/Kolkata'))).status).toBe(303);
    expect(site.services.settings.get().timezone).toBe('Asia/Kolkata');
    expect((await owner.post('/admin/settings', settingsForm('Mars/Olympus'))).status).toBe(422);
  });

  it('sends a renamed section’s old address, page and all, to the new one', async () => {
    const editor = await asRole(site, 'editor');
    const section = await site.services.db.kysely.selectFrom('sections').select(['id']).where('slug', '=', 'harbour').executeTakeFirstOrThrow();
    await editor.get(`/admin/sections/${section.id}`);
    expect((await editor.post(`/admin/sections/${section.id}`, { name: 'Harbour and coast', slug: 'coast', description: '', image: '' })).status).toBe(303);
    const location = async (path: string) => {
      const res = await site.fetch(path);
      return [res.status, res.headers.get('location')];
    };
    expect(await location('/section/harbour?page=2')).toEqual([301, '/section/coast?page=2']);
    expect(await location('/section/harbour?page=1')).toEqual([301, '/section/coast']);
    expect(await location('/section/harbour?page=two')).toEqual([301, '/section/coast']);
    expect(await location('/section/harbour?utm_source=x')).toEqual([301, '/section/coast']);
    expect(await location('/section/harbour/feed.xml?page=2')).toEqual([301, '/section/coast/feed.xml']);
  });
});
