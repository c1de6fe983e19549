import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './helpers/agent.ts';
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
  const uploadsLeft = () => (fs.existsSync(path.join(site.dataDir, 'imports')) ? fs.readdirSync(path.join(site.dataDir, 'imports')) : []);

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
    // The file waits in the data directory, not in the system's temp folder.
    expect(uploadsLeft().length).toBeLessThanOrEqual(1);
    expect(started.location).toBe('/admin/import/status');
    await site.services.wordpressImports.settled();
    const status = await owner.get('/admin/import/status');
    expect(status.body).toContain('What was imported');
    expect(uploadsLeft()).toEqual([]);
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
    expect(status.body).toContain('The file is not an export we can read: line 1, column 35: unexpected close tag. Nothing was imported.');
    const after = await site.services.db.kysely.selectFrom('articles').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers an upload cut off half-way with 400 and a page that says so, keeping nothing of it', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/import');
    const head = multipartHead(owner.csrf);
    // The body ends in the middle of the file: the closing boundary never comes.
    const cut = await rawPost(owner, head + EXPORT.toString('utf8').slice(0, 400));
    expect(cut.status).toBe(400);
    expect(cut.body).toContain('The upload stopped before the whole file arrived');
    expect(cut.body).toContain('name="_csrf"');
    // The connection goes away before the announced length has arrived.
    await rawPost(owner, head + EXPORT.toString('utf8').slice(0, 400), { declare: 1_000_000, hangUp: true });
    await expect.poll(uploadsLeft).toEqual([]);
  });

  it('refuses a form with two files with 400, keeping neither', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/import');
    const form = new FormData();
    form.append('_csrf', owner.csrf);
    form.append('file', new Blob([new Uint8Array(EXPORT)]), 'one.xml');
    form.append('file', new Blob([new Uint8Array(EXPORT)]), 'two.xml');
    const res = await site.fetch('/admin/import', { method: 'POST', body: form, headers: { cookie: owner['cookieHeader'](), accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Send one export file at a time');
    expect(uploadsLeft()).toEqual([]);
  });
});

describe('uploads left behind', () => {
  it('are swept at start: old ones that no import waits for', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-sweep-'));
    const dir = path.join(dataDir, 'imports');
    fs.mkdirSync(dir);
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const name of ['upload-00000000000000aa.xml', 'upload-00000000000000bb.xml']) fs.writeFileSync(path.join(dir, name), '<rss/>');
    fs.utimesSync(path.join(dir, 'upload-00000000000000aa.xml'), old, old);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'the operator’s own file');
    fs.utimesSync(path.join(dir, 'notes.txt'), old, old);
    const site = await startTestSite('sqlite', { demo: false, dataDir });
    try {
      // The recent one may still be arriving on another server; a file the folder never named is not ours.
      expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'upload-00000000000000bb.xml']);
    } finally {
      await site.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function multipartHead(csrf: string): string {
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`
    + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="export.xml"\r\nContent-Type: text/xml\r\n\r\n`;
}
const BOUNDARY = 'samizdat-test-boundary';

/** Posts a multipart body by hand over a socket, as a browser whose upload broke off would have sent it. */
function rawPost(agent: Agent, body: string, opts: { declare?: number; hangUp?: boolean } = {}): Promise<{ status: number; body: string }> {
  const port = Number(new URL(agent.site.url).port);
  const bytes = Buffer.from(body);
  return new Promise((resolve) => {
    let got = '';
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST /admin/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${agent['cookieHeader']()}\r\nAccept: text/html\r\nConnection: close\r\n`
        + `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${opts.declare ?? bytes.length}\r\n\r\n`);
      socket.write(bytes);
      if (opts.hangUp) setTimeout(() => socket.destroy(), 200);
    });
    socket.on('data', (d: Buffer) => (got += d.toString('utf8')));
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(got)?.[1] ?? 0), body: got.slice(got.indexOf('\r\n\r\n') + 4) });
    socket.on('close', done);
    socket.on('error', done);
  });
}
