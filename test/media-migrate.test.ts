import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaVariant } from '../src/db/schema.ts';
import { asRole } from './helpers/agent.ts';
import { startS3, type S3Server } from './helpers/s3.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { postMultipart } from './helpers/upload.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/samizdat.js');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * `samizdat media migrate` against a site that keeps running: the first run is
 * killed half-way, the second finishes, the running server follows the switch,
 * and the media come back again with `--to local`.
 */
describe('samizdat media migrate, interrupted and run again', () => {
  let site: TestSite;
  let s3: S3Server;
  let env: Record<string, string>;
  beforeAll(async () => {
    s3 = await startS3({ prefix: 'site/' });
    // The S3 settings are there, but the site started with its media in DATA_DIR/media.
    const { MEDIA_STORE: _, ...s3Settings } = s3.env;
    site = await startTestSite('sqlite', { env: s3Settings });
    env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'silent', DATA_DIR: site.dataDir, SITE_URL: 'http://news.test', ...s3Settings };
  });
  afterAll(async () => {
    await site?.close();
    await s3?.close();
  });

  const named = async () => {
    const rows = await site.services.db.kysely.selectFrom('media').select('variants').execute();
    return rows.flatMap((r) => (JSON.parse(r.variants) as MediaVariant[]).map((v) => v.file));
  };
  const inBucket = (name: string) => path.join(s3.dir, s3.bucket, `site/${name}._S3rver_object`);
  const local = (name: string) => path.join(site.dataDir, 'media', name);
  const recorded = async () => (await site.services.db.kysely.selectFrom('system_state').select('value').where('key', '=', 'media_store').executeTakeFirst())?.value;

  /** Runs the command; `killAt` kills it (SIGKILL) when its output first matches. */
  function migrate(to: string, killAt?: RegExp): Promise<{ code: number | null; signal: string | null; out: string }> {
    const child = spawn(process.execPath, [BIN, 'media', 'migrate', '--to', to], { env });
    let out = '';
    const take = (d: Buffer) => {
      out += d.toString();
      if (killAt && killAt.test(out)) child.kill('SIGKILL');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out })));
  }

  it('copies every file, checks each, and only then switches; a killed run is carried on by the next', async () => {
    const files = await named();
    expect(files.length).toBeGreaterThan(50);
    expect(site.services.media.current().kind).toBe('local');

    const cut = await migrate('s3', /^1 of \d+ files/m);
    expect(cut.signal).toBe('SIGKILL');
    expect(await recorded()).toBe('local');
    expect(files.filter((f) => fs.existsSync(inBucket(f))).length).toBeLessThan(files.length);
    expect(files.some((f) => fs.existsSync(inBucket(f)))).toBe(true);

    const done = await migrate('s3');
    expect(done.code, done.out).toBe(0);
    expect(done.out).toMatch(/checked by size and SHA-256 \(\d+ copied now, [1-9]\d* by an earlier run\)/);
    expect(await recorded()).toBe('s3');
    for (const f of files) {
      expect(fs.existsSync(inBucket(f)), f).toBe(true);
      expect(sha(fs.readFileSync(inBucket(f))), f).toBe(sha(fs.readFileSync(local(f))));
    }
    // The notes of the move are gone with it: a later move starts afresh.
    expect(await site.services.db.kysely.selectFrom('media_transfers').select('file').execute()).toEqual([]);
  }, 120_000);

  it('has the running server follow: pictures come from the bucket, uploads go there', async () => {
    expect(await until(() => site.services.media.current().kind === 's3')).toBe(true);
    const [file] = await named();
    fs.rmSync(local(file));
    expect((await site.fetch(`/media/${file}`)).status).toBe(200);

    const editor = await asRole(site, 'editor');
    await editor.get('/admin/media');
    // A PNG without transparency is stored as JPEG (docs/media.md).
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#c1121f' } }).png().toBuffer();
    const res = await postMultipart(editor, '/admin/media', { alt: 'A red flag on the pier' }, { name: 'red flag.png', bytes: png, type: 'image/png' });
    expect(res.status, res.body).toBe(303);
    expect(fs.existsSync(inBucket('red-flag-480.jpg'))).toBe(true);
    expect(fs.existsSync(local('red-flag-480.jpg'))).toBe(false);
  });

  it('moves them back with --to local, the picture uploaded meanwhile included', async () => {
    const back = await migrate('local');
    expect(back.code, back.out).toBe(0);
    expect(await recorded()).toBe('local');
    for (const f of await named()) expect(sha(fs.readFileSync(local(f))), f).toBe(sha(fs.readFileSync(inBucket(f))));
    expect(await until(() => site.services.media.current().kind === 'local')).toBe(true);
    expect((await site.fetch('/media/red-flag-480.jpg')).status).toBe(200);
    expect((await migrate('local')).out).toContain('already in local');
  }, 120_000);

  it('keeps to the recorded store whatever MEDIA_STORE says, and refuses to start where it cannot reach it', async () => {
    const told = await startTestSite('sqlite', { dataDir: site.dataDir, env: s3.env });
    try {
      expect(told.services.media.current().kind).toBe('local');
      expect((await told.fetch('/media/red-flag-480.jpg')).status).toBe(200);
    } finally {
      await told.close();
    }
    const k = site.services.db.kysely;
    await k.updateTable('system_state').set({ value: 's3' }).where('key', '=', 'media_store').execute();
    try {
      await expect(startTestSite('sqlite', { dataDir: site.dataDir })).rejects.toThrow(/media were moved to S3-compatible storage .* S3_BUCKET is not set/);
    } finally {
      await k.updateTable('system_state').set({ value: 'local' }).where('key', '=', 'media_store').execute();
    }
  });
});

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
