import type { Kysely } from 'kysely';
import { referencedMedia } from '../articles/markdown.ts';
import type { Db } from '../db/connection.ts';
import type { ArticleStatus, Database, Media, MediaVariant } from '../db/schema.ts';
import type { Page } from '../lib/pagination.ts';
import { findUnusedMedia } from './media-store.ts';

/** Queries for the media library's pages. Writes live in upload.ts. */

export interface LibraryItem {
  id: number;
  slug: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  /** The smallest stored still, for a thumbnail. */
  thumb: MediaVariant | null;
  created_at: string;
}

const LIST_COLUMNS = ['id', 'slug', 'width', 'height', 'alt', 'caption', 'credit', 'variants', 'created_at'] as const;

/** One page of the library, newest first; with onlyUnused, only media nothing uses (as deleteMedia decides). */
export async function listLibrary(db: Db, page: Page, onlyUnused: boolean): Promise<{ items: LibraryItem[]; total: number }> {
  const k = db.kysely;
  const newestFirst = k.selectFrom('media').select([...LIST_COLUMNS]).orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (onlyUnused) {
    // Ids of one page only go into the query, however many unused media there are.
    const unused = (await findUnusedMedia(db)).reverse();
    const ids = unused.slice(page.offset, page.offset + page.size).map((m) => m.id);
    const rows = ids.length ? await newestFirst.where('id', 'in', ids).execute() : [];
    return { items: rows.map(toItem), total: unused.length };
  }
  const [rows, count] = await Promise.all([
    newestFirst.limit(page.size).offset(page.offset).execute(),
    k.selectFrom('media').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toItem), total: Number(count.n) };
}

function toItem(m: Pick<Media, (typeof LIST_COLUMNS)[number]>): LibraryItem {
  const { variants, ...rest } = m;
  return { ...rest, thumb: smallestStill(parseVariants(variants)) };
}

function parseVariants(json: string): MediaVariant[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as MediaVariant[]) : [];
  } catch {
    return [];
  }
}

/** The narrowest variant, preferring the JPEG/PNG fallback (every browser shows it). */
function smallestStill(variants: MediaVariant[]): MediaVariant | null {
  const pool = variants.some((v) => v.format !== 'webp') ? variants.filter((v) => v.format !== 'webp') : variants;
  return pool.reduce<MediaVariant | null>((min, v) => (!min || v.width < min.width ? v : min), null);
}

export async function mediaById(k: Kysely<Database>, id: number): Promise<Media | undefined> {
  return k.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UsingArticle {
  id: number;
  title: string;
  status: ArticleStatus;
  path: string | null;
  asLead: boolean;
  inFigure: boolean;
}

export interface MediaUsage {
  articles: UsingArticle[];
  /** Names of people whose portrait it is. */
  avatarOf: string[];
  publisherLogo: boolean;
  /** Sections whose picture it is, and static pages that show it, by name. */
  elsewhere: string[];
}

/** Everything that uses one image, by the same rules as deleteMedia (drafts included). */
export async function mediaUsage(k: Kysely<Database>, m: { id: number; slug: string }): Promise<MediaUsage> {
  const columns = ['a.id', 'a.title', 'a.status', 'a.path'] as const;
  const [leads, bodies, avatars, logo, sections, pages] = await Promise.all([
    k.selectFrom('articles as a').select([...columns]).where('a.lead_media_id', '=', m.id).execute(),
    k.selectFrom('article_bodies as b').innerJoin('articles as a', 'a.id', 'b.article_id')
      .select([...columns, 'b.body_md']).where('b.body_md', 'like', `%${m.slug}%`).execute(),
    k.selectFrom('users').select('name').where('avatar_media_id', '=', m.id).orderBy('name').execute(),
    k.selectFrom('settings').select('value').where('key', '=', 'publisher_logo_media_id').executeTakeFirst(),
    k.selectFrom('sections').select('name').where('image_media_id', '=', m.id).orderBy('name').execute(),
    k.selectFrom('pages').select(['title', 'body_md']).where('body_md', 'like', `%${m.slug}%`).orderBy('title').execute(),
  ]);
  const byId = new Map<number, UsingArticle>();
  for (const a of leads) byId.set(a.id, { ...a, asLead: true, inFigure: false });
  for (const { body_md, ...a } of bodies) {
    if (!referencedMedia(body_md).includes(m.slug)) continue;
    byId.set(a.id, { ...a, asLead: byId.get(a.id)?.asLead ?? false, inFigure: true });
  }
  return {
    articles: [...byId.values()].sort((x, y) => x.title.localeCompare(y.title)),
    avatarOf: avatars.map((u) => u.name),
    publisherLogo: jsonNumber(logo?.value) === m.id,
    elsewhere: [
      ...sections.map((x) => `the ${x.name} section’s picture`),
      ...pages.filter((p) => referencedMedia(p.body_md).includes(m.slug)).map((p) => `the page “${p.title}”`),
    ],
  };
}

/** Settings values are JSON; the logo is used when it holds this id as a number (as upload.ts reads it). */
function jsonNumber(value: string | undefined): number | null {
  try {
    const v: unknown = value === undefined ? null : JSON.parse(value);
    return typeof v === 'number' ? v : null;
  } catch {
    return null;
  }
}

export function isUsed(u: MediaUsage): boolean {
  return u.articles.length > 0 || u.avatarOf.length > 0 || u.publisherLogo || u.elsewhere.length > 0;
}
