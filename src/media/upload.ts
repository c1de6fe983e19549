import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.ts';
import { slugify } from '../lib/slug.ts';
import { writeVariants, type ProcessedImage } from './image-variants.ts';
import { LocalStore } from './local-store.ts';
import { putVariants } from './media-files.ts';
import { claimSlug, freeSlug, insertMedia, isUniqueViolation, releaseSlug } from './media-store.ts';
import type { MediaStore } from './store.ts';
import { checkUpload, DEFAULT_UPLOAD_LIMITS, type Refusal, type UploadInput } from './upload-check.ts';

/**
 * An upload to the media library, from checked file to stored variants and a
 * row. The parts: upload-check.ts (is it an image we take), media-files.ts
 * (scratch and putting files in), media-store.ts (the rows), the store (where
 * the files live). No HTTP here. The one way to add a picture: the newsroom,
 * the picker and the WordPress importer all call storeUpload.
 */

export type UploadOutcome = { ok: true; id: number; slug: string } | Refusal;

/**
 * Validates, then writes variants into a scratch directory on this machine,
 * puts them into the store and only then adds the row, so a reader never meets
 * a row without its files. Anything that fails is removed again; a refused
 * upload touches neither store nor database. Failures that are not the file's
 * fault (disk full, storage or database down) are thrown for the caller.
 *
 * `store` is the server's current store (`services.media.current()`); a data
 * directory is still taken, meaning the local store in it.
 */
export async function storeUpload(db: Db, store: MediaStore | string, input: UploadInput, limits = DEFAULT_UPLOAD_LIMITS): Promise<UploadOutcome> {
  const into = typeof store === 'string' ? new LocalStore(store) : store;
  const refused = await checkUpload(input, limits);
  if (refused) return refused;
  await fs.promises.mkdir(into.scratchRoot, { recursive: true });
  // The dot keeps it out of every listing and of serve-media's file-name pattern.
  const scratch = await fs.promises.mkdtemp(path.join(into.scratchRoot, '.incoming-'));
  try {
    const processed = await writeVariants(input.bytes, scratch, SCRATCH_NAME);
    return { ok: true, ...(await publish(db, into, scratch, processed, input)) };
  } finally {
    await fs.promises.rm(scratch, { recursive: true, force: true });
  }
}

/** writeVariants names files `<name>-<width>.<ext>`; this name is swapped for the slug when they move in. */
const SCRATCH_NAME = 'upload';
const MAX_ATTEMPTS = 5;

/**
 * Puts the variants in under a free slug and adds the row. The slug is claimed
 * in the database first: object storage overwrites without asking, so two
 * uploads of "photo.jpg" at once must not both write photo-960.jpg. The loser
 * of a claim tries the next slug, and so does an upload that finds a file of
 * that name already there.
 */
async function publish(db: Db, store: MediaStore, scratch: string, processed: ProcessedImage, input: UploadInput) {
  const base = slugForFile(input.filename);
  const skip = new Set<string>();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const slug = await freeSlug(db.kysely, base, skip);
    skip.add(slug);
    if (!(await claimSlug(db.kysely, slug))) continue;
    try {
      const variants = processed.variants.map((v) => ({ ...v, file: slug + v.file.slice(SCRATCH_NAME.length) }));
      // A file nobody's row names (left by a crash, or by a deletion) may have been served once: never write over it.
      if ((await Promise.all(variants.map((v) => store.stat(v.file)))).some(Boolean)) continue;
      await putVariants(store, scratch, processed.variants, variants);
      try {
        return { id: await insertMedia(db.kysely, slug, processed, variants, input), slug };
      } catch (e) {
        await store.remove(variants.map((v) => v.file));
        if (!isUniqueViolation(e)) throw e;
      }
    } finally {
      await releaseSlug(db.kysely, slug);
    }
  }
  throw new Error(`no free media slug for "${base}" after ${MAX_ATTEMPTS} attempts`);
}

/** "Harbour at dawn (final).JPG" → harbour-at-dawn-final; short enough to take "-12" and a width. */
function slugForFile(filename: string): string {
  const name = filename.split(/[\\/]/).pop() ?? '';
  return slugify(name.replace(/\.[^.]*$/, ''), 60);
}
