import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.ts';
import type { MediaVariant } from '../db/schema.ts';
import type { MediaStore } from '../media/store.ts';
import { storeUpload } from '../media/upload.ts';
import { countFixed, fixedRedirect, type ImportContext, keptRedirects, NOT_WRITTEN } from './context.ts';
import { splitCredit } from './figures.ts';
import { type Attachment, uploadsPath, WordpressIds } from './import-plan.ts';
import { missingFile, note, skip } from './report.ts';
import { htmlToText, oldPath } from './text.ts';

/**
 * Attachments: each picture whose file is in the uploads folder goes through
 * the media library's own upload (checked, variants made, metadata dropped),
 * with the alt text, caption and credit WordPress had. Nothing is fetched from
 * the network: a file not in the folder is listed in the report, and articles
 * link to where it was. Files that are not pictures (PDFs, audio, video) stay
 * where they were; the library holds pictures only.
 */

const PICTURE = /\.(jpe?g|png|gif|webp|avif)$/i;
const MAX_BYTES = 20 * 1024 * 1024;

export async function importPictures(ctx: ImportContext, db: Db, store: MediaStore | string, uploadsDir: string | null, progress: (done: number) => void): Promise<void> {
  const known = await ctx.ids.all('attachment');
  let done = 0;
  if (!uploadsDir && ctx.survey.attachments.size) {
    note(ctx.report, 'No uploads folder was given, so no picture was imported: give the copy of wp-content/uploads with --uploads (or in the form) and run the import again.');
  }
  for (const a of ctx.survey.attachments.values()) {
    progress(++done);
    const key = uploadsPath(a.url, true) ?? uploadsPath(a.file, true);
    if (key) ctx.attachmentByPath.set(key, a.id);
    if (a.file) ctx.attachmentByPath.set(a.file.replace(/-(?:\d+x\d+|scaled|rotated)(?=\.\w+$)/, ''), a.id);
    const earlier = known.get(a.id);
    const media = earlier && (await ctx.k.selectFrom('media').select(['id', 'slug', 'alt', 'caption', 'variants']).where('id', '=', earlier.localId).executeTakeFirst());
    if (media) {
      ctx.report.unchanged.pictures++;
      ctx.pictures.set(a.id, media);
      await keptRedirects(ctx, oldAddresses(a));
      continue;
    }
    if (!PICTURE.test(a.file || a.url)) {
      skip(ctx.report, `attachment “${htmlToText(a.title) || a.id}”`, `not a picture (the media library holds pictures); links to it keep its old address ${a.url}`);
      continue;
    }
    const file = uploadsDir ? fileIn(uploadsDir, a.file) : null;
    if (!file) {
      missingFile(ctx.report, a.file || a.url);
      continue;
    }
    await importPicture(ctx, db, store, a, file);
  }
}

/** The file inside the uploads folder, never outside it; null when it is not there. */
function fileIn(uploadsDir: string, relative: string): string | null {
  if (!relative) return null;
  const root = path.resolve(uploadsDir);
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

async function importPicture(ctx: ImportContext, db: Db, store: MediaStore | string, a: Attachment, file: string): Promise<void> {
  const title = htmlToText(a.title);
  const { caption, credit } = splitCredit(htmlToText(a.caption));
  const alt = (htmlToText(a.alt) || title || path.basename(file).replace(/\.\w+$/, '').replace(/[-_]+/g, ' ')).slice(0, 300);
  if (fs.statSync(file).size > MAX_BYTES) {
    skip(ctx.report, `picture ${a.file}`, 'larger than the media library takes (20 MB)');
    return;
  }
  if (ctx.dryRun) {
    ctx.report.created.pictures++;
    ctx.pictures.set(a.id, { id: NOT_WRITTEN, slug: `(${path.basename(file)})`, alt, caption });
    for (const from of oldAddresses(a)) await countFixed(ctx, from, 'new');
    return;
  }
  const stored = await storeUpload(db, store, { filename: path.basename(file), bytes: fs.readFileSync(file), alt, caption, credit });
  if (!stored.ok) {
    skip(ctx.report, `picture ${a.file}`, stored.message);
    return;
  }
  ctx.report.created.pictures++;
  if (!htmlToText(a.alt)) note(ctx.report, 'Pictures that had no alt text on WordPress were given their title as alt text: check them in the media library.');
  ctx.pictures.set(a.id, { id: stored.id, slug: stored.slug, alt, caption });
  await ctx.ids.remember('attachment', a.id, { localId: stored.id, fingerprint: null, localStamp: null }, ctx.now);
  const largest = await largestFile(db, stored.id);
  if (largest) for (const from of oldAddresses(a)) await fixedRedirect(ctx, from, `/media/${largest}`);
}

/** The old file's address and, for a picture attached to nothing, its attachment page (by address and by number): they lead to the largest copy. */
function oldAddresses(a: Attachment): string[] {
  const alone = !a.parent || a.parent === '0';
  const page = alone ? oldPath(a.link) : null;
  const byNumber = alone && /^\d+$/.test(a.id) ? `/?attachment_id=${a.id}` : null;
  return [...new Set([oldPath(a.url), page, byNumber])].filter((p): p is string => Boolean(p));
}

async function largestFile(db: Db, id: number): Promise<string | null> {
  const row = await db.kysely.selectFrom('media').select('variants').where('id', '=', id).executeTakeFirst();
  const variants = JSON.parse(row?.variants ?? '[]') as MediaVariant[];
  const fallback = variants.filter((v) => v.format !== 'webp').sort((x, y) => y.width - x.width)[0];
  return fallback?.file ?? null;
}
