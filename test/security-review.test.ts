import { Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../src/accounts/accounts-service.ts';
import { createSession } from '../src/accounts/sessions.ts';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server.ts';
import { Agent, asRole, PASSWORD } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** The findings of the outside security review that concern the newsroom and accounts, each reproduced. */
describe.each(DATABASES)('after the security review, on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const newsId = async () => String((await db().selectFrom('sections').select('id').where('slug', '=', 'news').executeTakeFirstOrThrow()).id);
  const idFrom = (location: string | null) => Number(/\/admin\/articles\/(\d+)\/edit/.exec(location ?? '')?.[1]);

  it('lets only editors put someone else’s name on a piece, and only staff who write', async () => {
    const author = await asRole(site, 'author');
    const editor = await asRole(site, 'editor');
    const contributor = await asRole(site, 'contributor');
    const reader = await createStaff(site.services.db, { email: `reader.${kind}@readers.test`, name: 'A Reader', password: PASSWORD, role: 'editor' });
    await db().updateTable('users').set({ role: 'reader' }).where('id', '=', reader).execute();
    const form = async (extra: Record<string, string | string[]>) => ({ title: 'Byline test', standfirst: '', section_id: await newsId(), body_md: 'Text.', ...extra });

    await author.get('/admin/articles/new');
    const asSomeoneElse = await author.post('/admin/articles', await form({ author_ids: [String(editor.userId)], action: 'publish' }));
    expect(asSomeoneElse.status).toBe(422);
    expect(asSomeoneElse.body).toContain('Only an editor can put someone else’s name on a piece');
    await contributor.get('/admin/articles/new');
    const namingReader = await contributor.post('/admin/articles', await form({ author_ids: [String(reader)] }));
    expect(namingReader.status).toBe(422);
    expect(namingReader.body).toContain('Choose the byline from the list of staff');
    await editor.get('/admin/articles/new');
    const byEditor = await editor.post('/admin/articles', await form({ author_ids: [String(author.userId), String(editor.userId)] }));
    expect(byEditor.status).toBe(303);
    // The author may keep the byline an editor gave their piece.
    const id = idFrom(byEditor.location);
    await author.get(`/admin/articles/${id}/edit`);
    expect((await author.post(`/admin/articles/${id}`, await form({ author_ids: [String(author.userId), String(editor.userId)] }))).status).toBe(303);
  });

  it('compares revisions holding 60,000 spaces in a row, and any visitor may ask', async () => {
    const editor = await asRole(site, 'editor');
    await editor.get('/admin/articles/new');
    const form = { title: 'Spacing out', standfirst: '', section_id: await newsId(), body_md: 'Start end.' };
    const id = idFrom((await editor.post('/admin/articles', { ...form, action: 'publish' })).location);
    await editor.get(`/admin/articles/${id}/edit`);
    expect((await editor.post(`/admin/articles/${id}`, { ...form, body_md: `Start${' '.repeat(60_000)}end.` })).status).toBe(303);
    const path = (await db().selectFrom('articles').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path!;
    const res = await site.text(`${path}/history?from=1&to=2&nocache=${Date.now()}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('class="diff__text"');
    expect((await site.fetch('/healthz')).status).toBe(200);
  });

  it('answers 422, not 500, for ids that do not exist', async () => {
    const editor = await asRole(site, 'editor');
    await editor.get('/admin/articles/new');
    const base = { title: 'Ghost references', standfirst: '', body_md: 'Text.' };
    for (const [field, value, message] of [
      ['author_ids', '99999', 'Choose the byline from the list of staff'],
      ['section_id', '99999', 'Choose a section from the list'],
      ['lead_media_id', '99999', 'Choose the lead picture from the media library'],
    ] as const) {
      const res = await editor.post('/admin/articles', { section_id: await newsId(), ...base, [field]: value });
      expect(res.status, field).toBe(422);
      expect(res.body, field).toContain(message);
    }
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    const settings = await owner.get('/admin/settings');
    const current = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(settings.body)?.[1] ?? '';
    const relative = await owner.post('/admin/settings', {
      site_name: current('site_name') || 'The Lantern', site_description: '', accent_colour: '#b3261e', timezone: 'Europe/Dublin', locale: 'en-IE',
      language: 'en', nav: '', social: 'Mastodon | /relative', logo: '',
    });
    expect(relative.status).toBe(422);
    expect(relative.body).toContain('Mastodon | https://example.social/@news');
    const missingLogo = await owner.post('/admin/settings', {
      site_name: 'The Lantern', site_description: '', accent_colour: '#b3261e', timezone: 'Europe/Dublin', locale: 'en-IE', language: 'en', nav: '', social: '', logo: '99999',
    });
    expect(missingLogo.status).toBe(422);
  });

  it('keeps an author from changing the texts of a library picture in an editor’s published article', async () => {
    const editor = await asRole(site, 'editor');
    const author = await asRole(site, 'author');
    const media = await db().selectFrom('media').select(['id', 'slug', 'caption']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    await editor.get('/admin/articles/new');
    await editor.post('/admin/articles', { title: 'Uses the picture', standfirst: '', section_id: await newsId(), body_md: `::: figure ${media.slug}\n:::`, action: 'publish' });
    await author.get(`/admin/media/${media.id}`);
    const refused = await author.post(`/admin/media/${media.id}`, { alt: 'Changed alt text', caption: 'Sneaky caption', credit: 'Someone' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Uses the picture');
    expect((await db().selectFrom('media').select('caption').where('id', '=', media.id).executeTakeFirstOrThrow()).caption).toBe(media.caption);
    await editor.get(`/admin/media/${media.id}`);
    expect((await editor.post(`/admin/media/${media.id}`, { alt: 'Changed alt text', caption: 'An editor’s caption', credit: 'Someone' })).status).toBe(303);
  });

  it('shows moderators and contributors no one else’s drafts, pieces in review or schedule', async () => {
    const editor = await asRole(site, 'editor');
    await editor.get('/admin/articles/new');
    await editor.post('/admin/articles', { title: 'Secret draft about the budget', standfirst: '', section_id: await newsId(), body_md: 'x' });
    for (const role of ['moderator', 'contributor'] as const) {
      const someone = await asRole(site, role);
      const list = await someone.get('/admin/articles');
      if (list.status === 403) continue;
      expect(list.body, role).not.toContain('Secret draft about the budget');
    }
    expect((await editor.get('/admin/articles')).body).toContain('Secret draft about the budget');
  });

  it('refuses guessable passwords with a reason, and takes strong ones', async () => {
    for (const weak of ['password12', '1234567890', '          ', 'qwertyuiop']) {
      await expect(createStaff(site.services.db, { email: `weak${weak.length}.${kind}@x.test`, name: 'Weak', password: weak, role: 'author' })).rejects.toThrow(/guess|spaces/);
    }
    await expect(createStaff(site.services.db, { email: `strong.${kind}@x.test`, name: 'Strong', password: 'tidal lantern compost violin', role: 'author' })).resolves.toBeGreaterThan(0);
  });

  it('ends a session left unused for a week, well before its thirty days', async () => {
    const id = await createStaff(site.services.db, { email: `idle.${kind}@newsroom.test`, name: 'Idle', password: PASSWORD, role: 'author' });
    const token = await createSession(site.services.db, id);
    const cookie = { cookie: `sz_session=${token}` };
    expect((await site.fetch('/admin', { headers: cookie })).status).toBe(200);
    await db().updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 8 * 86400_000).toISOString() }).where('user_id', '=', id).execute();
    expect((await site.fetch('/admin', { headers: cookie })).status).toBe(303);
  });

  it('makes an unknown address take the same path as a known one when a reset is asked for', async () => {
    const count = async () => Number((await db().selectFrom('auth_tokens').select((eb) => eb.fn.countAll<number>().as('n')).where('purpose', '=', 'reset').executeTakeFirstOrThrow()).n);
    const before = await count();
    const agent = new Agent(site);
    await agent.get('/admin/reset');
    const res = await agent.post('/admin/reset', { email: `nobody.${kind}@nowhere.test` });
    expect(res.status).toBe(200);
    expect(await count()).toBe(before + 1);
    const inert = await db().selectFrom('auth_tokens').select('user_id').where('email', '=', `nobody.${kind}@nowhere.test`).executeTakeFirstOrThrow();
    expect(inert.user_id).toBeNull();
  });
});

describe('hardening of an https site', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite('sqlite', { env: { SITE_URL: 'https://news.test' } });
  });
  afterAll(async () => site?.close());

  it('sends HSTS, __Host- cookies, one Set-Cookie per cookie, and a style policy without unsafe-inline', async () => {
    const home = await site.fetch('/');
    expect(home.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    const csp = home.headers.get('content-security-policy')!;
    expect(csp).not.toContain('unsafe-inline');
    const style = /<style>([^<]*)<\/style>/.exec(await home.text())![1];
    const { createHash } = await import('node:crypto');
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);

    const email = 'https-owner@newsroom.test';
    await createStaff(site.services.db, { email, name: 'Https Owner', password: PASSWORD, role: 'owner' });
    const agent = new Agent(site);
    const form = await site.fetch('/admin/login');
    const seed = form.headers.getSetCookie();
    expect(seed.map((c) => c.split('=')[0])).toEqual(['__Host-sz_csrf']);
    expect(seed[0]).toMatch(/; Secure/i);
    await agent.get('/admin/login');
    const signedIn = await site.fetch('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: agent['cookieHeader']() },
      body: new URLSearchParams({ _csrf: agent.csrf, email, password: PASSWORD }),
    });
    expect(signedIn.status).toBe(303);
    const names = signedIn.headers.getSetCookie().map((c) => c.split('=')[0]);
    expect(names.sort()).toEqual(['__Host-sz_csrf', '__Host-sz_session']);
  });
});

describe('the request log', () => {
  it('never holds a one-time token from an emailed link', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-log-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', LOG_FORMAT: 'json', DEMO_ON_EMPTY: 'off' });
    const server = await startServer(config, { logger: pino({ level: 'info' }, sink) });
    try {
      const token = 'Abcdefghijklmnopqrstuvwxyz0123456789_-TOKEN';
      for (const p of [`/admin/reset/${token}`, `/admin/invitation/${token}`, `/account/sign-in/${token}`, `/search?q=x&_csrf=${token}`]) {
        await fetch(`${server.url}${p}`);
      }
      await new Promise((r) => setTimeout(r, 100));
      const requests = lines.filter((l) => l.includes('"msg":"request"'));
      expect(requests.length).toBeGreaterThanOrEqual(4);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
