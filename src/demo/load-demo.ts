import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import sharp from 'sharp';
import { ArticleService } from '../articles/service.ts';
import { ChangeBus } from '../cache/change-bus.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { writeVariants } from '../media/image-variants.ts';
import type { MediaStore } from '../media/store.ts';
import { activeStore, closeStore } from '../media/stores.ts';
import { articlesA } from './articles-a.ts';
import { articlesB } from './articles-b.ts';
import { illustrations } from './illustrations.ts';
import { importPages } from '../pages/service.ts';
import { demoPages } from './pages.ts';
import { loadDemoPolls } from './polls.ts';
import { loadDemoComments } from './comments.ts';
import { loadDemoModeration } from './moderation.ts';
import { demoPeople, demoSections, demoSettings } from './site.ts';
import type { DemoArticle } from './types.ts';

type Log = { info: (o: object, msg: string) => void };

export const demoArticles: DemoArticle[] = [...articlesA, ...articlesB];

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom('sections').select('id').limit(1).executeTakeFirst();
  return !row;
}

/** Load the demo outlet into an empty site; does nothing if the site has content. Pictures go into the site's media store. */
export async function loadDemoIfEmpty(db: Db, config: Config, log: Log, store?: MediaStore): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  // The same article service as the newsroom's, in import mode (dates and slugs as given).
  const changes = new ChangeBus(db, { warn: (o, m) => log.info(o, m) });
  const articles = new ArticleService({ db, changes });
  const started = Date.now();
  const into = store ?? (await activeStore(db, config));
  const images = await prepareImages(into).finally(() => store || closeStore(into));
  const loaded = await db.kysely.transaction().execute(async (trx) => {
    // Several app servers may start at once against one empty PostgreSQL: one loads, the rest see content.
    if (db.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(727272)`.execute(trx);
    if (await trx.selectFrom('sections').select('id').limit(1).executeTakeFirst()) return false;
    await insertDemo(trx, images, articles);
    return true;
  });
  // Votes go through the ballot box, which writes in transactions of its own: the polls come after the rest.
  if (loaded) await loadDemoPolls(db, changes);
  // A few threads under the articles, one comment removed by the moderators (comments/ and docs/comments.md).
  if (loaded) await loadDemoComments(db);
  // After the demo's comments (which it describes): the moderation log's entries and a report.
  if (loaded) await loadDemoModeration(db);
  // Servers already running on this database (rare: a demo loaded by the command line) forget what they showed.
  if (loaded) await changes.everything();
  if (loaded) log.info({ articles: demoArticles.length, ms: Date.now() - started }, 'demo content loaded');
  return loaded;
}

type Prepared = Awaited<ReturnType<typeof writeVariants>> & { key: string };

/**
 * Draw every illustration and write its variants. Rasterising is the slow part,
 * so results are cached by the SVG's hash outside the data directory.
 */
async function prepareImages(store: MediaStore): Promise<Map<string, Prepared>> {
  const cacheRoot = path.join(os.tmpdir(), 'samizdat-demo-images');
  const out = new Map<string, Prepared>();
  await Promise.all(
    illustrations.map(async (ill) => {
      const svg = ill.svg();
      const hash = createHash('sha256').update(svg).digest('hex').slice(0, 16);
      const cacheDir = path.join(cacheRoot, hash);
      const manifest = path.join(cacheDir, 'manifest.json');
      let processed: Awaited<ReturnType<typeof writeVariants>>;
      if (fs.existsSync(manifest)) {
        processed = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      } else {
        // Drawn on white and saved as a high-quality JPEG, as a photo desk would hand it over.
        const jpeg = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).jpeg({ quality: 95 }).toBuffer();
        const tmp = `${cacheDir}.${randomBytes(6).toString('hex')}.tmp`;
        processed = await writeVariants(jpeg, tmp, ill.key);
        fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(processed));
        try {
          fs.renameSync(tmp, cacheDir);
        } catch {
          // Another process finished the same drawing first; theirs is identical.
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      }
      // Servers starting together on an empty site may both put them: the same bytes under the same names.
      for (const v of processed.variants) await store.put(v.file, path.join(cacheDir, v.file));
      out.set(ill.key, { ...processed, key: ill.key });
    }),
  );
  return out;
}

async function insertDemo(trx: Transaction<Database>, images: Map<string, Prepared>, articles: ArticleService): Promise<void> {
  const now = new Date();
  const iso = now.toISOString();
  for (const [key, value] of Object.entries(demoSettings)) {
    await trx.insertInto('settings').values({ key, value: JSON.stringify(value) }).execute();
  }
  const mediaIds = new Map<string, number>();
  const captions = demoCaptions();
  for (const img of images.values()) {
    const c = captions.get(img.key);
    const row = await trx
      .insertInto('media')
      .values({
        slug: img.key, mime: img.mime, width: img.width, height: img.height, bytes: img.bytes,
        alt: c?.alt ?? `Illustration: ${img.key.replace(/-/g, ' ')}`, caption: c?.caption ?? '', credit: c?.credit ?? 'Illustration: The Lantern',
        variants: JSON.stringify(img.variants), created_at: iso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    mediaIds.set(img.key, row.id);
    await markDemo(trx, 'media', row.id);
  }
  const sectionIds = new Map<string, number>();
  for (const [position, s] of demoSections.entries()) {
    const row = await trx.insertInto('sections').values({ ...s, position }).returning('id').executeTakeFirstOrThrow();
    sectionIds.set(s.slug, row.id);
    await markDemo(trx, 'sections', row.id);
  }
  const userIds = new Map<string, number>();
  for (const p of demoPeople) {
    const row = await trx
      .insertInto('users')
      .values({
        email: null, name: p.name, slug: p.slug, bio: p.bio, avatar_media_id: mediaIds.get(p.portrait) ?? null,
        role: p.role, password_hash: null, created_at: iso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    userIds.set(p.slug, row.id);
    await markDemo(trx, 'users', row.id);
  }
  // Through the article service's import mode, like any other article from elsewhere: oldest first,
  // so ids follow publication order as they would on a real site.
  const sorted = [...demoArticles].sort((x, y) => y.hoursAgo - x.hoursAgo);
  const tagsBefore = new Set((await trx.selectFrom('tags').select('id').execute()).map((t) => t.id));
  const ids = await articles.importArticles(sorted.map((a) => {
    const publishedAt = new Date(now.getTime() - a.hoursAgo * 3600_000).toISOString();
    return {
      title: a.title, slug: a.slug, standfirst: a.standfirst, sectionId: sectionIds.get(a.section)!,
      authorIds: a.authors.map((slug) => userIds.get(slug)!), tags: a.tags, bodyMd: a.body,
      leadMediaId: mediaIds.get(a.lead.image) ?? null, leadAlt: a.lead.alt, leadCaption: a.lead.caption, leadCredit: a.lead.credit,
      commentsEnabled: true, status: 'published', publishedAt, updatedAt: publishedAt, createdBy: userIds.get(a.authors[0]) ?? null,
    };
  }), { within: trx });
  for (const id of ids) await markDemo(trx, 'articles', id);
  const pageIds = await importPages(trx, demoPages.map((p) => ({
    slug: p.slug, title: p.title, standfirst: p.standfirst, bodyMd: p.body, publishedAt: new Date(now.getTime() - p.daysAgo * 86400_000).toISOString(),
  })));
  for (const id of pageIds) await markDemo(trx, 'pages', id);
  for (const t of await trx.selectFrom('tags').select('id').execute()) if (!tagsBefore.has(t.id)) await markDemo(trx, 'tags', t.id);
}

/** Every row the demo adds is listed, so that `samizdat demo --remove` takes away exactly those. */
export async function markDemo(trx: Transaction<Database>, table: string, id: number): Promise<void> {
  await trx.insertInto('demo_rows').values({ table_name: table, row_id: id }).onConflict((oc) => oc.columns(['table_name', 'row_id']).doNothing()).execute();
}

/** The first caption written for each illustration becomes its library default. */
function demoCaptions(): Map<string, { alt: string; caption: string; credit: string }> {
  const out = new Map<string, { alt: string; caption: string; credit: string }>();
  for (const a of demoArticles) if (!out.has(a.lead.image)) out.set(a.lead.image, { alt: a.lead.alt, caption: a.lead.caption, credit: a.lead.credit });
  for (const p of demoPeople) out.set(p.portrait, { alt: `Portrait of ${p.name}`, caption: p.name, credit: 'Illustration: The Lantern' });
  return out;
}
