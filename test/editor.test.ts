import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { htmlErrors } from './helpers/markup.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

type Staff = Agent & { userId: number };

/** A multipart post as the editor's picker sends it: the form token first, answered in JSON. */
async function uploadJson(agent: Agent, fields: Record<string, string>, file: Buffer | null, opts: { csrf?: boolean } = {}) {
  const form = new FormData();
  if (opts.csrf !== false) form.append('_csrf', agent.csrf);
  form.append('file', new Blob([new Uint8Array(file ?? Buffer.alloc(0))], { type: 'image/jpeg' }), file ? 'Quay at dusk.jpg' : '');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await agent.site.fetch('/admin/media/picker/upload', {
    method: 'POST', body: form, headers: { cookie: agent['cookieHeader'](), accept: 'application/json' },
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** The editor's save as its script sends it (urlencoded, answered in JSON). */
async function saveJson(agent: Agent, path: string, form: Record<string, string | string[]>) {
  const data = new URLSearchParams({ _csrf: agent.csrf });
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) data.append(k, x);
  const res = await agent.site.fetch(path, {
    method: 'POST', body: data,
    headers: { cookie: agent['cookieHeader'](), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe.each(DATABASES)('the article editor on %s', (kind) => {
  let site: TestSite;
  let editor: Staff;
  let sectionId: string;
  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
    sectionId = String((await site.services.db.kysely.selectFrom('sections').select('id').where('slug', '=', 'news').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const draft = (title: string, body: string, extra: Record<string, string> = {}) => ({ title, standfirst: '', section_id: sectionId, tags: '', body_md: body, ...extra });
  const article = (id: number) => db().selectFrom('articles').select(['status', 'path', 'title', 'review_note']).where('id', '=', id).executeTakeFirstOrThrow();
  const idFrom = (location: string | null) => Number(/articles\/(\d+)\/edit/.exec(location ?? '')?.[1]);

  it('refuses to publish a body whose figure names no picture, and lists the problem beside the body', async () => {
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', draft('Harbour works begin', 'Work began today.\n\n::: figure no-such-picture\n:::', { action: 'publish' }));
    expect(res.status).toBe(422);
    expect(res.body).toContain('This cannot be published until this problem in the body is fixed');
    expect(res.body).toContain('<li>Figure &quot;no-such-picture&quot; refers to no image in the media library.</li>');
    // The writer's text is kept for them to fix.
    expect(res.body).toContain('::: figure no-such-picture');
    expect(await db().selectFrom('articles').select('id').where('title', '=', 'Harbour works begin').execute()).toEqual([]);
  });

  it('refuses a schedule and an embed that is not allowed the same way, but keeps a draft with them', async () => {
    await editor.get('/admin/articles/new');
    const body = 'Watch the vote.\n\n::: embed http://video.example/vote\n:::\n\n::: figure missing-one\n:::';
    const saved = await editor.post('/admin/articles', draft('Council vote tonight', body));
    expect(saved.status).toBe(303);
    const id = idFrom(saved.location);
    expect((await article(id)).status).toBe('draft');

    await editor.get(`/admin/articles/${id}/edit`);
    const later = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    const scheduled = await editor.post(`/admin/articles/${id}`, draft('Council vote tonight', body, { action: 'schedule', publish_at: later }));
    expect(scheduled.status).toBe(422);
    expect(scheduled.body).toContain('This cannot be scheduled until these problems in the body are fixed');
    expect(scheduled.body).toContain('must use https');
    expect(scheduled.body).toContain('missing-one');
    expect((await article(id)).status).toBe('draft');

    const fixed = await editor.post(`/admin/articles/${id}`, draft('Council vote tonight', 'Watch the vote.', { action: 'publish' }));
    expect(fixed.status).toBe(303);
    expect((await article(id)).status).toBe('published');
  });

  it('refuses to save a published article when the change breaks a figure, and readers keep the old text', async () => {
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', draft('Lifeboat launched', 'The lifeboat is back.', { action: 'publish' }));
    const id = idFrom(created.location);
    const { path } = await article(id);
    await editor.get(`/admin/articles/${id}/edit`);
    const res = await editor.post(`/admin/articles/${id}`, draft('Lifeboat launched', 'The lifeboat is back.\n\n::: figure gone-picture\n:::', { action: 'save' }));
    expect(res.status).toBe(422);
    expect(res.body).toContain('gone-picture');
    const page = await site.text(path!);
    expect(page.body).toContain('The lifeboat is back.');
    expect(await db().selectFrom('article_bodies').select('body_md').where('article_id', '=', id).executeTakeFirstOrThrow()).toEqual({ body_md: 'The lifeboat is back.' });
  });

  it('answers the script’s saves in JSON: a new article is created once, and later saves go to it', async () => {
    await editor.get('/admin/articles/new');
    const first = await saveJson(editor, '/admin/articles', draft('Ferry strike called off', 'Talks went on all night.', { action: 'save' }));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ ok: true, status: 'draft', editUrl: `/admin/articles/${first.json.id}/edit`, saveUrl: `/admin/articles/${first.json.id}` });
    const second = await saveJson(editor, first.json.saveUrl, draft('Ferry strike called off', 'Talks went on all night. Both sides agreed.', { action: 'save' }));
    expect(second.json).toMatchObject({ ok: true, id: first.json.id });
    expect(await db().selectFrom('articles').select('id').where('title', '=', 'Ferry strike called off').execute()).toHaveLength(1);

    const bad = await saveJson(editor, first.json.saveUrl, draft('', 'No headline.', { action: 'save' }));
    expect(bad.status).toBe(422);
    expect(bad.json.problems.title).toBe('Give the article a headline.');
    const refused = await saveJson(editor, first.json.saveUrl, draft('Ferry strike called off', '::: figure nowhere-at-all\n:::', { action: 'publish' }));
    expect(refused.status).toBe(422);
    expect(refused.json.bodyProblems).toEqual(['Figure "nowhere-at-all" refers to no image in the media library.']);
  });

  it('offers the way out the rules allow: deleting a draft, the bin for a published piece; both ask first', async () => {
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles', draft('A draft to throw away', 'Text.'));
    const id = idFrom(created.location);
    const page = await editor.get(`/admin/articles/${id}/edit`);
    expect(page.body).toContain(`formaction="/admin/articles/${id}/delete" formnovalidate`);
    expect(page.body).not.toContain('Move to the bin');
    // The button posts the whole editor form there: the answer asks for confirmation and deletes nothing yet.
    const asked = await editor.post(`/admin/articles/${id}/delete`, draft('A draft to throw away', 'Text.'));
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('Delete this draft?');
    expect((await article(id)).status).toBe('draft');

    const published = await editor.post('/admin/articles', draft('A piece to withdraw', 'Text.', { action: 'publish' }));
    const pid = idFrom(published.location);
    const edit = await editor.get(`/admin/articles/${pid}/edit`);
    expect(edit.body).toContain(`formaction="/admin/articles/${pid}/bin" formnovalidate`);
    expect(edit.body).not.toContain('Delete draft');
    const contributor = await asRole(site, 'contributor');
    await contributor.get('/admin/articles/new');
    const own = idFrom((await contributor.post('/admin/articles', draft('A contributor’s draft', 'Text.'))).location);
    expect((await contributor.get(`/admin/articles/${own}/edit`)).body).toContain('Delete draft');
  });

  it('takes a line break in the headline as a space', async () => {
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', draft('Two lines\r\nof headline', 'Text.'));
    expect((await article(idFrom(res.location))).title).toBe('Two lines of headline');
  });

  it('does not publish a scheduled article whose picture is gone: it goes back to the drafts saying why', async () => {
    const picture = await db().selectFrom('media').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
    await editor.get('/admin/articles/new');
    const soon = new Date(Date.now() + 120_000);
    const local = (await import('../src/lib/time.ts')).isoToZonedLocal(soon.toISOString(), site.services.settings.get().timezone);
    const res = await editor.post('/admin/articles', draft('Regatta results', `The results.\n\n::: figure ${picture.slug}\n:::`, { action: 'schedule', publish_at: local }));
    expect(res.status).toBe(303);
    const id = idFrom(res.location);
    expect((await article(id)).status).toBe('scheduled');
    // Around the library's in-use check (the library itself refuses to delete a picture in use).
    await db().updateTable('media').set({ slug: `${picture.slug}-renamed` }).where('id', '=', picture.id).execute();
    const published = await site.services.articles.publishDue(new Date(soon.getTime() + 60_000).toISOString());
    expect(published).not.toContain(id);
    const after = await article(id);
    expect(after.status).toBe('draft');
    expect(after.review_note).toContain(`Figure "${picture.slug}" refers to no image`);
    const page = await editor.get(`/admin/articles/${id}/edit`);
    expect(page.body).toContain('Not published at its scheduled time');
    await db().updateTable('media').set({ slug: picture.slug }).where('id', '=', picture.id).execute();
  });

  it('shows the chosen lead picture with its thumbnail, and the counts’ limits before they are reached', async () => {
    const picture = await db().selectFrom('media').select(['id', 'slug', 'alt']).orderBy('id').executeTakeFirstOrThrow();
    await editor.get('/admin/articles/new');
    const res = await editor.post('/admin/articles', draft('With a lead', 'Text.', { lead_media_id: String(picture.id) }));
    const page = await editor.get(res.location!);
    expect(page.body).toMatch(/<img class="lead-thumb" src="\/media\/[^"]+-480\.(jpg|png)"/);
    expect(page.body).toContain('Up to 300 characters.');
    expect(page.body).toContain('Up to 600 characters.');
    expect(page.body).toContain('href="/admin/guide"');
  });
});

describe.each(DATABASES)('the picture picker on %s', (kind) => {
  let site: TestSite;
  let editor: Staff;
  let contributor: Staff;
  let jpeg: Buffer;
  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
    contributor = await asRole(site, 'contributor');
    jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#4a6a8a' } }).jpeg().toBuffer();
  });
  afterAll(async () => site?.close());

  const listJson = async (agent: Agent, query = '') => {
    const res = await agent.site.fetch(`/admin/media/picker.json${query}`, { headers: { cookie: agent['cookieHeader'](), accept: 'application/json' } });
    return { status: res.status, json: (await res.json()) as { items: Record<string, any>[]; total: number; page: number; pages: number } };
  };

  it('lists the library with thumbnails, newest first, and finds pictures by any word of their texts in any case', async () => {
    const all = await listJson(contributor);
    expect(all.status).toBe(200);
    expect(all.json.total).toBeGreaterThan(5);
    expect(all.json.items[0]).toMatchObject({ id: expect.any(Number), slug: expect.any(String), alt: expect.any(String), thumb: { url: expect.stringMatching(/^\/media\//) } });
    const bookshop = await listJson(contributor, '?q=BOOKSHOP%20Blue');
    expect(bookshop.json.items.map((i) => i.slug)).toEqual(['bookshop-front']);
    expect((await listJson(contributor, '?q=%25')).json.total).toBe(all.json.total);
    expect((await listJson(contributor, '?q=nothing-called-this')).json).toMatchObject({ items: [], total: 0 });
    const second = await listJson(contributor, '?page=2');
    expect(second.json.page).toBe(2);
    expect(second.json.items.length).toBe(Math.max(0, Math.min(24, all.json.total - 24)));
    expect((await listJson(contributor, '?page=0')).status).toBe(400);
  });

  it('uploads from the editor and answers with the new picture; the token comes first, the alt text is required', async () => {
    await editor.get('/admin/articles/new');
    const ok = await uploadJson(editor, { alt: 'The quay at dusk, boats moored', caption: 'Evening on the quay.', credit: 'Ann Other' }, jpeg);
    expect(ok.status).toBe(201);
    expect(ok.json.item).toMatchObject({ slug: 'quay-at-dusk', alt: 'The quay at dusk, boats moored', caption: 'Evening on the quay.', credit: 'Ann Other', thumb: { url: '/media/quay-at-dusk-480.jpg' } });
    expect((await listJson(editor)).json.items[0].id).toBe(ok.json.item.id);

    const noAlt = await uploadJson(editor, { alt: ' ' }, jpeg);
    expect(noAlt.status).toBe(422);
    expect(noAlt.json.errors.alt).toContain('alt text');
    const noFile = await uploadJson(editor, { alt: 'Something' }, null);
    expect(noFile.status).toBe(422);
    expect(noFile.json.errors.file).toContain('Choose a file');
    const forged = await uploadJson(editor, { alt: 'Forged' }, jpeg, { csrf: false });
    expect(forged.status).toBe(403);
    await contributor.get('/admin/articles/new');
    expect((await uploadJson(contributor, { alt: 'Not allowed' }, jpeg)).status).toBe(403);
  });

  it('offers the same without JavaScript: a page of thumbnails with each figure’s Markdown to copy', async () => {
    const page = await contributor.get('/admin/media/picker?q=bookshop');
    expect(page.status).toBe(200);
    expect(page.body).toContain('::: figure bookshop-front\n:::');
    expect(page.body).toMatch(/<img class="picker-thumb" src="\/media\/bookshop-front-480\.(jpg|png)"/);
    expect(page.body).not.toContain('portrait-ruth');
  });

  it('writes conforming HTML on the editor (with its picker and a refused publication), the pictures page and the guide', async () => {
    await editor.get('/admin/articles/new');
    const refused = await editor.post('/admin/articles', { title: 'Valid?', standfirst: '', section_id: '1', tags: '', body_md: '::: figure nope\n:::', action: 'publish' });
    expect(refused.status).toBe(422);
    const pages = [refused.body, ...await Promise.all(['/admin/articles/new', '/admin/media/picker', '/admin/guide'].map(async (p) => (await editor.get(p)).body))];
    for (const body of pages) expect(htmlErrors(body)).toEqual([]);
  });

  it('shows the writing guide inside the newsroom', async () => {
    const guide = await contributor.get('/admin/guide');
    expect(guide.status).toBe(200);
    expect(guide.body).toContain('<h1>Writing guide</h1>');
    expect(guide.body).toContain('<h2>Pull quote</h2>');
    // The examples are shown as written, not rendered.
    expect(guide.body).toContain('::: figure harbour-dawn');
    const stranger = await site.fetch('/admin/guide');
    expect(stranger.status).toBe(303);
  });
});
