import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.ts';
import { slugify } from '../lib/slug.ts';
import { writeVariants, type ProcessedImage } from './image-variants.ts';
import { placeFiles, removeFiles } from './media-files.ts';
import { freeSlug, insertMedia, isUniqueViolation } from './media-store.ts';
import { mediaDir } from './serve-media.ts';
import { checkUpload, DEFAULT_UPLOAD_LIMITS, type Refusal, type UploadInput } from './upload-check.ts';

/**
 * An upload to the media library, from checked file to stored variants and a
 * row. The parts: upload-check.ts (is it an image we take), media-files.ts
 * (the files on disk), media-store.ts (the rows). No HTTP here.
 */

export type UploadOutcome = { ok: true; id: number; slug: string } | Refusal;

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
