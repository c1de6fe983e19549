import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { mediaBySlugs } from '../articles/store.ts';
import type { MediaInfo } from '../media/picture.ts';

type Db = Kysely<Database>;

export async function listSections(db: Db) {
  return db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
}

export async function findSection(db: Db, slug: string) {
  return db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findTag(db: Db, slug: string) {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** A person with a byline: staff who have written at least one published article. */
export async function findAuthor(db: Db, slug: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('media as m', 'm.id', 'u.avatar_media_id')
    .where('u.slug', '=', slug)
    .where('u.role', '!=', 'reader')
    .select(['u.id', 'u.name', 'u.slug', 'u.bio', 'u.links', 'm.slug as avatar_slug'])
    .executeTakeFirst();
}

/** Tags in use on published articles, most used first. */
export async function popularTags(db: Db, limit: number) {
  return db
    .selectFrom('tags as t')
    .innerJoin('article_tags as at', 'at.tag_id', 't.id')
    // A link carries the publication time only while its article is published.
    .where('at.published_at', 'is not', null)
    .groupBy(['t.id', 't.slug', 't.name'])
    .select(['t.slug', 't.name', (eb) => eb.fn.countAll<number>().as('n')])
    .orderBy('n', 'desc')
    .orderBy('t.name')
    .limit(limit)
    .execute();
}

export async function allPublishedForSitemap(db: Db, limit: number) {
  return db
    .selectFrom('articles')
    .where('status', '=', 'published')
    .select(['path', 'updated_at', 'published_at', 'title'])
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

/** A library picture by its id, ready for a <picture> (a section's picture). */
export async function mediaByIdOf(db: Db, id: number): Promise<MediaInfo | undefined> {
  const row = await db.selectFrom('media').select('slug').where('id', '=', id).executeTakeFirst();
  return row ? (await mediaBySlugs(db, [row.slug])).get(row.slug) : undefined;
}
