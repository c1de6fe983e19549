import { type Kysely, sql } from 'kysely';
import type { Database, Media, MediaVariant } from '../db/schema.ts';
import type { Page } from '../lib/pagination.ts';
import { mediaUrl } from './picture.ts';

/**
 * The library as a writer looks for a picture to use: searched by its name and
 * texts, newest first, each with a thumbnail and the texts a figure takes from it.
 */
export interface PickerItem {
  id: number;
  slug: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  thumb: { url: string; width: number; height: number } | null;
}

/** Longer searches are cut here, and to this many words: each word is one more LIKE over four columns. */
export const MAX_SEARCH = 100;
const MAX_WORDS = 6;

const COLUMNS = ['id', 'slug', 'width', 'height', 'alt', 'caption', 'credit', 'variants'] as const;
const SEARCHED = ['slug', 'alt', 'caption', 'credit'] as const;

/** Words to look for: lower-cased, without LIKE's wildcards (a search is for words, not patterns). */
export function searchWords(q: string): string[] {
  return q.slice(0, MAX_SEARCH).toLowerCase().replace(/[%_\\]/g, ' ').split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
}

/** One page of pictures whose name, alt text, caption or credit hold every word; all of them for no words. */
export async function searchLibrary(k: Kysely<Database>, q: string, page: Page): Promise<{ items: PickerItem[]; total: number }> {
  let rows = k.selectFrom('media');
  for (const word of searchWords(q)) {
    // lower() on both sides: PostgreSQL's LIKE minds case, SQLite's does not.
    rows = rows.where((eb) => eb.or(SEARCHED.map((c) => eb(sql<string>`lower(${sql.ref(c)})`, 'like', `%${word}%`))));
  }
  const [found, count] = await Promise.all([
    rows.select([...COLUMNS]).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.size).offset(page.offset).execute(),
    rows.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: found.map(pickerItem), total: Number(count.n) };
}

/** One picture as the picker shows it, or null. */
export async function findPickerItem(k: Kysely<Database>, id: number): Promise<PickerItem | null> {
  const row = await k.selectFrom('media').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return row ? pickerItem(row) : null;
}

function pickerItem(m: Pick<Media, (typeof COLUMNS)[number]>): PickerItem {
  const thumb = thumbnail(m.variants);
  return {
    id: m.id, slug: m.slug, width: m.width, height: m.height, alt: m.alt, caption: m.caption, credit: m.credit,
    thumb: thumb ? { url: mediaUrl(thumb.file), width: thumb.width, height: thumb.height } : null,
  };
}

/** The narrowest stored still, JPEG or PNG when there is one (every browser shows those). */
function thumbnail(json: string): MediaVariant | null {
  let variants: MediaVariant[] = [];
  try {
    const v: unknown = JSON.parse(json);
    if (Array.isArray(v)) variants = v as MediaVariant[];
  } catch {
    return null;
  }
  const stills = variants.filter((v) => v.format !== 'webp');
  const pool = stills.length ? stills : variants;
  return pool.reduce<MediaVariant | null>((min, v) => (!min || v.width < min.width ? v : min), null);
}
