import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { htmlErrors } from './helpers/markup.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

type Staff = Agent & { userId: number };

/** The editor's save as its script sends it (urlencoded, answered in JSON). */
async function saveJson(agent: Agent, path: string, form: Record<string, string>) {
  const data = new URLSearchParams({ _csrf: agent.csrf, ...form });
  const res = await agent.site.fetch(path, {
    method: 'POST', body: data,
    headers: { cookie: agent['cookieHeader'](), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** The version the editor page was loaded from, as its form carries it. */
const versionIn = (body: string) => /<input type="hidden" name="version" value="([^"]*)" data-version>/.exec(body)?.[1];
const bodyIn = (body: string) => /<textarea id="f-body_md"[^>]*>([\s\S]*?)<\/textarea>/.exec(body)?.[1];

/**
 * Two people with one article open: the second save made from a version that
 * is no longer stored is refused with 409 and the writer's text kept, instead
 * of silently replacing the first. One tab saving as it types never refuses
 * itself: each answer carries the version the next save is made from.
 */
describe.each(DATABASES)('two people editing one article on %s', (kind) => {
  let site: TestSite;
  let ann: Staff;
  let ben: Staff;
  let sectionId: string;
  beforeAll(async () => {
    site = await startTestSite(kind);
    [ann, ben] = [await asRole(site, 'editor'), await asRole(site, 'editor')];
    sectionId = String((await site.services.db.kysely.selectFrom('sections').select('id').orderBy('position').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const form = (title: string, body: string, version: string, action = 'save') => ({ title, standfirst: 'Standfirst.', section_id: sectionId, tags: '', body_md: body, version, action });
  const storedBody = async (id: number) => (await db().selectFrom('article_bodies').select('body_md').where('article_id', '=', id).executeTakeFirstOrThrow()).body_md;

  it('refuses the second save with 409, keeps its text, shows the differences, and lets a deliberate Save through', async () => {
    await ann.get('/admin/articles/new');
    const created = await ann.post('/admin/articles', form('Budget night', 'The council met late.', ''));
    const id = Number(/articles\/(\d+)\/edit/.exec(created.location!)![1]);

    const annPage = await ann.get(`/admin/articles/${id}/edit`);
    const benPage = await ben.get(`/admin/articles/${id}/edit`);
    const loaded = versionIn(benPage.body)!;
    expect(loaded).toBe(versionIn(annPage.body));

    expect((await ann.post(`/admin/articles/${id}`, form('Budget night', 'The council met late and passed the budget.', loaded))).status).toBe(303);
    const refused = await ben.post(`/admin/articles/${id}`, form('Budget night', 'The council met late. Ben’s own paragraph.', loaded));
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Not saved: someone else changed this article after you opened it');
    expect(bodyIn(refused.body)).toBe('The council met late. Ben’s own paragraph.');
    expect(refused.body).toContain(`<a href="/admin/articles/${id}/edit" target="_blank" rel="noopener">Open the saved version`);
    expect(refused.body).toMatch(/<ins>[\s\S]*?passed[\s\S]*?<\/ins>/);
    expect(refused.body).toMatch(/<del>[\s\S]*?paragraph[\s\S]*?<\/del>/);
    // The refused page does not save as it types: only a press of Save replaces Ann's text.
    expect(refused.body).not.toContain('data-autosave=');
    expect(htmlErrors(refused.body)).toEqual([]);
    expect(await storedBody(id)).toBe('The council met late and passed the budget.');

    // Ben decides: Save on that page (it carries the version now stored) keeps his text.
    const current = versionIn(refused.body)!;
    expect(current).not.toBe(loaded);
    expect((await ben.post(`/admin/articles/${id}`, form('Budget night', 'The council met late. Ben’s own paragraph.', current))).status).toBe(303);
    expect(await storedBody(id)).toBe('The council met late. Ben’s own paragraph.');
    // And Ann's tab, still on the version before that, is now the one refused.
    const annAgain = await ann.post(`/admin/articles/${id}`, form('Budget night', 'Ann again.', loaded));
    expect(annAgain.status).toBe(409);
  });

  it('refuses a stale save of a published article without adding a revision', async () => {
    await ann.get('/admin/articles/new');
    const created = await ann.post('/admin/articles', form('Harbour reopens', 'Boats are back.', '', 'publish'));
    const id = Number(/articles\/(\d+)\/edit/.exec(created.location!)![1]);
    const loaded = versionIn((await ben.get(`/admin/articles/${id}/edit`)).body)!;
    await ann.get(`/admin/articles/${id}/edit`);
    expect((await ann.post(`/admin/articles/${id}`, form('Harbour reopens', 'Boats are back, and the ferry too.', loaded))).status).toBe(303);
    const revisions = async () => (await db().selectFrom('article_revisions').select('number').where('article_id', '=', id).execute()).length;
    const before = await revisions();
    expect((await ben.post(`/admin/articles/${id}`, form('Harbour reopens', 'Boats are back. Ben’s version.', loaded))).status).toBe(409);
    expect(await revisions()).toBe(before);
    expect(await storedBody(id)).toBe('Boats are back, and the ferry too.');
  });

  it('never refuses one tab saving as it types: each answer carries the version the next save starts from', async () => {
    await ann.get('/admin/articles/new');
    const first = await saveJson(ann, '/admin/articles', form('Tide tables', 'High water at six.', ''));
    expect(first.status).toBe(200);
    let version: string = first.json.version;
    expect(version).toBeTruthy();
    const seen = new Set([version]);
    for (let i = 0; i < 8; i++) {
      const next = await saveJson(ann, first.json.saveUrl, form('Tide tables', `High water at six. Correction ${i}.`, version));
      expect(next.status, JSON.stringify(next.json)).toBe(200);
      version = next.json.version;
      seen.add(version);
    }
    // Every save stored a version of its own, even those in the same millisecond.
    expect(seen.size).toBe(9);
    // The page's form, loaded now, carries the same version as the last answer.
    expect(versionIn((await ann.get(first.json.editUrl)).body)).toBe(version);

    // Another person's save in between: the script's next save is refused, as JSON, and says why.
    const benVersion = versionIn((await ben.get(first.json.editUrl)).body)!;
    expect((await saveJson(ben, first.json.saveUrl, form('Tide tables', 'Ben’s tide tables.', benVersion))).status).toBe(200);
    const stale = await saveJson(ann, first.json.saveUrl, form('Tide tables', 'Ann keeps typing.', version));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ ok: false, conflict: true });
    expect(stale.json.problems.form).toContain('someone else changed this article');
  });

  it('lets only one of two saves made at once from the same version through', async () => {
    await ann.get('/admin/articles/new');
    const first = await saveJson(ann, '/admin/articles', form('Race', 'Start.', ''));
    const from: string = first.json.version;
    await ben.get(first.json.editUrl);
    const answers = await Promise.all([
      saveJson(ann, first.json.saveUrl, form('Race', 'Ann’s finish.', from)),
      saveJson(ben, first.json.saveUrl, form('Race', 'Ben’s finish.', from)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    expect(await storedBody(first.json.id)).toBe(answers[0] === winner ? 'Ann’s finish.' : 'Ben’s finish.');
  });
});

/** The same for static pages, which share the editor: a stale save is refused, a deliberate one goes through. */
describe.each(DATABASES)('two people editing one static page on %s', (kind) => {
  let site: TestSite;
  let ann: Staff;
  let ben: Staff;
  beforeAll(async () => {
    site = await startTestSite(kind);
    [ann, ben] = [await asRole(site, 'editor'), await asRole(site, 'editor')];
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const form = (body: string, version: string, action = 'save') => ({ title: 'Masthead', slug: `masthead-${kind}`, standfirst: 'Who we are.', body_md: body, version, action });
  const stored = async (id: number) => db().selectFrom('pages').select(['body_md', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const revisions = async (id: number) => (await db().selectFrom('page_revisions').select('number').where('page_id', '=', id).execute()).length;

  it('refuses a stale save with 409 and both texts, adds no revision, and lets a deliberate Save through', async () => {
    await ann.get('/admin/pages/new');
    const created = await ann.post('/admin/pages', form('Editor: Ann.', '', 'publish'));
    expect(created.status, created.body.slice(0, 300)).toBe(303);
    const id = Number(/pages\/(\d+)\/edit/.exec(created.location!)![1]);
    const loaded = versionIn((await ben.get(`/admin/pages/${id}/edit`)).body)!;
    expect(loaded).toBe((await stored(id)).updated_at);
    await ann.get(`/admin/pages/${id}/edit`);
    expect((await ann.post(`/admin/pages/${id}`, form('Editor: Ann. Deputy: Cal.', loaded))).status).toBe(303);
    const before = await revisions(id);

    const refused = await ben.post(`/admin/pages/${id}`, form('Editor: Ben.', loaded));
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('Not saved: someone else changed this page after you opened it');
    expect(refused.body).toContain(`<a href="/admin/pages/${id}/edit" target="_blank" rel="noopener">Open the saved version`);
    expect(refused.body).toMatch(/<ins>[\s\S]*?Deputy[\s\S]*?<\/ins>/);
    expect(bodyIn(refused.body)).toBe('Editor: Ben.');
    expect(htmlErrors(refused.body)).toEqual([]);
    expect((await stored(id)).body_md).toBe('Editor: Ann. Deputy: Cal.');
    expect(await revisions(id)).toBe(before);

    const current = versionIn(refused.body)!;
    expect((await ben.post(`/admin/pages/${id}`, form('Editor: Ben.', current))).status).toBe(303);
    expect((await stored(id)).body_md).toBe('Editor: Ben.');
    expect(await revisions(id)).toBe(before + 1);
  });

  it('never refuses one tab saving a draft as it types, refuses it after another’s save (as JSON), and lets one of two simultaneous saves through', async () => {
    await ann.get('/admin/pages/new');
    const first = await saveJson(ann, '/admin/pages', { ...form('Draft one.', ''), slug: `contact-${kind}`, title: 'Contact' });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    let version: string = first.json.version;
    for (let i = 0; i < 5; i++) {
      const next = await saveJson(ann, first.json.saveUrl, { ...form(`Draft ${i}.`, version), slug: `contact-${kind}`, title: 'Contact' });
      expect(next.status, JSON.stringify(next.json)).toBe(200);
      expect(next.json.version).not.toBe(version);
      version = next.json.version;
    }
    expect(versionIn((await ann.get(first.json.editUrl)).body)).toBe(version);

    await ben.get(first.json.editUrl);
    const answers = await Promise.all([
      saveJson(ann, first.json.saveUrl, { ...form('Ann’s draft.', version), slug: `contact-${kind}`, title: 'Contact' }),
      saveJson(ben, first.json.saveUrl, { ...form('Ben’s draft.', version), slug: `contact-${kind}`, title: 'Contact' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.json).toMatchObject({ ok: false, conflict: true });
    expect(loser.json.problems.form).toContain('someone else changed this page');
    expect((await stored(first.json.id)).body_md).toBe(answers[0].status === 200 ? 'Ann’s draft.' : 'Ben’s draft.');
  });
});
