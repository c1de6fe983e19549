import type { Kysely } from 'kysely';
import { referencedMedia } from '../articles/markdown.ts';
import type { Db } from '../db/connection.ts';
import type { Database, MediaVariant } from '../db/schema.ts';
import type { ProcessedImage } from './image-variants.ts';
import { errorCode, variantFiles } from './media-files.ts';
import type { MediaStore } from './store.ts';
import { altTextProblem, type UploadInput } from './upload-check.ts';

/** The media library's rows: free slugs, new rows, what is in use, deleting, editing texts. */

/** base, base-2, base-3 … the first not in the media table, not claimed by an upload in progress, nor already tried. */
export async function freeSlug(k: Kysely<Database>, base: string, skip: Set<string>): Promise<string> {
  const [rows, claims] = await Promise.all([
    k.selectFrom('media').select('slug').where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])).execute(),
    k.selectFrom('media_claims').select('slug').where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)])).execute(),
  ]);
  const taken = new Set([...skip, ...rows.map((r) => r.slug), ...claims.map((r) => r.slug)]);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(slug)) return slug;
  }
}

/**
 * Claims a slug for one upload, across every app server: false when another
 * upload holds it or a picture already has it. The claim is taken before the
 * check for a row, and a row is added only under a claim, so a picture
 * finished a moment ago is always seen.
 */
export async function claimSlug(k: Kysely<Database>, slug: string): Promise<boolean> {
  try {
    await k.insertInto('media_claims').values({ slug, claimed_at: new Date().toISOString() }).execute();
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
  if (await k.selectFrom('media').select('id').where('slug', '=', slug).executeTakeFirst()) {
    await releaseSlug(k, slug);
    return false;
  }
  return true;
}

export async function releaseSlug(k: Kysely<Database>, slug: string): Promise<void> {
  await k.deleteFrom('media_claims').where('slug', '=', slug).execute();
}

/** Claims left by a server that died mid-upload; no upload takes an hour. */
export async function sweepStaleClaims(k: Kysely<Database>, now = Date.now()): Promise<number> {
  const r = await k.deleteFrom('media_claims').where('claimed_at', '<', new Date(now - 3600_000).toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertMedia(k: Kysely<Database>, slug: string, p: ProcessedImage, variants: MediaVariant[], input: UploadInput): Promise<number> {
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

/** better-sqlite3 and pg name the same failure differently. */
export function isUniqueViolation(e: unknown): boolean {
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
  const [leads, avatars, logo, bodies, sections, pages] = await Promise.all([
    k.selectFrom('articles').select('lead_media_id as id').distinct().where('lead_media_id', 'is not', null).execute(),
    k.selectFrom('users').select('avatar_media_id as id').distinct().where('avatar_media_id', 'is not', null).execute(),
    k.selectFrom('settings').select('value').where('key', '=', 'publisher_logo_media_id').executeTakeFirst(),
    k.selectFrom('article_bodies').select('body_md').where('body_md', 'like', bodyFilter).execute(),
    k.selectFrom('sections').select('image_media_id as id').where('image_media_id', 'is not', null).execute(),
    k.selectFrom('pages').select('body_md').where('body_md', 'like', bodyFilter).execute(),
  ]);
  const ids = new Set([...leads, ...avatars, ...sections].map((r) => Number(r.id)));
  const logoId = parseJson(logo?.value);
  if (typeof logoId === 'number') ids.add(logoId);
  return { ids, slugs: new Set([...bodies, ...pages].flatMap((b) => referencedMedia(b.body_md))) };
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
export async function deleteMedia(db: Db, store: MediaStore, id: number): Promise<'deleted' | 'in-use' | 'not-found'> {
  const outcome = await db.kysely.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('media').select(['id', 'slug', 'variants']).where('id', '=', id).executeTakeFirst();
    if (!m) return 'not-found' as const;
    const used = await mediaInUse(trx, `%${m.slug}%`);
    if (used.ids.has(m.id) || used.slugs.has(m.slug)) return 'in-use' as const;
    await trx.deleteFrom('media').where('id', '=', id).execute();
    return m;
  });
  if (typeof outcome === 'string') return outcome;
  await store.remove(variantFiles(outcome.variants));
  return 'deleted';
}

/**
 * Saves the library's alt text, caption and credit: 'saved', 'not-found', or the
 * problem with the alt text (missing or too long) in words for the form.
 * Bodies already rendered keep the old texts until they are rendered again.
 */
export async function updateMediaText(db: Db, id: number, values: { alt: string; caption: string; credit: string }): Promise<'saved' | 'not-found' | { problem: string }> {
  const problem = altTextProblem(values.alt);
  if (problem) return { problem };
  const result = await db.kysely
    .updateTable('media')
    .set({ alt: values.alt.trim(), caption: values.caption.trim(), credit: values.credit.trim() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0 ? 'saved' : 'not-found';
}
