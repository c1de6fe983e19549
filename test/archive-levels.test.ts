import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportArchive } from '../src/archive/export.ts';
import { importArchive } from '../src/archive/import.ts';
import { type Db, openDatabase } from '../src/db/connection.ts';
import { migrateToLatest, migrateUpTo, migrationNames } from '../src/db/migrate.ts';
import { LocalStore } from '../src/media/local-store.ts';
import { createPostgresDatabase, DATABASES, type DatabaseKind } from './helpers/databases.ts';

/** A copy of an archive with one file's bytes changed, as someone with a text editor and tar could make it. */
async function rewrite(from: string, to: string, change: (name: string, bytes: Buffer) => Buffer): Promise<void> {
  const extract = tar.extract();
  const pack = tar.pack();
  const written = pipeline(pack, fs.createWriteStream(to));
  const reading = pipeline(fs.createReadStream(from), extract);
  for await (const entry of extract) {
    const parts: Buffer[] = [];
    for await (const chunk of entry) parts.push(chunk as Buffer);
    const bytes = change(entry.header.name, Buffer.concat(parts));
    await new Promise<void>((resolve, reject) => pack.entry({ ...entry.header, size: bytes.length }, bytes, (e) => (e ? reject(e) : resolve())));
  }
  await reading;
  pack.finalize();
  await written;
}

const editManifest = (edit: (m: Record<string, any>) => void) => (name: string, bytes: Buffer) => {
  if (name !== 'manifest.json') return bytes;
  const m = JSON.parse(bytes.toString('utf8'));
  edit(m);
  return Buffer.from(JSON.stringify(m));
};

async function openTarget(kind: DatabaseKind, dir: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (kind === 'sqlite') return { db: openDatabase({ kind: 'sqlite', file: path.join(dir, 'samizdat.db') }), drop: async () => {} };
  const pg = await createPostgresDatabase();
  return { db: openDatabase({ kind: 'postgres', url: pg.url }), drop: pg.drop };
}

/**
 * Archives and schema versions: an archive made by an older Samizdat is
 * imported at its own migration level and then brought up to date; one from
 * a newer Samizdat, or into a database already at another level, is refused
 * before anything is written.
 */
describe.each(DATABASES)('archives from other versions, imported into %s', (kind) => {
  let tmp: string;
  let older: string;
  const drops: (() => Promise<void>)[] = [];
  const OLD_LEVEL = '031-moderation';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-levels-'));
    // A site whose Samizdat knew the migrations up to 031 only.
    const source = openDatabase({ kind: 'sqlite', file: path.join(tmp, 'old.db') });
    try {
      await migrateUpTo(source, OLD_LEVEL);
      const at = '2025-03-01T09:00:00.000Z';
      await sql`INSERT INTO sections (slug, name, description, position) VALUES ('news', 'News', '', 0)`.execute(source.kysely);
      await sql`INSERT INTO users (email, name, slug, bio, role, created_at) VALUES ('ed@old.test', 'Old Editor', 'old-editor', '', 'editor', ${at})`.execute(source.kysely);
      await sql`INSERT INTO articles (slug, section_id, status, title, standfirst, path, published_at, updated_at, created_at)
          VALUES ('old-news', 1, 'published', 'Old news', 'From before', '/2025/03/old-news', ${at}, ${at}, ${at})`.execute(source.kysely);
      await sql`INSERT INTO article_bodies (article_id, body_md, body_html, body_text) VALUES (1, 'Old.', '<p>Old.</p>', 'Old.')`.execute(source.kysely);
      // A reply whose id is lower than its parent's (as an import from elsewhere can leave them): it refers to a
      // row further on, past a batch of other comments, so it is inserted before its parent is.
      await sql`WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 609)
          INSERT INTO comments (id, article_id, parent_id, thread_id, depth, body_md, body_html, status, notify_replies, created_at, updated_at)
          SELECT i, 1, NULL, i, 0, 'Filler.', '<p>Filler.</p>', 'visible', 0, ${at}, ${at} FROM n`.execute(source.kysely);
      for (const [id, parent, text] of [[700, null, 'The first word.'], [5, 700, 'A reply filed under a lower number.']] as const) {
        await sql`INSERT INTO comments (id, article_id, parent_id, thread_id, depth, body_md, body_html, status, notify_replies, created_at, updated_at)
            VALUES (${id}, 1, ${parent}, 700, ${parent ? 1 : 0}, ${text}, ${`<p>${text}</p>`}, 'visible', 0, ${at}, ${at})`.execute(source.kysely);
      }
      older = path.join(tmp, 'older.tar');
      await exportArchive(source, older, { withSecrets: false, store: new LocalStore(path.join(tmp, 'old-data')), siteUrl: 'http://old.test' });
    } finally {
      await source.close();
    }
  });
  afterAll(async () => {
    for (const d of drops) await d();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports an older archive at its level, then runs the newer migrations over its rows', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'new-'));
    const { db, drop } = await openTarget(kind, dir);
    drops.push(drop);
    try {
      const r = await importArchive(db, new LocalStore(dir), older);
      expect(r.manifest.migrations.at(-1)).toBe(OLD_LEVEL);
      expect(r.migrated).toEqual(migrationNames().slice(migrationNames().indexOf(OLD_LEVEL) + 1));
      const applied = await db.kysely.selectFrom('kysely_migration' as any).select('name').orderBy('name').execute();
      expect(applied.map((m: any) => m.name)).toEqual(migrationNames());
      const a = await db.kysely.selectFrom('articles').select(['title', 'path', 'published_at']).executeTakeFirstOrThrow();
      expect(a).toEqual({ title: 'Old news', path: '/2025/03/old-news', published_at: '2025-03-01T09:00:00.000Z' });
      // The reply points at its parent again, and the counts are the archive's (not counted a second time).
      const comments = await db.kysely.selectFrom('comments').select(['id', 'parent_id', 'reply_count']).where('id', 'in', [5, 700]).orderBy('id').execute();
      expect(comments).toEqual([{ id: 5, parent_id: 700, reply_count: 0 }, { id: 700, parent_id: null, reply_count: 1 }]);
      expect((await db.kysely.selectFrom('articles').select('comment_count').executeTakeFirstOrThrow()).comment_count).toBe(602);
      // The id counters are past the archive's rows: a new article gets a new id.
      const next = await db.kysely.insertInto('articles').values({ slug: 'new', section_id: 1, status: 'draft', title: 'New', standfirst: '', word_count: 0, lead_media_id: null, lead_alt: null,
        lead_caption: null, lead_credit: null, seo_title: null, seo_description: null, comments_enabled: 1, path: null, created_by: null, review_note: null, published_at: null,
        updated_at: '2025-03-02T00:00:00.000Z', created_at: '2025-03-02T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
      expect(next.id).toBe(2);
    } finally {
      await db.close();
    }
  });

  it('refuses an archive from a newer Samizdat, and a database already at another level, writing nothing', async () => {
    const newer = path.join(tmp, `newer-${kind}.tar`);
    await rewrite(older, newer, editManifest((m) => m.migrations.push('999-from-the-future')));
    const dir = fs.mkdtempSync(path.join(tmp, 'refuse-'));
    const { db, drop } = await openTarget(kind, dir);
    drops.push(drop);
    try {
      await expect(importArchive(db, new LocalStore(dir), newer)).rejects.toThrow('the archive was made by a newer Samizdat (its schema includes 999-from-the-future): upgrade this one first');
      const tables = db.dialect === 'sqlite'
        ? await sql`SELECT name FROM sqlite_schema WHERE type = 'table'`.execute(db.kysely)
        : await sql`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`.execute(db.kysely);
      expect(tables.rows).toEqual([]);

      await migrateToLatest(db);
      await expect(importArchive(db, new LocalStore(dir), older)).rejects.toThrow(/import into a new, empty database/);
      expect(await db.kysely.selectFrom('articles').select('id').execute()).toEqual([]);

      // A consistent archive (its hashes made to match) still cannot name a column the site does not have.
      const fresh = await openTarget(kind, fs.mkdtempSync(path.join(tmp, 'column-')));
      drops.push(fresh.drop);
      try {
        const extra = path.join(tmp, `extra-column-${kind}.tar`);
        const changed = Buffer.from('{"id":1,"slug":"news","name":"News","description":"","position":0,"image_media_id":null,"owner":"someone"}\n');
        await rewrite(older, extra, (name, bytes) => {
          if (name === 'tables/sections.jsonl') return changed;
          if (name !== 'manifest.json') return bytes;
          return editManifest((m) => Object.assign(m.tables.find((t: { name: string }) => t.name === 'sections'), { bytes: changed.length, sha256: createHash('sha256').update(changed).digest('hex') }))(name, bytes);
        });
        await expect(importArchive(fresh.db, new LocalStore(dir), extra)).rejects.toThrow('tables/sections.jsonl line 1 has a column owner that this site’s sections table does not have');
        expect(await fresh.db.kysely.selectFrom('sections').select('id').execute()).toEqual([]);
      } finally {
        await fresh.db.close();
      }

      const future = path.join(tmp, `future-format-${kind}.tar`);
      await rewrite(older, future, editManifest((m) => (m.version = 2)));
      await expect(importArchive(db, new LocalStore(dir), future)).rejects.toThrow('the archive is format version 2; this Samizdat reads up to version 1');
    } finally {
      await db.close();
    }
  });
});
