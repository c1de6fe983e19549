import type { Kysely, Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { ArticleStatus, Database } from '../db/schema.ts';
import { slugify } from '../lib/slug.ts';
import { nowIso } from '../lib/time.ts';
import { referencedMedia, renderBody } from './markdown.ts';
import { mediaBySlugs } from './store.ts';

export interface ArticleInput {
  title: string;
  slug?: string;
  standfirst: string;
  sectionId: number;
  authorIds: number[];
  tags: string[];
  bodyMd: string;
  leadMediaId?: number | null;
  leadAlt?: string | null;
  leadCaption?: string | null;
  leadCredit?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  commentsEnabled?: boolean;
  status: ArticleStatus;
  publishedAt?: string | null;
  createdBy?: number | null;
  reviewNote?: string | null;
  /** For a change to a published article: how readers should see it, and the public note. */
  revision?: { kind: 'update' | 'correction'; note: string; editorId: number | null };
}

/** The public address of a published article: its first publication month and its slug. */
export function articlePath(publishedAt: string, slug: string): string {
  return `/${publishedAt.slice(0, 4)}/${publishedAt.slice(5, 7)}/${slug}`;
}

/** Writes to articles: keeps the rendered body, the path and the redirects in step. */
export class ArticleService {
  private readonly db: Db;
  private readonly changes: ChangeBus;

  constructor(
    db: Db,
    changes: ChangeBus,
  ) {
    this.db = db;
    this.changes = changes;
  }

  async create(input: ArticleInput): Promise<number> {
    const id = await this.db.kysely.transaction().execute((trx) => this.write(trx, null, input));
    if (input.status === 'published') await this.changes.contentChanged();
    return id;
  }

  async update(id: number, input: ArticleInput): Promise<void> {
    const before = await this.db.kysely.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirst();
    await this.db.kysely.transaction().execute((trx) => this.write(trx, id, input));
    if (input.status === 'published' || before?.status === 'published') await this.changes.contentChanged();
  }

  /**
   * Publish every scheduled article whose time has come. The conditional update
   * is the claim: with several app servers, each article is published by exactly one.
   */
  async publishDue(now = nowIso()): Promise<number[]> {
    const due = await this.db.kysely.selectFrom('articles').select('id').where('status', '=', 'scheduled').where('published_at', '<=', now).execute();
    const published: number[] = [];
    for (const { id } of due) {
      const r = await this.db.kysely
        .updateTable('articles')
        .set({ status: 'published', updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) {
        published.push(id);
        await this.recordScheduledPublication(id, now);
      }
    }
    if (published.length) await this.changes.contentChanged();
    return published;
  }

  private async recordScheduledPublication(id: number, now: string): Promise<void> {
    const a = await this.db.kysely
      .selectFrom('articles as a')
      .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
      .select(['a.title', 'a.standfirst', 'b.body_md', 'a.created_by'])
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    await this.db.kysely.transaction().execute((trx) =>
      recordRevision(trx, id, { title: a.title, standfirst: a.standfirst, bodyMd: a.body_md, createdBy: a.created_by }, now),
    );
  }

  /** A slug typed by a person must be free; one made from the headline gets -2, -3… */
  private async slugFor(trx: Transaction<Database>, input: ArticleInput, id: number | null): Promise<string> {
    const taken = async (slug: string) => {
      let q = trx.selectFrom('articles').select('id').where('slug', '=', slug);
      if (id !== null) q = q.where('id', '!=', id);
      return Boolean(await q.executeTakeFirst());
    };
    const asked = input.slug?.trim();
    if (asked) {
      if (await taken(asked)) throw new SlugTaken(asked);
      return asked;
    }
    const base = slugify(input.title);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await taken(slug))) return slug;
    }
  }

  private async write(trx: Transaction<Database>, id: number | null, input: ArticleInput): Promise<number> {
    const now = nowIso();
    const slug = await this.slugFor(trx, input, id);
    const rendered = renderBody(input.bodyMd, await mediaBySlugs(trx, referencedMedia(input.bodyMd)));
    const existing = id === null
      ? undefined
      : await trx.selectFrom('articles').select(['path', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const publishedAt = publicationTime(input, existing, now);
    // Once an article has had an address it keeps its month; a new slug moves it within that month.
    const addressed = input.status === 'published' || input.status === 'scheduled' || Boolean(existing?.path);
    const path = publishedAt && addressed ? articlePath(existing?.path ? existing.published_at ?? publishedAt : publishedAt, slug) : null;
    const values = {
      slug,
      section_id: input.sectionId,
      status: input.status,
      title: input.title,
      standfirst: input.standfirst,
      word_count: rendered.wordCount,
      lead_media_id: input.leadMediaId ?? null,
      lead_alt: input.leadAlt ?? null,
      lead_caption: input.leadCaption ?? null,
      lead_credit: input.leadCredit ?? null,
      seo_title: input.seoTitle ?? null,
      seo_description: input.seoDescription ?? null,
      comments_enabled: input.commentsEnabled === false ? 0 : 1,
      path,
      published_at: publishedAt,
      review_note: input.reviewNote ?? null,
      updated_at: now,
    };
    let articleId: number;
    if (id === null) {
      const row = await trx
        .insertInto('articles')
        .values({ ...values, created_by: input.createdBy ?? null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      articleId = row.id;
    } else {
      await trx.updateTable('articles').set(values).where('id', '=', id).execute();
      articleId = id;
      if (existing?.path && path && existing.path !== path) await addRedirect(trx, existing.path, articleId, now);
    }
    const body = { body_md: input.bodyMd, body_html: rendered.html, body_text: rendered.text };
    await trx
      .insertInto('article_bodies')
      .values({ article_id: articleId, ...body })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(body))
      .execute();
    await setAuthors(trx, articleId, input.authorIds);
    await setTags(trx, articleId, input.tags);
    if (input.status === 'published') await recordRevision(trx, articleId, input, now);
    return articleId;
  }
}

/**
 * A published article keeps its first publication time; a scheduled one takes
 * the time asked for; publishing now stamps now.
 */
function publicationTime(input: ArticleInput, existing: { published_at: string | null; path: string | null } | undefined, now: string): string | null {
  if (input.status === 'scheduled') return input.publishedAt ?? null;
  if (input.status === 'published') return existing?.path && existing.published_at && existing.published_at <= now ? existing.published_at : (input.publishedAt && input.publishedAt <= now ? input.publishedAt : now);
  return existing?.published_at ?? input.publishedAt ?? null;
}

export class SlugTaken extends Error {
  readonly slug: string;

  constructor(slug: string) {
    super(`The slug "${slug}" is already used by another article.`);
    this.slug = slug;
  }
}

/**
 * Every save of a published article becomes a revision that stays: the first
 * is the publication itself, later ones are updates or corrections.
 */
async function recordRevision(
  trx: Transaction<Database>,
  articleId: number,
  input: Pick<ArticleInput, 'title' | 'standfirst' | 'bodyMd' | 'createdBy' | 'revision'>,
  now: string,
) {
  const last = await trx
    .selectFrom('article_revisions')
    .select(['number', 'title', 'standfirst', 'body_md'])
    .where('article_id', '=', articleId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  const unchanged = last && last.title === input.title && last.standfirst === input.standfirst && last.body_md === input.bodyMd;
  if (unchanged && !input.revision?.note) return;
  await trx
    .insertInto('article_revisions')
    .values({
      article_id: articleId,
      number: (last?.number ?? 0) + 1,
      kind: last ? input.revision?.kind ?? 'update' : 'published',
      note: last ? input.revision?.note ?? '' : '',
      editor_id: input.revision?.editorId ?? input.createdBy ?? null,
      title: input.title,
      standfirst: input.standfirst,
      body_md: input.bodyMd,
      created_at: now,
    })
    .execute();
}

async function addRedirect(trx: Kysely<Database>, fromPath: string, articleId: number, now: string) {
  await trx
    .insertInto('redirects')
    .values({ from_path: fromPath, article_id: articleId, to_path: null, created_at: now })
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: articleId, to_path: null }))
    .execute();
}

async function setAuthors(trx: Kysely<Database>, articleId: number, authorIds: number[]) {
  await trx.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  const unique = [...new Set(authorIds)];
  if (unique.length) {
    await trx
      .insertInto('article_authors')
      .values(unique.map((user_id, position) => ({ article_id: articleId, user_id, position })))
      .execute();
  }
}

async function setTags(trx: Kysely<Database>, articleId: number, names: string[]) {
  await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  const bySlug = new Map(names.map((n) => n.trim()).filter(Boolean).map((n) => [slugify(n), n]));
  for (const [slug, name] of bySlug) {
    await trx.insertInto('tags').values({ slug, name }).onConflict((oc) => oc.column('slug').doNothing()).execute();
    const tag = await trx.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await trx.insertInto('article_tags').values({ article_id: articleId, tag_id: tag.id }).execute();
  }
}
