import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaVariant } from '../src/db/schema.ts';
import { asRole } from './helpers/agent.ts';
import { samizdat } from './helpers/cli.ts';
import { startS3 } from './helpers/s3.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { postMultipart } from './helpers/upload.ts';



/**
 * `samizdat backup` copies a SQLite site while it is being written to; what it
 * copies restores into a database that passes SQLite's own checks, whose every
 * picture has its files, and that serves.
 */
describe('backing up a running SQLite site', () => {
  let site: TestSite;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-backup-'));
  beforeAll(async () => {
    site = await startTestSite('sqlite');
  });
  afterAll(async () => {
    await site?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('takes a consistent backup under write load, which restores and serves', { timeout: 120_000 }, async () => {
    const editor = await asRole(site, 'editor');
    const section = await site.services.db.kysely.selectFrom('sections').select('id').executeTakeFirstOrThrow();
    let writing = true;
    let written = 0;
    // An editor publishing articles and uploading pictures the whole time the backup runs.
    const load = (async () => {
      while (writing) {
        await editor.get('/admin/media');
        const jpeg = await sharp({ create: { width: 500, height: 300, channels: 3, background: { r: written % 255, g: 80, b: 120 } } }).jpeg().toBuffer();
        const up = await postMultipart(editor, '/admin/media', { alt: `Picture ${written}`, caption: '', credit: '' }, { name: `p${written}.jpg`, bytes: jpeg, type: 'image/jpeg' });
        const mediaId = /\/admin\/media\/(\d+)/.exec(up.location ?? '')?.[1] ?? '';
        await editor.get('/admin/articles/new');
        await editor.post('/admin/articles', {
          title: `Written during the backup ${written}`, standfirst: 'Load.', section_id: String(section.id), body_md: 'Text '.repeat(200),
          lead_media_id: mediaId, author_ids: [String(editor.userId)], action: 'publish',
        });
        written++;
      }
    })();
    while (written < 2) await new Promise((r) => setTimeout(r, 20));
    const dest = path.join(tmp, 'backup');
    const atStart = written;
    const backup = await samizdat(['backup', dest], { DATA_DIR: site.dataDir });
    // The editor kept publishing while the backup ran: the load overlapped it.
    const atEnd = written;
    await new Promise((r) => setTimeout(r, 200));
    writing = false;
    await load;
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(/Backed up \d+ bytes of database and \d+ media files/);
    expect(atEnd).toBeGreaterThan(atStart);

    const restoredDir = path.join(tmp, 'restored');
    const restore = await samizdat(['restore', dest], { DATA_DIR: restoredDir });
    expect(restore.code, restore.err).toBe(0);
    // Restoring over a site is refused.
    expect((await samizdat(['restore', dest], { DATA_DIR: restoredDir })).code).toBe(1);

    const db = new SQLite(path.join(restoredDir, 'samizdat.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      for (const m of db.prepare('SELECT slug, variants FROM media').all() as { slug: string; variants: string }[]) {
        for (const v of JSON.parse(m.variants) as MediaVariant[]) expect(fs.existsSync(path.join(restoredDir, 'media', v.file)), `${m.slug}: ${v.file}`).toBe(true);
      }
      const during = db.prepare("SELECT count(*) AS n FROM articles WHERE title LIKE 'Written during the backup%'").get() as { n: number };
      expect(during.n).toBeGreaterThanOrEqual(2);
    } finally {
      db.close();
    }
    const restored = await startTestSite('sqlite', { dataDir: restoredDir });
    try {
      const home = await restored.text('/');
      expect(home.status).toBe(200);
      const article = /href="(\/\d{4}\/\d{2}\/written-during-the-backup-[^"]+)"/.exec(home.body)?.[1];
      expect(article).toBeDefined();
      expect((await restored.fetch(article!)).status).toBe(200);
    } finally {
      await restored.close();
    }
  });
});

describe('samizdat backup of a SQLite site whose media are in object storage', () => {
  it('copies the database and says where the media are, rather than pretending to have them', async () => {
    const s3 = await startS3();
    const site = await startTestSite('sqlite', { env: s3.env });
    const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-backup-s3-')), 'b');
    try {
      const r = await samizdat(['backup', dest], { DATA_DIR: site.dataDir, ...s3.env });
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`The media files are in s3://${s3.bucket}/`);
      expect(r.out).toContain('were not copied');
      expect(fs.readdirSync(path.join(dest, 'media'))).toEqual([]);
      const copy = new SQLite(path.join(dest, 'samizdat.db'), { readonly: true });
      try {
        expect((copy.prepare('SELECT count(*) AS n FROM media').get() as { n: number }).n).toBeGreaterThan(0);
        expect(copy.prepare("SELECT value FROM system_state WHERE key = 'media_store'").get()).toEqual({ value: 's3' });
      } finally {
        copy.close();
      }
    } finally {
      await site.close();
      await s3.close();
      fs.rmSync(path.dirname(dest), { recursive: true, force: true });
    }
  });
});
