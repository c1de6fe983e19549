import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, asRole, PASSWORD } from './helpers/agent.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

describe.each(DATABASES)('the newsroom on %s', (kind) => {
  let site: TestSite;
  let sectionId: string;
  beforeAll(async () => {
    site = await startTestSite(kind);
    sectionId = String((await site.services.db.kysely.selectFrom('sections').select('id').where('slug', '=', 'news').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => site?.close());

  const draft = (title: string, extra: Record<string, string | string[]> = {}) => ({
    title, standfirst: 'A standfirst.', section_id: sectionId, tags: 'harbour, ferries', body_md: 'First paragraph.\n\n* * *\n\nSecond.', ...extra,
  });

  it('gives the same answer for a wrong password and an unknown account, then throttles', async () => {
    const owner = await asRole(site, 'owner');
    const email = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', owner.userId).executeTakeFirstOrThrow()).email!;
    const a = await new Agent(site).signIn(email, 'wrong password!!');
    const b = await new Agent(site).signIn('nobody@newsroom.test', 'wrong password!!');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const msg = (body: string) => /<p class="flash flash--error"[^>]*>([^<]+)</.exec(body)?.[1];
    expect(msg(a.body)).toBe(msg(b.body));
    for (let i = 0; i < 4; i++) await new Agent(site).signIn(email, 'wrong password!!');
    const locked = await new Agent(site).signIn(email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('Too many failed attempts');
  });

  it('answers odd sign-in forms (a very long password, a field sent twice) with the usual refusal, not an error page', async () => {
    const long = await new Agent(site).signIn('someone@newsroom.test', 'x'.repeat(300));
    expect(long.status).toBe(401);
    expect(long.body).toContain('do not match an account');
    const agent = new Agent(site);
    await agent.get('/admin/login');
    const twice = await agent.post('/admin/login', { email: ['a@newsroom.test', 'b@newsroom.test'], password: 'whatever it is' });
    expect(twice.status).toBe(401);
    expect(twice.body).toContain('do not match an account');
  });

  it('gives a new form token at sign-in, so one seen before signing in no longer works', async () => {
    const staff = await asRole(site, 'editor');
    const email = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', staff.userId).executeTakeFirstOrThrow()).email!;
    const agent = new Agent(site);
    const signedIn = await agent.signIn(email, PASSWORD);
    expect(signedIn.status).toBe(303);
    const before = agent.csrf;
    expect((await agent.post('/admin/sign-out-everywhere', {})).status).toBe(403);
    await agent.get('/admin');
    expect(agent.csrf).not.toBe(before);
    expect((await agent.post('/admin/sign-out-everywhere', {})).status).toBe(303);
  });

  it('sets a session cookie that is HttpOnly and SameSite=Lax', async () => {
    const agent = new Agent(site);
    await agent.get('/admin/login');
    const staff = await asRole(site, 'editor');
    const email = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', staff.userId).executeTakeFirstOrThrow()).email!;
    const res = await site.fetch('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sz_csrf=seedseedseedseedseedseed` },
      body: new URLSearchParams({ email, password: PASSWORD, _csrf: (await import('../src/lib/keyed-hash.ts')).keyedHash(site.services.secret, 'csrf', 'seedseedseedseedseedseed') }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sz_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('lets a contributor submit for review but not publish; an editor sends back, then publishes', async () => {
    const contributor = await asRole(site, 'contributor');
    await contributor.get('/admin/articles/new');
    const created = await contributor.post('/admin/articles', draft('Ferry timetable to change in spring'));
    expect(created.status).toBe(303);
    const id = /\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1];
    await contributor.get(`/admin/articles/${id}/edit`);
    const refused = await contributor.post(`/admin/articles/${id}`, draft('Ferry timetable to change in spring', { action: 'publish' }));
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('You cannot publish');
    const row = () => site.services.db.kysely.selectFrom('articles').select(['status', 'path', 'review_note']).where('id', '=', Number(id)).executeTakeFirstOrThrow();
    expect((await row()).status).toBe('draft');
    await contributor.post(`/admin/articles/${id}`, draft('Ferry timetable to change in spring', { action: 'submit' }));
    expect((await row()).status).toBe('review');

    const editor = await asRole(site, 'editor');
    expect((await editor.get('/admin')).body).toContain('Ferry timetable to change in spring');
    await editor.get(`/admin/articles/${id}/edit`);
    await editor.post(`/admin/articles/${id}`, draft('Ferry timetable to change in spring', { action: 'send_back', review_note: 'Add the new sailing times.' }));
    expect(await row()).toMatchObject({ status: 'draft', review_note: 'Add the new sailing times.' });
    expect((await contributor.get(`/admin/articles/${id}/edit`)).body).toContain('Add the new sailing times.');

    await editor.get(`/admin/articles/${id}/edit`);
    const published = await editor.post(`/admin/articles/${id}`, draft('Ferry timetable to change in spring', { action: 'publish' }));
    expect(published.status).toBe(303);
    const { path, status } = await row();
    expect(status).toBe('published');
    const page = await site.text(path!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Ferry timetable to change in spring</h1>');
    expect((await site.text('/')).body).toContain(path!);
  });

  it('shows field errors beside the fields and keeps what was typed', async () => {
    const author = await asRole(site, 'author');
    await author.get('/admin/articles/new');
    const res = await author.post('/admin/articles', draft('', { slug: 'Not A Slug!', body_md: 'My careful paragraph.' }));
    expect(res.status).toBe(422);
    expect(res.body).toContain('Give the article a headline.');
    expect(res.body).toContain('Use lower-case letters, digits and single hyphens.');
    expect(res.body).toContain('My careful paragraph.');
  });

  it('previews a draft exactly as the public page renders it', async () => {
    const author = await asRole(site, 'author');
    await author.get('/admin/articles/new');
    const res = await author.post('/admin/preview', draft('A preview headline', { body_md: '::: pullquote\nQuoted.\n— Someone\n:::\n\n::: figure nowhere\n:::' }));
    expect(res.status).toBe(200);
    expect(res.body).toContain('<h1>A preview headline</h1>');
    expect(res.body).toContain('<figure class="pullquote">');
    expect(res.body).toContain('class="site-header"');
    expect(res.body).toContain('refers to no image in the media library');
  });

  it('schedules an article and publishes it when its time comes', async () => {
    const editor = await asRole(site, 'editor');
    await editor.get('/admin/articles/new');
    const soon = new Date(Date.now() + 3600_000);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Dublin', dateStyle: 'short', timeStyle: 'short' }).format(soon).replace(' ', 'T');
    const res = await editor.post('/admin/articles', draft('Harbour lights to be switched on', { action: 'schedule', publish_at: local }));
    expect(res.status).toBe(303);
    const id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(res.location!)![1]);
    const row = await site.services.db.kysely.selectFrom('articles').select(['status', 'path', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('scheduled');
    expect(Math.abs(Date.parse(row.published_at!) - soon.getTime())).toBeLessThan(61_000);
    expect((await site.text(row.path!)).status).toBe(404);
    expect(await site.services.articles.publishDue(new Date(soon.getTime() + 1000).toISOString())).toContain(id);
    expect((await site.text(row.path!)).status).toBe(200);
  });

  it('keeps every published change: a correction shows on the page and in a word-level diff', async () => {
    const editor = await asRole(site, 'editor');
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', draft('Pier repairs to cost four million', { action: 'publish', body_md: 'The repairs will cost four million euro.' }));
    const id = /\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1];
    await editor.get(`/admin/articles/${id}/edit`);
    const missingNote = await editor.post(`/admin/articles/${id}`, draft('Pier repairs to cost four million', { body_md: 'The repairs will cost six million euro.', change_kind: 'correction' }));
    expect(missingNote.status).toBe(422);
    expect(missingNote.body).toContain('Say what was corrected');
    await editor.post(`/admin/articles/${id}`, draft('Pier repairs to cost four million', {
      body_md: 'The repairs will cost six million euro.', change_kind: 'correction', change_note: 'An earlier version gave the wrong cost.',
    }));
    const path = (await site.services.db.kysely.selectFrom('articles').select('path').where('id', '=', Number(id)).executeTakeFirstOrThrow()).path!;
    const page = await site.text(path);
    expect(page.body).toContain('An earlier version gave the wrong cost.');
    expect(page.body).toContain(`${path}/history`);
    const history = await site.text(`${path}/history?from=1&to=2`);
    expect(history.status).toBe(200);
    expect(history.body).toMatch(/<del[^>]*>[\s\S]*four[\s\S]*<\/del>/);
    expect(history.body).toMatch(/<ins[^>]*>[\s\S]*six[\s\S]*<\/ins>/);
    expect((await site.text(`${path}/history?from=1&to=9`)).status).toBe(400);
    const revisions = await site.services.db.kysely.selectFrom('article_revisions').select('kind').where('article_id', '=', Number(id)).orderBy('number').execute();
    expect(revisions.map((r) => r.kind)).toEqual(['published', 'correction']);
  });

  it('keeps the byline in the order the editor sets, and records no revision for a save that changes nothing', async () => {
    const editor = await asRole(site, 'editor');
    const other = await asRole(site, 'author');
    const names = await site.services.db.kysely.selectFrom('users').select(['id', 'name']).where('id', 'in', [editor.userId, other.userId]).execute();
    const name = (id: number) => names.find((n) => n.id === id)!.name;
    await editor.get('/admin/articles/new');
    // Browsers send a textarea's line breaks as CRLF.
    const body = 'The ferry will run twice a day.\r\n\r\nTimes follow next week.';
    const created = await editor.post('/admin/articles', draft('Winter ferry timetable agreed', {
      action: 'publish', body_md: body, author_ids: [String(other.userId), String(editor.userId), ''],
    }));
    const id = /\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1];
    const path = (await site.services.db.kysely.selectFrom('articles').select('path').where('id', '=', Number(id)).executeTakeFirstOrThrow()).path!;
    const byline = async () => /<p class="byline">([\s\S]*?)<\/p>/.exec((await site.text(path)).body)![1].replace(/<[^>]+>/g, '');
    expect(await byline()).toContain(`${name(other.userId)} and ${name(editor.userId)}`);

    const form = await editor.get(`/admin/articles/${id}/edit`);
    expect(form.body).toMatch(new RegExp(`id="f-author_ids-0"[\\s\\S]*?value="${other.userId}" selected`));
    // Saved as it stands: the same order, and nothing new in the public history.
    await editor.post(`/admin/articles/${id}`, draft('Winter ferry timetable agreed', { body_md: body, author_ids: [String(other.userId), String(editor.userId), ''] }));
    expect(await byline()).toContain(`${name(other.userId)} and ${name(editor.userId)}`);
    const revisions = () => site.services.db.kysely.selectFrom('article_revisions').select('number').where('article_id', '=', Number(id)).execute();
    expect(await revisions()).toHaveLength(1);

    // The editor swaps the places: the byline follows.
    await editor.post(`/admin/articles/${id}`, draft('Winter ferry timetable agreed', { body_md: body, author_ids: [String(editor.userId), String(other.userId), ''] }));
    expect(await byline()).toContain(`${name(editor.userId)} and ${name(other.userId)}`);
    expect(await revisions()).toHaveLength(1);
  });

  it('lets only the owner redact a passage from the article and all its revisions, leaving a dated notice', async () => {
    const editor = await asRole(site, 'editor');
    await editor.get('/admin/articles/new');
    const secret = 'the name of the anonymous source';
    const created = await editor.post('/admin/articles', draft('Council leak inquiry opens', { action: 'publish', body_md: `A report gave ${secret} in its second paragraph.` }));
    const id = /\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1];
    await editor.get(`/admin/articles/${id}/edit`);
    await editor.post(`/admin/articles/${id}`, draft('Council leak inquiry opens', { body_md: `A report gave ${secret} in its second paragraph. More detail.` }));
    expect((await editor.get(`/admin/articles/${id}/redact`)).status).toBe(403);

    const owner = await asRole(site, 'owner');
    await owner.get(`/admin/articles/${id}/redact`);
    const missing = await owner.post(`/admin/articles/${id}/redact`, { passage: 'words that are not there', reason: 'on legal advice' });
    expect(missing.status).toBe(422);
    const done = await owner.post(`/admin/articles/${id}/redact`, { passage: secret, reason: 'on legal advice following a court order' });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Redaction made');
    expect(done.body).toContain('<li>body</li>');
    expect(done.body).toContain('<li>earlier revisions</li>');

    const path = (await site.services.db.kysely.selectFrom('articles').select('path').where('id', '=', Number(id)).executeTakeFirstOrThrow()).path!;
    const page = (await site.text(path)).body;
    expect(page).not.toContain(secret);
    expect(page).toMatch(/Text removed on \d+ \w+ \d{4}: on legal advice following a court order/);
    const history = (await site.text(`${path}/history?from=1&to=2`)).body;
    expect(history).not.toContain(secret);
    expect(history).toContain('Redaction');
    const stored = await site.services.db.kysely.selectFrom('article_revisions').select(['body_md', 'kind']).where('article_id', '=', Number(id)).execute();
    expect(stored.map((r) => r.kind)).toEqual(['published', 'update', 'redaction']);
    for (const r of stored) expect(r.body_md).not.toContain(secret);
  });

  it('signs out everywhere', async () => {
    const author = await asRole(site, 'author');
    const second = new Agent(site);
    const email = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', author.userId).executeTakeFirstOrThrow()).email!;
    await second.signIn(email, PASSWORD);
    expect((await second.get('/admin')).status).toBe(200);
    await author.post('/admin/sign-out-everywhere', {});
    expect((await second.get('/admin')).status).toBe(303);
    expect((await author.get('/admin')).status).toBe(303);
  });
});

describe.each(DATABASES)('scheduled publishing across a restart on %s', (kind) => {
  it('publishes an article that fell due while the server was down, on the first tick after start', async () => {
    const pgDb = kind === 'postgres' ? await createPostgresDatabase() : null;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-restart-'));
    const first = await startTestSite(kind, { databaseUrl: pgDb?.url, dataDir });
    const k = first.services.db.kysely;
    const section = await k.selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    const user = await k.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
    const id = await first.services.articles.create({
      title: 'Due while the server was down', standfirst: '', sectionId: section.id, authorIds: [user.id], tags: [], bodyMd: 'Body.',
      status: 'scheduled', publishedAt: new Date(Date.now() + 1500).toISOString(),
    });
    await first.close();
    await new Promise((r) => setTimeout(r, 1600));
    const second = await startTestSite(kind, { databaseUrl: pgDb?.url, dataDir });
    try {
      await second.scheduler.tick();
      const row = await second.services.db.kysely.selectFrom('articles').select(['status', 'path']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('published');
      expect((await second.text(row.path!)).status).toBe(200);
    } finally {
      await second.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('scheduled publishing with two app servers on one PostgreSQL', () => {
  it('publishes each due article exactly once', async () => {
    const db = await createPostgresDatabase();
    const [a, b] = await Promise.all([
      startTestSite('postgres', { databaseUrl: db.url, env: { SCHEDULER_INTERVAL_MS: '3600000' } }),
      startTestSite('postgres', { databaseUrl: db.url, env: { SCHEDULER_INTERVAL_MS: '3600000' } }),
    ]);
    try {
      const k = a.services.db.kysely;
      const section = await k.selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
      const user = await k.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
      const when = new Date(Date.now() + 60_000).toISOString();
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(await a.services.articles.create({
          title: `Scheduled piece ${i}`, standfirst: '', sectionId: section.id, authorIds: [user.id], tags: [], bodyMd: 'Body.', status: 'scheduled', publishedAt: when,
        }));
      }
      const later = new Date(Date.now() + 120_000).toISOString();
      const [fromA, fromB] = await Promise.all([a.services.articles.publishDue(later), b.services.articles.publishDue(later)]);
      expect([...fromA, ...fromB].sort()).toEqual([...ids].sort());
      expect(fromA.filter((id) => fromB.includes(id))).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
