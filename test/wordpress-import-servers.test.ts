import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from './helpers/agent.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { postMultipart } from './helpers/upload.ts';
import { wxr } from './helpers/wxr.ts';

/**
 * The newsroom's import on two app servers sharing one database and one data
 * folder (as with WORKERS=2, or machines sharing a disk): the job is claimed
 * through the database, so both show the same status page, one import runs
 * at a time site-wide, and one whose server went away is finished by the other.
 */

const exportOf = (n: number, first = 1) => Buffer.from(wxr(Array.from({ length: n }, (_, i) => ({
  id: first + i, title: `Harbour report ${first + i}`, content: `Part ${first + i} of the series.\n\nMore to come.`, slug: `harbour-report-${first + i}`,
}))));

const report = (body: string) => body.slice(body.indexOf('<section aria-labelledby="h-report"'), body.indexOf('</section>'));

describe.each(DATABASES)('the newsroom import on two app servers sharing one database (%s)', (kind) => {
  let a: TestSite;
  let b: TestSite;
  let dataDir: string;
  let drop: (() => Promise<void>) | undefined;
  const uploadsLeft = () => (fs.existsSync(path.join(dataDir, 'imports')) ? fs.readdirSync(path.join(dataDir, 'imports')) : []);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-two-servers-'));
    const pg = kind === 'postgres' ? await createPostgresDatabase() : null;
    drop = pg?.drop;
    a = await startTestSite(kind, { demo: false, dataDir, databaseUrl: pg?.url });
    b = await startTestSite(kind, { demo: false, dataDir, databaseUrl: pg?.url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Neither server claims queued work until told to, so a test can look at an import before it runs. */
  async function holdJobs(): Promise<void> {
    await a.services.jobs.stop();
    await b.services.jobs.stop();
  }

  it('shows one import on both servers, and refuses a second upload on either while it waits or runs', async () => {
    await holdJobs();
    const onA = await asRole(a, 'owner');
    const onB = await asRole(b, 'owner');
    await onA.get('/admin/import');
    await onB.get('/admin/import');
    expect((await postMultipart(onA, '/admin/import', {}, { name: 'harbour.xml', bytes: exportOf(3) })).status).toBe(303);
    const waiting = await onB.get('/admin/import/status');
    expect(waiting.body).toContain('Import of harbour.xml');
    expect(waiting.body).toContain('Waiting for a server to take it up');
    expect((await onB.get('/admin/import')).body).toContain('An import is queued or running');
    const second = await postMultipart(onB, '/admin/import', {}, { name: 'other.xml', bytes: exportOf(2, 50) });
    expect(second.status).toBe(409);
    expect(second.body).toContain('Another import is queued or running');
    expect(uploadsLeft()).toHaveLength(1);
    // Server B takes it up; A's page follows it to the end.
    b.services.jobs.start(100);
    await expect.poll(async () => (await onA.get('/admin/import/status')).body, { timeout: 30_000 }).toContain('What was imported');
    const fromA = await onA.get('/admin/import/status');
    const fromB = await onB.get('/admin/import/status');
    expect(report(fromA.body)).toMatch(/<th scope="row">articles<\/th><td>3<\/td>/);
    expect(report(fromB.body)).toBe(report(fromA.body));
    expect(uploadsLeft()).toEqual([]);
    expect((await a.fetch('/?p=2')).status).toBe(301);
  });

  it('finishes an import whose server went away mid-way, once that server’s claim has run out', async () => {
    await holdJobs();
    const owner = await asRole(a, 'owner');
    await owner.get('/admin/import');
    expect((await postMultipart(owner, '/admin/import', {}, { name: 'ferry.xml', bytes: exportOf(4, 100) })).status).toBe(303);
    const k = a.services.db.kysely;
    // A server claimed it, wrote part of it and died: its lease has lapsed, its progress is still on the page.
    await k.updateTable('jobs').set({ claimed_by: 'gone-server/1/abc', attempts: 1, lease_until: new Date(Date.now() - 1000).toISOString() })
      .where('kind', '=', 'wordpress-import').where('state', '=', 'queued').execute();
    await k.updateTable('wordpress_imports').set({ state: 'running', server: 'gone-server/1/abc', phase: 'articles and pages', done: 2, total: 4 })
      .where('active', 'is not', null).execute();
    const mid = await owner.get('/admin/import/status');
    expect(mid.body).toMatch(/articles and pages: <progress max="100" value="50">/);
    expect((await postMultipart(owner, '/admin/import', {}, { name: 'again.xml', bytes: exportOf(1, 200) })).status).toBe(409);
    a.services.jobs.start(100);
    await expect.poll(async () => (await owner.get('/admin/import/status')).body, { timeout: 30_000 }).toContain('What was imported');
    for (const id of [100, 101, 102, 103]) expect((await b.fetch(`/?p=${id}`)).status).toBe(301);
    const job = await k.selectFrom('jobs').select(['state', 'attempts', 'claimed_by']).where('kind', '=', 'wordpress-import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'done', attempts: 2 });
    expect(uploadsLeft()).toEqual([]);
  });

  it('fails plainly when the server that takes the import up does not have the file', async () => {
    await holdJobs();
    const owner = await asRole(b, 'owner');
    await owner.get('/admin/import');
    expect((await postMultipart(owner, '/admin/import', {}, { name: 'elsewhere.xml', bytes: exportOf(1, 300) })).status).toBe(303);
    // As on a second machine with its own data folder: the upload is not on this disk.
    for (const name of uploadsLeft()) fs.rmSync(path.join(dataDir, 'imports', name));
    a.services.jobs.start(100);
    await expect.poll(async () => (await owner.get('/admin/import/status')).body, { timeout: 30_000 }).toContain('is not on the server that took up this import');
    const page = (await owner.get('/admin/import/status')).body;
    expect(page).toContain('samizdat import-wordpress');
    expect((await b.fetch('/?p=300')).status).toBe(404);
    // The place is free again.
    expect((await owner.get('/admin/import')).body).toContain('Start the import');
    b.services.jobs.start(100);
  });
});
