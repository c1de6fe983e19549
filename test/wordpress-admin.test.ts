import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { postMultipart } from './helpers/upload.ts';
import { wxr } from './helpers/wxr.ts';

/** An owner uploads a WordPress export in the newsroom and watches the import run there. */

const EXPORT = Buffer.from(wxr([
  { id: 1, title: 'Harbour plan passes', content: 'The council voted.\n\nResidents object.', slug: 'harbour-plan', extra: '<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[Mary]]></wp:comment_author><wp:comment_content><![CDATA[Good news.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent><wp:comment_date_gmt>2019-05-13 09:00:00</wp:comment_date_gmt></wp:comment>' },
  { id: 2, title: 'About us', content: 'We are a small newsroom.', slug: 'about-us', type: 'page' },
]));

describe.each(DATABASES)('the newsroom import page (%s)', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
  });
  afterAll(async () => site?.close());

  it('is for owners only', async () => {
    const editor = await asRole(site, 'editor');
    expect((await editor.get('/admin/import')).status).toBe(403);
    const owner = await asRole(site, 'owner');
    const page = await owner.get('/admin/profile');
    expect(page.body).toContain('href="/admin/import"');
  });

  it('imports an uploaded export in the background, showing progress and then the report', async () => {
    const owner = await asRole(site, 'owner');
    const form = await owner.get('/admin/import');
    expect(form.status).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const started = await postMultipart(owner, '/admin/import', {}, { name: 'export.xml', bytes: EXPORT, type: 'text/xml' });
    expect(started.status).toBe(303);
    expect(started.location).toBe('/admin/import/status');
    await site.services.wordpressImports.settled();
    const status = await owner.get('/admin/import/status');
    expect(status.body).toContain('What was imported');
    expect(status.body).toMatch(/<th scope="row">articles<\/th><td>1<\/td>/);
    expect(status.body).toMatch(/<th scope="row">pages<\/th><td>1<\/td>/);
    expect(status.body).toMatch(/<th scope="row">comments<\/th><td>1<\/td>/);
    const moved = await site.fetch('/2019/05/12/harbour-plan/');
    expect(moved.status).toBe(301);
    expect((await site.text(moved.headers.get('location')!)).body).toContain('Harbour plan passes');
    expect((await site.fetch('/?page_id=2')).headers.get('location')).toBe('/about-us');
  });

  it('refuses an upload without the form token, and a folder that is not there', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/import');
    const forged = await postMultipart(owner, '/admin/import', {}, { name: 'export.xml', bytes: EXPORT }, { csrf: false });
    expect(forged.status).toBe(403);
    const noFolder = await postMultipart(owner, '/admin/import', { uploads: '/no/such/folder' }, { name: 'export.xml', bytes: EXPORT });
    expect(noFolder.status).toBe(422);
    expect(noFolder.body).toContain('There is no folder at that place on the server');
  });

  it('says plainly when the file is not an export, having written nothing', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/import');
    const before = await site.services.db.kysely.selectFrom('articles').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await postMultipart(owner, '/admin/import', {}, { name: 'broken.xml', bytes: Buffer.from('<rss><channel><item><title>x</item></channel></rss>') });
    await site.services.wordpressImports.settled();
    const status = await owner.get('/admin/import/status');
    expect(status.body).toMatch(/not an export we can read \(line 1/);
    expect(status.body).toContain('Nothing was imported');
    const after = await site.services.db.kysely.selectFrom('articles').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
