import type { Kysely } from 'kysely';
import type { ArticleStatus, Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface AdminArticleRow {
  id: number;
  title: string;
  status: ArticleStatus;
  path: string | null;
  updated_at: string;
  published_at: string | null;
  section_name: string;
}

/** Articles for the newsroom's lists, any status, optionally only one person's. */
export async function listForAdmin(
  db: Db,
  f: {
    status?: ArticleStatus;
    q?: string;
    sectionId?: number;
    authorId?: number;
    /** Only this person's own pieces, and what is already public (published or withdrawn). */
    ownOrPublicFor?: number;
    limit: number;
  },
): Promise<AdminArticleRow[]> {
  let q = db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.id', 'a.title', 'a.status', 'a.path', 'a.updated_at', 'a.published_at', 's.name as section_name']);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.sectionId) q = q.where('a.section_id', '=', f.sectionId);
  if (f.q) q = q.where('a.title', 'like', `%${f.q.replace(/[%_\\]/g, '')}%`);
  if (f.authorId) {
    const authorId = f.authorId;
    q = q.where((eb) =>
      eb.or([
        eb('a.created_by', '=', authorId),
        eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('user_id', '=', authorId)),
      ]),
    );
  }
  if (f.ownOrPublicFor) {
    const me = f.ownOrPublicFor;
    q = q.where((eb) =>
      eb.or([
        eb('a.status', 'in', ['published', 'unpublished']),
        eb('a.created_by', '=', me),
        eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('user_id', '=', me)),
      ]),
    );
  }
  return q.orderBy('a.updated_at', 'desc').limit(f.limit).execute();
}

export async function articleForEditing(db: Db, id: number) {
  const article = await db
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .selectAll('a')
    .select('b.body_md')
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!article) return null;
  const [authors, tags] = await Promise.all([
    db.selectFrom('article_authors').select('user_id').where('article_id', '=', id).orderBy('position').execute(),
    db.selectFrom('article_tags as at').innerJoin('tags as t', 't.id', 'at.tag_id').select('t.name').where('at.article_id', '=', id).execute(),
  ]);
  return { ...article, authorIds: authors.map((a) => a.user_id), tags: tags.map((t) => t.name) };
}

/** `keep`: the article's byline, whose people stay choosable even while suspended (nobody new may add them). */
export async function editorChoices(db: Db, keep: number[] = []) {
  const [sections, staff, media] = await Promise.all([
    db.selectFrom('sections').select(['id', 'name']).orderBy('position').execute(),
    db.selectFrom('users').select(['id', 'name']).where('role', 'in', ['owner', 'editor', 'author', 'contributor'])
      .where((eb) => (keep.length ? eb.or([eb('suspended_at', 'is', null), eb('id', 'in', keep)]) : eb('suspended_at', 'is', null)))
      .orderBy('name').execute(),
    db.selectFrom('media').select(['id', 'slug', 'alt']).orderBy('created_at', 'desc').limit(500).execute(),
  ]);
  return { sections, staff, media };
}
