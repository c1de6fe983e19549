import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Article, Database } from '../db/schema.ts';
import { type MediaInfo, toMediaInfo } from '../media/picture.ts';

/** Queries about articles. Plain SQL behind named functions, the same on both databases. */

export interface Byline {
  id: number;
  name: string;
  slug: string;
}

export interface ArticleCard {
  id: number;
  title: string;
  standfirst: string;
  path: string;
  publishedAt: string;
  updatedAt: string;
  section: { slug: string; name: string };
  lead: MediaInfo | null;
  leadAlt: string | null;
  authors: Byline[];
  /** Its visible comments (a count the comments' triggers keep on the article). */
  commentCount?: number;
}

export interface ListFilter {
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  excludeIds?: number[];
}

type Db = Kysely<Database>;

function cardQuery(db: Db) {
  return db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('media as m', 'm.id', 'a.lead_media_id')
    .select([
      'a.id', 'a.title', 'a.standfirst', 'a.path', 'a.published_at', 'a.updated_at', 'a.lead_alt', 'a.comment_count',
      's.slug as section_slug', 's.name as section_name',
      'm.slug as m_slug', 'm.width as m_width', 'm.height as m_height', 'm.alt as m_alt',
      'm.caption as m_caption', 'm.credit as m_credit', 'm.variants as m_variants',
    ])
    .where('a.status', '=', 'published');
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>['execute']>>[number];

/*
 * The article page's queries run on every uncached view, so they are written as
 * SQL text: building them with the query builder cost several times more than
 * running them (see docs/benchmarks.md). The SQL is the same on both engines.
 */
const CARD_SELECT = sql.raw(`a.id, a.title, a.standfirst, a.path, a.published_at, a.updated_at, a.lead_alt, a.comment_count,
  s.slug AS section_slug, s.name AS section_name, m.slug AS m_slug, m.width AS m_width, m.height AS m_height,
  m.alt AS m_alt, m.caption AS m_caption, m.credit AS m_credit, m.variants AS m_variants, a.status
  FROM articles a JOIN sections s ON s.id = a.section_id LEFT JOIN media m ON m.id = a.lead_media_id`);

function filtered<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, f: ListFilter): QB {
  let q = qb;
  if (f.sectionId !== undefined) q = q.where('a.section_id', '=', f.sectionId) as QB;
  if (f.tagId !== undefined) {
    q = q.where('a.id', 'in', (eb: any) =>
      eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', f.tagId),
    ) as QB;
  }
  if (f.authorId !== undefined) {
    q = q.where('a.id', 'in', (eb: any) =>
      eb.selectFrom('article_authors').select('article_id').where('user_id', '=', f.authorId),
    ) as QB;
  }
  if (f.excludeIds?.length) q = q.where('a.id', 'not in', f.excludeIds) as QB;
  return q;
}

async function toCards(db: Db, rows: CardRow[]): Promise<ArticleCard[]> {
  const bylines = await bylinesFor(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    standfirst: r.standfirst,
    path: r.path!,
    publishedAt: r.published_at!,
    updatedAt: r.updated_at,
    section: { slug: r.section_slug, name: r.section_name },
    lead: r.m_slug
      ? toMediaInfo({
          slug: r.m_slug, width: r.m_width!, height: r.m_height!, alt: r.m_alt!,
          caption: r.m_caption!, credit: r.m_credit!, variants: r.m_variants!,
        })
      : null,
    leadAlt: r.lead_alt,
    authors: bylines.get(r.id) ?? [],
    commentCount: Number(r.comment_count ?? 0),
  }));
}

export async function bylinesFor(db: Db, articleIds: number[]): Promise<Map<number, Byline[]>> {
  const out = new Map<number, Byline[]>();
  if (!articleIds.length) return out;
  const { rows } = await sql<{ article_id: number; id: number; name: string; slug: string }>`
    SELECT aa.article_id, u.id, u.name, u.slug FROM article_authors aa JOIN users u ON u.id = aa.user_id
    WHERE aa.article_id IN (${sql.join(articleIds)}) ORDER BY aa.article_id, aa.position`.execute(db);
  for (const r of rows) {
    const list = out.get(r.article_id) ?? [];
    list.push({ id: r.id, name: r.name, slug: r.slug });
    out.set(r.article_id, list);
  }
  return out;
}

/**
 * A tag's or a person's articles, newest first, read off the link table's
 * listing index (migration 007): only the page asked for is read, whatever the
 * size of the archive.
 */
function linkListing(f: ListFilter): RawBuilder<unknown> | null {
  const keys = Object.keys(f).filter((k) => f[k as keyof ListFilter] !== undefined);
  if (keys.length !== 1) return null;
  if (f.tagId !== undefined) return sql`FROM article_tags WHERE tag_id = ${f.tagId} AND published_at IS NOT NULL`;
  if (f.authorId !== undefined) return sql`FROM article_authors WHERE user_id = ${f.authorId} AND published_at IS NOT NULL`;
  return null;
}

/** Newest first. */
export async function listPublished(db: Db, f: ListFilter, limit: number, offset = 0): Promise<ArticleCard[]> {
  const links = linkListing(f);
  if (links) {
    const { rows } = await sql<{ article_id: number }>`SELECT article_id ${links}
      ORDER BY published_at DESC, article_id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return listPublishedByIds(db, rows.map((r) => r.article_id));
  }
  const rows = await filtered(cardQuery(db), f)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return toCards(db, rows);
}

export async function countPublished(db: Db, f: ListFilter): Promise<number> {
  const links = linkListing(f);
  if (links) return Number((await sql<{ n: number | string }>`SELECT count(*) AS n ${links}`.execute(db)).rows[0].n);
  const base = db.selectFrom('articles as a').where('a.status', '=', 'published');
  const row = await filtered(base, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type ArticleRow = Pick<Article,
  'id' | 'section_id' | 'status' | 'title' | 'standfirst' | 'word_count' | 'path' | 'published_at' | 'updated_at'
  | 'seo_title' | 'seo_description' | 'lead_alt' | 'lead_caption' | 'lead_credit'> & {
  section_slug: string;
  section_name: string;
  body_html: string;
  m_slug: string | null;
  m_width: number | null;
  m_height: number | null;
  m_alt: string | null;
  m_caption: string | null;
  m_credit: string | null;
  m_variants: string | null;
};

export async function findByPath(db: Db, path: string): Promise<ArticleRow | undefined> {
  const { rows } = await sql<ArticleRow>`
    SELECT a.id, a.section_id, a.status, a.title, a.standfirst, a.word_count, a.path, a.published_at, a.updated_at,
      a.seo_title, a.seo_description, a.lead_alt, a.lead_caption, a.lead_credit, s.slug AS section_slug, s.name AS section_name, b.body_html,
      m.slug AS m_slug, m.width AS m_width, m.height AS m_height, m.alt AS m_alt,
      m.caption AS m_caption, m.credit AS m_credit, m.variants AS m_variants
    FROM articles a JOIN sections s ON s.id = a.section_id JOIN article_bodies b ON b.article_id = a.id
    LEFT JOIN media m ON m.id = a.lead_media_id
    WHERE a.path = ${path}`.execute(db);
  return rows[0];
}

/** The lead image that findByPath read along with the article. */
export function leadOf(a: { m_slug: string | null; m_width: number | null; m_height: number | null; m_alt: string | null; m_caption: string | null; m_credit: string | null; m_variants: string | null }): MediaInfo | null {
  if (!a.m_slug) return null;
  return toMediaInfo({ slug: a.m_slug, width: a.m_width!, height: a.m_height!, alt: a.m_alt!, caption: a.m_caption!, credit: a.m_credit!, variants: a.m_variants! });
}

/** How a retired address is kept in the redirects table: hashed, so the table never spells it. */
export function retiredPathKey(path: string): string {
  return `#sha256:${createHash('sha256').update(path).digest('hex')}`;
}

export async function findRedirect(db: Db, fromPath: string) {
  return db
    .selectFrom('redirects as r')
    .leftJoin('articles as a', 'a.id', 'r.article_id')
    .where('r.from_path', 'in', [fromPath, retiredPathKey(fromPath)])
    .select(['r.to_path', 'r.gone', 'a.path as article_path', 'a.status as article_status'])
    .executeTakeFirst();
}

export async function mediaById(db: Db, id: number): Promise<MediaInfo | null> {
  const m = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  return m ? toMediaInfo(m) : null;
}

export async function mediaBySlugs(db: Db, slugs: string[]): Promise<Map<string, MediaInfo>> {
  const out = new Map<string, MediaInfo>();
  if (!slugs.length) return out;
  const rows = await db.selectFrom('media').selectAll().where('slug', 'in', slugs).execute();
  for (const m of rows) out.set(m.slug, toMediaInfo(m));
  return out;
}

export async function tagsOf(db: Db, articleId: number) {
  const { rows } = await sql<{ id: number; slug: string; name: string }>`
    SELECT t.id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
    WHERE at.article_id = ${articleId} ORDER BY t.name`.execute(db);
  return rows;
}

/** The published articles just before (older) and after (newer) this one, in one query. */
export async function neighbours(db: Db, a: { id: number; published_at: string }) {
  const rows = await sql<{ dir: 'prev' | 'next'; id: number; title: string; path: string }>`
    SELECT * FROM (SELECT 'prev' AS dir, id, title, path FROM articles
      WHERE status = 'published' AND (published_at, id) < (${a.published_at}, ${a.id})
      ORDER BY published_at DESC, id DESC LIMIT 1) AS older
    UNION ALL
    SELECT * FROM (SELECT 'next' AS dir, id, title, path FROM articles
      WHERE status = 'published' AND (published_at, id) > (${a.published_at}, ${a.id})
      ORDER BY published_at ASC, id ASC LIMIT 1) AS newer`.execute(db);
  const pick = (dir: string) => rows.rows.find((r) => r.dir === dir) ?? null;
  return { prev: pick('prev'), next: pick('next') };
}

/**
 * Related reading: among the latest published articles carrying each of this one's tags,
 * those sharing the most tags come first (same section breaks ties, then the
 * newest); then the newest of the same section, then the newest of all.
 * Candidates are read straight off the tag index, a few dozen per tag, so the
 * cost stays flat however large the archive grows.
 */
const CANDIDATES_PER_TAG = 30;

export async function related(db: Db, a: { id: number; section_id: number }, tagIds: number[], limit: number) {
  const picked: number[] = [];
  if (tagIds.length) {
    const perTag = tagIds.slice(0, 8).map(
      (tagId, i) => sql`SELECT * FROM (SELECT article_id FROM article_tags
        WHERE tag_id = ${tagId} AND published_at IS NOT NULL AND article_id != ${a.id}
        ORDER BY published_at DESC, article_id DESC LIMIT ${sql.raw(String(CANDIDATES_PER_TAG))}) AS t${sql.raw(String(i))}`,
    );
    // CROSS JOIN keeps SQLite reading the few candidates first and looking each
    // article up by id (it may otherwise walk every published article).
    const rows = await sql<{ id: number; section_id: number; published_at: string; shared: number }>`
      SELECT a.id, a.section_id, a.published_at, count(*) AS shared
      FROM (${sql.join(perTag, sql` UNION ALL `)}) AS c
      CROSS JOIN articles a
      WHERE a.id = c.article_id AND a.status = 'published'
      GROUP BY a.id, a.section_id, a.published_at`.execute(db);
    const score = (c: { shared: number; section_id: number }) => Number(c.shared) * 2 + (c.section_id === a.section_id ? 1 : 0);
    const ranked = rows.rows.sort((x, y) => score(y) - score(x) || (y.published_at < x.published_at ? -1 : 1));
    picked.push(...ranked.slice(0, limit).map((c) => c.id));
  }
  for (const sectionId of [a.section_id, undefined]) {
    if (picked.length >= limit) break;
    const more = await listIds(db, { sectionId, excludeIds: [a.id, ...picked] }, limit - picked.length);
    picked.push(...more);
  }
  return listPublishedByIds(db, picked);
}

async function listIds(db: Db, f: ListFilter, limit: number): Promise<number[]> {
  const rows = await filtered(db.selectFrom('articles as a').where('a.status', '=', 'published'), f)
    .select('a.id')
    .orderBy('a.published_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r: { id: number }) => r.id);
}

/** Cards for these ids, in the order given. */
export async function listPublishedByIds(db: Db, ids: number[]): Promise<ArticleCard[]> {
  if (!ids.length) return [];
  // Looked up by primary key; the status is checked here so the planner is never
  // tempted to walk the status index instead.
  const { rows } = await sql<CardRow & { status: string }>`SELECT ${CARD_SELECT} WHERE a.id IN (${sql.join(ids)})`.execute(db);
  const cards = await toCards(db, rows.filter((r) => r.status === 'published'));
  const byId = new Map(cards.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)).filter((c): c is ArticleCard => c !== undefined);
}

/**
 * The changes published after an article's publication (its revisions after the
 * first), newest first: for the notes above it and its "Updated" time.
 */
export async function laterRevisions(db: Db, articleId: number) {
  const { rows } = await sql<{ kind: 'update' | 'correction' | 'redaction'; note: string; created_at: string }>`
    SELECT kind, note, created_at FROM article_revisions WHERE article_id = ${articleId} AND number > 1
    ORDER BY number DESC`.execute(db);
  return rows;
}

/** The rendered bodies of these articles (sanitised when they were saved, redactions applied), by id. */
export async function bodiesOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('article_bodies').select(['article_id', 'body_html']).where('article_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.article_id, r.body_html]));
}

/** Every section and the tags in use, each with the last change to one of its published articles: for the sitemap. */
export async function listingsLastChanged(db: Db): Promise<{ sections: { slug: string; lastmod: string | null }[]; tags: { slug: string; lastmod: string }[] }> {
  const [sections, tags] = await Promise.all([
    sql<{ slug: string; lastmod: string | null }>`SELECT s.slug, max(a.updated_at) AS lastmod FROM sections s
      LEFT JOIN articles a ON a.section_id = s.id AND a.status = 'published'
      GROUP BY s.slug, s.position, s.name ORDER BY s.position, s.name`.execute(db),
    // A link carries the publication time only while its article is published (migration 007).
    sql<{ slug: string; lastmod: string }>`SELECT t.slug, max(a.updated_at) AS lastmod FROM tags t JOIN article_tags at ON at.tag_id = t.id
      JOIN articles a ON a.id = at.article_id WHERE at.published_at IS NOT NULL GROUP BY t.slug ORDER BY t.slug`.execute(db),
  ]);
  return { sections: sections.rows, tags: tags.rows };
}
