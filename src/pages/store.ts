import type { Kysely, Selectable } from 'kysely';
import type { Database, PageRevisionsTable, PagesTable } from '../db/schema.ts';

/** The queries of static pages and their revisions: the same SQL on SQLite and PostgreSQL. */

type K = Kysely<Database>;
export type PageRow = Selectable<PagesTable>;
export type PageRevisionKind = PageRevisionsTable['kind'];

/** A page lives at the top of the site: /about. */
export const pagePath = (slug: string) => `/${slug}`;

export async function findPageBySlug(db: K, slug: string): Promise<PageRow | undefined> {
  return db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findPage(db: K, id: number): Promise<PageRow | undefined> {
  return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function slugTaken(db: K, slug: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('pages').select('id').where('slug', '=', slug);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return Boolean(await q.executeTakeFirst());
}

/** Every page for the newsroom's list, the most recently changed first. */
export async function listPages(db: K) {
  return db
    .selectFrom('pages')
    .select(['id', 'slug', 'title', 'status', 'updated_at', 'published_at'])
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The published pages, by title: for the sitemap and the menu's suggestions. */
export async function publishedPages(db: K): Promise<{ id: number; slug: string; title: string; updated_at: string }[]> {
  return db
    .selectFrom('pages')
    .select(['id', 'slug', 'title', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('title')
    .execute();
}

/** Every revision of a page, oldest first, with the editor's name when their account still exists. */
export async function pageRevisions(db: K, pageId: number) {
  return db
    .selectFrom('page_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.editor_id')
    .select(['r.number', 'r.kind', 'r.note', 'r.created_at', 'r.title', 'r.standfirst', 'r.body_md', 'u.name as editor'])
    .where('r.page_id', '=', pageId)
    .orderBy('r.number', 'asc')
    .execute();
}

/** The notes readers see on the page: corrections, and updates that carry a note, newest first. */
export async function pageNotes(db: K, pageId: number) {
  return db
    .selectFrom('page_revisions')
    .select(['kind', 'note', 'created_at'])
    .where('page_id', '=', pageId)
    .where((eb) => eb.or([eb('kind', '=', 'correction'), eb.and([eb('kind', '=', 'update'), eb('note', '!=', '')])]))
    .orderBy('number', 'desc')
    .execute();
}

/** When the page last changed in public: its newest revision. */
export async function lastRevisionAt(db: K, pageId: number): Promise<string | null> {
  const r = await db.selectFrom('page_revisions').select('created_at').where('page_id', '=', pageId).orderBy('number', 'desc').executeTakeFirst();
  return r?.created_at ?? null;
}

export interface RevisionValues {
  title: string;
  standfirst: string;
  bodyMd: string;
  kind: 'update' | 'correction';
  note: string;
  editorId: number | null;
}

/**
 * Appends a revision for a published page's text. The first is the
 * publication itself; a save that changed nothing and says nothing adds none.
 */
export async function recordPageRevision(trx: K, pageId: number, r: RevisionValues, now: string): Promise<boolean> {
  const last = await trx
    .selectFrom('page_revisions')
    .select(['number', 'title', 'standfirst', 'body_md'])
    .where('page_id', '=', pageId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  const unchanged = last && last.title === r.title && last.standfirst === r.standfirst && last.body_md === r.bodyMd;
  if (unchanged && !r.note) return false;
  await trx
    .insertInto('page_revisions')
    .values({
      page_id: pageId,
      number: (last?.number ?? 0) + 1,
      kind: last ? r.kind : 'published',
      note: last ? r.note : '',
      editor_id: r.editorId,
      title: r.title,
      standfirst: r.standfirst,
      body_md: r.bodyMd,
      created_at: now,
    })
    .execute();
  return true;
}
