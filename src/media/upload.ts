import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import sharp, { type Metadata } from 'sharp';
import { referencedMedia } from '../articles/markdown.ts';
import type { Db } from '../db/connection.ts';
import type { Database, MediaVariant } from '../db/schema.ts';
import { Unprocessable } from '../http/errors.ts';
import { slugify } from '../lib/slug.ts';
import { writeVariants, type ProcessedImage } from './image-variants.ts';
import { mediaDir } from './serve-media.ts';

/**
 * The media library's uploads: validate a file by its content, write its
 * variants, record it; find and delete media nothing uses; edit its texts.
 * No HTTP here — routes call these and turn outcomes into pages.
 */

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
  maxSide: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxSide: 12_000,
});

export type UploadOutcome =
  | { ok: true; id: number; slug: string }
  | { ok: false; status: 413 | 415 | 422; field?: 'file' | 'alt'; message: string };

type Refusal = Extract<UploadOutcome, { ok: false }>;

export interface UploadInput {
  filename: string;
  bytes: Buffer;
  alt: string;
  caption?: string;
  credit?: string;
}

const ALT_MAX = 300;
const NOT_AN_IMAGE = 'This file is not an image we accept. Upload a JPEG, PNG, WebP, AVIF or GIF.';
const HEIC =
  'This looks like an iPhone photo in HEIC format, which most browsers cannot show. ' +
  'Export it as JPEG (or set the camera to “Most Compatible”) and upload that.';
const DAMAGED = 'The file seems damaged or incomplete. Try saving or downloading it again, then upload the new copy.';

/** Why the alt text cannot be saved, in words for the form; null when it is fine. */
export function altTextProblem(alt: string): string | null {
  const length = [...alt.trim()].length;
  if (length === 0) return 'Describe the image in a few words for readers who cannot see it (alt text).';
  if (length > ALT_MAX) return `Keep the alt text to ${ALT_MAX} characters or fewer; this one has ${length}.`;
  return null;
}

/**
 * Validates, then writes variants into a scratch directory, links them into the
 * media directory and only then adds the row, so a reader never meets a row
 * without its files. Anything that fails is removed again; a refused upload
 * touches neither disk nor database. Failures that are not the file's fault
 * (disk full, database down) are thrown for the caller's error handler.
 */
export async function storeUpload(db: Db, dataDir: string, input: UploadInput, limits = DEFAULT_UPLOAD_LIMITS): Promise<UploadOutcome> {
  const refused = await checkUpload(input, limits);
  if (refused) return refused;
  const dir = mediaDir(dataDir);
  await fs.promises.mkdir(dir, { recursive: true });
  // Inside the media directory, so moving a file in is a hard link on the same filesystem.
  // The dot keeps it out of serve-media's file-name pattern.
  const scratch = await fs.promises.mkdtemp(path.join(dir, '.incoming-'));
  try {
    const processed = await writeVariants(input.bytes, scratch, SCRATCH_NAME);
    return { ok: true, ...(await publish(db, dir, scratch, processed, input)) };
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}

/** No upload takes this long; a scratch directory older than this was left by a crash. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Removes scratch directories that a crash (power loss, a killed process) left
 * behind in the middle of an upload. Run at start; several app servers may share
 * the media directory, so only directories old enough to be certainly abandoned
 * are touched. Returns how many were removed.
 */
export async function sweepAbandonedUploads(dataDir: string, now = Date.now()): Promise<number> {
  const dir = mediaDir(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0; // no media directory yet
  }
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith('.incoming-'))) {
    const full = path.join(dir, name);
    const stat = await fs.promises.stat(full).catch(() => null);
    if (!stat || now - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
    await fs.promises.rm(full, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The checks in the order a person fixes them: the form, then the file's size, type, dimensions, integrity. */
async function checkUpload(input: UploadInput, limits: UploadLimits): Promise<Refusal | null> {
  const alt = altTextProblem(input.alt);
  if (alt) return { ok: false, status: 422, field: 'alt', message: alt };
  if (input.bytes.length > limits.maxBytes) return fileRefusal(413, tooLargeMessage(input.bytes.length, limits.maxBytes));
  const kind = sniff(input.bytes);
  if (kind === 'heic') return fileRefusal(415, HEIC);
  if (!kind) return fileRefusal(415, NOT_AN_IMAGE);
  const meta = await readHeader(input.bytes);
  if (!meta || !meta.width || !meta.height) return fileRefusal(422, DAMAGED);
  if (meta.format !== SHARP_FORMAT[kind] || (kind === 'avif' && meta.compression !== 'av1')) return fileRefusal(415, NOT_AN_IMAGE);
  const size = dimensionsProblem(meta.width, meta.height, limits);
  if (size) return fileRefusal(422, size);
  if (!(await decodesCleanly(input.bytes, limits))) return fileRefusal(422, DAMAGED);
  return null;
}

function fileRefusal(status: Refusal['status'], message: string): Refusal {
  return { ok: false, status, field: 'file', message };
}

type Accepted = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

/** sharp's name for each accepted type; AVIF is an HEIF container holding AV1. */
const SHARP_FORMAT: Record<Accepted, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', avif: 'heif' };

/**
 * The type from the file's first bytes, never its name. Only these formats ever
 * reach sharp, so SVG (scripts), PDF and the rest are never parsed at all.
 */
function sniff(b: Buffer): Accepted | 'heic' | null {
  const ascii = (from: number, to: number) => b.toString('latin1', from, to);
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  const brands = isoBrands(b);
  if (brands.includes('avif') || brands.includes('avis')) return 'avif';
  if (brands.some((x) => ['heic', 'heix', 'heim', 'heis', 'mif1'].includes(x))) return 'heic';
  return null;
}

/** Major and compatible brands of an ISO-BMFF `ftyp` box (AVIF, HEIC, MP4 …). */
function isoBrands(b: Buffer): string[] {
  if (b.length < 16 || b.toString('latin1', 4, 8) !== 'ftyp') return [];
  const end = Math.min(b.readUInt32BE(0), b.length, 256);
  const brands = [b.toString('latin1', 8, 12)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(b.toString('latin1', i, i + 4));
  return brands;
}

/**
 * The header only: no pixels are decoded, so a 20,000 × 20,000 "pixel bomb"
 * costs nothing to refuse. sharp's own pixel limit is lifted here because it
 * would refuse such a file with a message meant for programmers; ours follows.
 */
async function readHeader(bytes: Buffer): Promise<Metadata | null> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return null;
  }
}

function dimensionsProblem(width: number, height: number, limits: UploadLimits): string | null {
  if (width * height <= limits.maxPixels && Math.max(width, height) <= limits.maxSide) return null;
  const n = (x: number) => x.toLocaleString('en-GB');
  const mp = (px: number) => n(Math.round(px / 100_000) / 10);
  return (
    `This image is ${n(width)} × ${n(height)} pixels (${mp(width * height)} megapixels). ` +
    `The largest we accept is ${mp(limits.maxPixels)} megapixels and ${n(limits.maxSide)} pixels on the longer side. ` +
    'Resize it and upload it again.'
  );
}

function tooLargeMessage(bytes: number, max: number): string {
  const mb = (x: number) => `${Number((x / 1024 / 1024).toFixed(1))} MB`;
  return `This file is ${mb(bytes)}; the largest we accept is ${mb(max)}. Save it at a smaller size or lower quality and upload it again.`;
}

/**
 * A full decode of the (first) frame: truncated or corrupt files are caught
 * here with a message for people, rather than failing halfway through writing
 * variants. It costs a second decode, which uploads can afford.
 */
async function decodesCleanly(bytes: Buffer, limits: UploadLimits): Promise<boolean> {
  try {
    await sharp(bytes, { failOn: 'error', limitInputPixels: limits.maxPixels }).stats();
    return true;
  } catch {
    return false;
  }
}

/** writeVariants names files `<name>-<width>.<ext>`; this name is swapped for the slug when they move in. */
const SCRATCH_NAME = 'upload';
const MAX_ATTEMPTS = 5;

/**
 * Moves the variants in under a free slug and adds the row. Two uploads of
 * "photo.jpg" at once may pick the same slug: the loser finds a file already
 * there (links never overwrite) or hits the unique index, removes its own
 * files and tries the next slug.
 */
async function publish(db: Db, dir: string, scratch: string, processed: ProcessedImage, input: UploadInput) {
  const base = slugForFile(input.filename);
  const skip = new Set<string>();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const slug = await freeSlug(db.kysely, base, skip);
    skip.add(slug);
    const variants = processed.variants.map((v) => ({ ...v, file: slug + v.file.slice(SCRATCH_NAME.length) }));
    if (!(await placeFiles(scratch, dir, processed.variants, variants))) continue;
    try {
      return { id: await insertMedia(db.kysely, slug, processed, variants, input), slug };
    } catch (e) {
      await removeFiles(dir, variants);
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error(`no free media slug for "${base}" after ${MAX_ATTEMPTS} attempts`);
}

/** "Harbour at dawn (final).JPG" → harbour-at-dawn-final; short enough to take "-12" and a width. */
function slugForFile(filename: string): string {
  const name = filename.split(/[\\/]/).pop() ?? '';
  return slugify(name.replace(/\.[^.]*$/, ''), 60);
}

/** base, base-2, base-3 … the first not in the media table (nor already tried). */
async function freeSlug(k: Kysely<Database>, base: string, skip: Set<string>): Promise<string> {
  const rows = await k
    .selectFrom('media')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const taken = new Set([...skip, ...rows.map((r) => r.slug)]);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(slug)) return slug;
  }
}

/** Links every file in; false (with its own files removed) when a name is already taken. */
async function placeFiles(scratch: string, dir: string, from: MediaVariant[], to: MediaVariant[]): Promise<boolean> {
  const placed: MediaVariant[] = [];
  try {
    for (const [i, v] of to.entries()) {
      await placeFile(path.join(scratch, from[i].file), path.join(dir, v.file));
      placed.push(v);
    }
    return true;
  } catch (e) {
    await removeFiles(dir, placed);
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * A hard link appears whole or not at all and never replaces an existing file.
 * Some network filesystems have no hard links; there an exclusive copy also
 * refuses to overwrite, and a half-copied file is removed.
 */
async function placeFile(from: string, to: string): Promise<void> {
  try {
    await fs.promises.link(from, to);
  } catch (e) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errorCode(e) ?? '')) throw e;
    try {
      await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    } catch (copyError) {
      if (errorCode(copyError) !== 'EEXIST') await fs.promises.rm(to, { force: true });
      throw copyError;
    }
  }
}

async function insertMedia(k: Kysely<Database>, slug: string, p: ProcessedImage, variants: MediaVariant[], input: UploadInput): Promise<number> {
  const row = await k
    .insertInto('media')
    .values({
      slug, mime: p.mime, width: p.width, height: p.height, bytes: p.bytes,
      alt: input.alt.trim(), caption: (input.caption ?? '').trim(), credit: (input.credit ?? '').trim(),
      variants: JSON.stringify(variants), created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Only plain file names from our own rows are removed; a path in a row would never escape the directory. */
async function removeFiles(dir: string, variants: MediaVariant[]): Promise<void> {
  const names = variants.map((v) => v.file).filter((f) => f && path.basename(f) === f && !f.startsWith('.'));
  await Promise.all(names.map((f) => fs.promises.rm(path.join(dir, f), { force: true })));
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** better-sqlite3 and pg name the same failure differently. */
function isUniqueViolation(e: unknown): boolean {
  const code = errorCode(e);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

interface InUse {
  ids: Set<number>;
  slugs: Set<string>;
}

/**
 * Media in use: article leads, user avatars, the publisher logo (by id) and
 * `::: figure <slug>` lines in any article body, drafts included (by slug).
 * `bodyFilter` narrows which bodies are read; it only has to let through every
 * body that could use the media, as referencedMedia decides exactly.
 */
async function mediaInUse(k: Kysely<Database>, bodyFilter = '%figure%'): Promise<InUse> {
  const [leads, avatars, logo, bodies] = await Promise.all([
    k.selectFrom('articles').select('lead_media_id as id').distinct().where('lead_media_id', 'is not', null).execute(),
    k.selectFrom('users').select('avatar_media_id as id').distinct().where('avatar_media_id', 'is not', null).execute(),
    k.selectFrom('settings').select('value').where('key', '=', 'publisher_logo_media_id').executeTakeFirst(),
    k.selectFrom('article_bodies').select('body_md').where('body_md', 'like', bodyFilter).execute(),
  ]);
  const ids = new Set([...leads, ...avatars].map((r) => Number(r.id)));
  const logoId = parseJson(logo?.value);
  if (typeof logoId === 'number') ids.add(logoId);
  return { ids, slugs: new Set(bodies.flatMap((b) => referencedMedia(b.body_md))) };
}

function parseJson(value: string | undefined): unknown {
  try {
    return value === undefined ? undefined : JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Media nothing uses, oldest first: candidates for tidying the library. */
export async function findUnusedMedia(db: Db): Promise<{ id: number; slug: string; created_at: string }[]> {
  const used = await mediaInUse(db.kysely);
  const rows = await db.kysely.selectFrom('media').select(['id', 'slug', 'created_at']).orderBy('created_at').orderBy('id').execute();
  return rows.filter((m) => !used.ids.has(m.id) && !used.slugs.has(m.slug));
}

/**
 * Deletes media nothing uses. The row goes first (with the check, in one
 * transaction) and the files after: a file left behind is harmless, a row
 * pointing at missing files is a broken picture.
 */
export async function deleteMedia(db: Db, dataDir: string, id: number): Promise<'deleted' | 'in-use' | 'not-found'> {
  const outcome = await db.kysely.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('media').select(['id', 'slug', 'variants']).where('id', '=', id).executeTakeFirst();
    if (!m) return 'not-found' as const;
    const used = await mediaInUse(trx, `%${m.slug}%`);
    if (used.ids.has(m.id) || used.slugs.has(m.slug)) return 'in-use' as const;
    await trx.deleteFrom('media').where('id', '=', id).execute();
    return m;
  });
  if (typeof outcome === 'string') return outcome;
  const variants = parseJson(outcome.variants);
  await removeFiles(mediaDir(dataDir), Array.isArray(variants) ? (variants as MediaVariant[]) : []);
  return 'deleted';
}

/**
 * Saves the library's alt text, caption and credit. Returns false when there is
 * no such media; throws Unprocessable (422) when the alt text is missing or too
 * long — forms can ask altTextProblem() first to show it beside the field.
 * Bodies already rendered keep the old texts until they are next saved.
 */
export async function updateMediaText(db: Db, id: number, values: { alt: string; caption: string; credit: string }): Promise<boolean> {
  const problem = altTextProblem(values.alt);
  if (problem) throw new Unprocessable(problem);
  const result = await db.kysely
    .updateTable('media')
    .set({ alt: values.alt.trim(), caption: values.caption.trim(), credit: values.credit.trim() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
