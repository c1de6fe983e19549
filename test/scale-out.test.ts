import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaVariant } from '../src/db/schema.ts';
import { asRole } from './helpers/agent.ts';
import { createPostgresDatabase } from './helpers/databases.ts';
import { startS3, type S3Server } from './helpers/s3.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtp.ts';
import { postMultipart } from './helpers/upload.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/samizdat.js');

async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * The setup: two app servers, each with its own data folder (as on two
 * machines), one PostgreSQL and one S3-compatible store. Nothing either server
 * keeps on its own disk or in its memory is needed by the other.
 */
describe('two app servers with separate data folders on one PostgreSQL and one S3-compatible store', () => {
  let a: TestSite;
  let b: TestSite;
  let s3: S3Server;
  let smtp: SmtpCapture;
  let dbUrl: string;
  let drop: () => Promise<void>;
  let env: Record<string, string>;

  beforeAll(async () => {
    const pg = await createPostgresDatabase();
    dbUrl = pg.url;
    drop = pg.drop;
    s3 = await startS3();
    smtp = await startSmtpCapture();
    env = { ...s3.env, SMTP_URL: smtp.url, SCHEDULER_INTERVAL_MS: '200', JOB_LEASE_SECONDS: '2' };
    [a, b] = await Promise.all([
      startTestSite('postgres', { databaseUrl: dbUrl, env }),
      startTestSite('postgres', { databaseUrl: dbUrl, env }),
    ]);
    expect(a.dataDir).not.toBe(b.dataDir);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await smtp?.close();
    await s3?.close();
    await drop?.();
  });

  it('serves from one a picture uploaded through the other, and the demo pictures whichever server loaded them', async () => {
    const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2a6f97' } }).jpeg().toBuffer();
    const editor = await asRole(a, 'editor');
    await editor.get('/admin/media');
    const res = await postMultipart(editor, '/admin/media', { alt: 'The harbour wall in blue light' }, { name: 'harbour wall.jpg', bytes: jpeg, type: 'image/jpeg' });
    expect(res.status, res.body).toBe(303);
    const id = Number(/\/admin\/media\/(\d+)/.exec(res.location!)![1]);
    const row = await a.services.db.kysely.selectFrom('media').select('variants').where('id', '=', id).executeTakeFirstOrThrow();
    for (const v of JSON.parse(row.variants) as MediaVariant[]) {
      const fromA = await a.fetch(`/media/${v.file}`);
      const fromB = await b.fetch(`/media/${v.file}`);
      expect(fromB.status, v.file).toBe(200);
      expect(Buffer.from(await fromB.arrayBuffer()).equals(Buffer.from(await fromA.arrayBuffer()))).toBe(true);
      expect(fromB.headers.get('etag')).toBe(fromA.headers.get('etag'));
    }
    // Neither server wrote a media file of its own.
    for (const site of [a, b]) expect(fs.existsSync(path.join(site.dataDir, 'media'))).toBe(false);
    const demo = await a.services.db.kysely.selectFrom('media').select('variants').orderBy('id').limit(3).execute();
    for (const r of demo) {
      for (const v of JSON.parse(r.variants) as MediaVariant[]) {
        expect((await a.fetch(`/media/${v.file}`)).status, v.file).toBe(200);
        expect((await b.fetch(`/media/${v.file}`)).status, v.file).toBe(200);
      }
    }
    // Pages name /media/…, never the store's own address.
    const front = await b.text('/');
    expect(front.body).toContain('src="/media/');
    expect(front.body).not.toContain(s3.endpoint);
  });

  it('publishes each scheduled article once, by whichever server’s tick comes first', async () => {
    const k = a.services.db.kysely;
    const section = await k.selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    const user = await k.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow();
    const when = new Date(Date.now() + 1500).toISOString();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await a.services.articles.create({
        title: `Tide tables for week ${i}`, standfirst: '', sectionId: section.id, authorIds: [user.id], tags: [], bodyMd: 'High water at noon.', status: 'scheduled', publishedAt: when,
      }));
    }
    const published = () => k.selectFrom('articles').select(['id', 'path']).where('id', 'in', ids).where('status', '=', 'published').execute();
    expect(await until(async () => (await published()).length === ids.length)).toBe(true);
    // Both servers kept ticking meanwhile: still one publication each.
    await new Promise((r) => setTimeout(r, 600));
    const revisions = await k.selectFrom('article_revisions').select(['article_id']).where('article_id', 'in', ids).execute();
    for (const id of ids) expect(revisions.filter((r) => r.article_id === id), `article ${id}`).toHaveLength(1);
    const one = (await published())[0];
    expect((await b.text(one.path!)).status).toBe(200);
    expect((await a.text(one.path!)).status).toBe(200);
  });

  it('sends each queued mail once, whichever server claims it', async () => {
    const to = (i: number) => `queued-${i}@readers.test`;
    for (let i = 0; i < 12; i++) await (i % 2 ? a : b).services.outbox.enqueueMail({ to: to(i), subject: `Queued ${i}`, text: 'Hello.' });
    expect(await until(() => smtp.messages.filter((m) => m.subject.startsWith('Queued ')).length >= 12)).toBe(true);
    await new Promise((r) => setTimeout(r, 2500));
    for (let i = 0; i < 12; i++) expect(smtp.messages.filter((m) => m.to.includes(to(i))), to(i)).toHaveLength(1);
  });

  it('finishes, on the other server, a mail job that a killed server had claimed', async () => {
    // Only the doomed server may claim: the two in-process servers stop looking for a moment.
    await a.services.jobs.stop();
    await b.services.jobs.stop();
    let connected = 0;
    const stall = net.createServer((socket) => {
      connected++;
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', () => r()));
    const stallPort = (stall.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-doomed-'));
    let doomed: ChildProcess | null = null;
    try {
      doomed = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env, DATABASE_URL: dbUrl, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1',
          SITE_URL: 'http://news.test', LOG_LEVEL: 'silent', DEMO_ON_EMPTY: 'off', SMTP_URL: `smtp://127.0.0.1:${stallPort}`,
        },
        stdio: 'ignore',
      });
      const id = await a.services.jobs.enqueue('mail', { to: 'orphaned@readers.test', subject: 'Survived a crash', text: 'Still here.' });
      // The doomed server claimed it and is talking to a mail server that never answers …
      expect(await until(() => connected > 0, 20_000)).toBe(true);
      const claimed = await a.services.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(claimed.claimed_by).not.toBeNull();
      expect(claimed.claimed_by).not.toBe(b.services.jobs.worker);
      // … when it is killed outright.
      doomed.kill('SIGKILL');
      await new Promise((r) => doomed!.once('exit', r));
      b.services.jobs.start(200);
      const mail = await smtp.waitFor((m) => m.to.includes('orphaned@readers.test'), 15_000);
      expect(mail.subject).toBe('Survived a crash');
      const row = () => a.services.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(await until(async () => (await row()).state === 'done')).toBe(true);
      expect(await row()).toMatchObject({ state: 'done', attempts: 2, payload: '{}' });
      expect(smtp.messages.filter((m) => m.to.includes('orphaned@readers.test'))).toHaveLength(1);
    } finally {
      doomed?.kill('SIGKILL');
      stall.close();
      a.services.jobs.start();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
