import type { Kysely, Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.js';
import type { Db } from '../db/connection.js';
import type { ArticleStatus, Database } from '../db/schema.js';
import { slugify } from '../lib/slug.js';
import { nowIso } from '../lib/time.js';
import { referencedMedia, renderBody } from './markdown.js';
import { mediaBySlugs } from './store.js';

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
}

/** The public address of a published article: its first publication month and its slug. */
export function articlePath(publishedAt: string, slug: string): string {
  return `/${publishedAt.slice(0, 4)}/${publishedAt.slice(5, 7)}/${slug}`;
}

/** Writes to articles: keeps the rendered body, the path and the redirects in step. */
export class ArticleService {
  constructor(
    private readonly db: Db,
    private readonly changes: ChangeBus,
  ) {}

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

  private async write(trx: Transaction<Database>, id: number | null, input: ArticleInput): Promise<number> {
    const now = nowIso();
    const slug = input.slug?.trim() || slugify(input.title);
    const rendered = renderBody(input.bodyMd, await mediaBySlugs(trx, referencedMedia(input.bodyMd)));
    const existing = id === null
      ? undefined
      : await trx.selectFrom('articles').select(['path', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const publishedAt = input.status === 'published' ? (existing?.published_at ?? input.publishedAt ?? now) : (input.publishedAt ?? existing?.published_at ?? null);
    // Once an article has had an address it keeps its month; a new slug moves it within that month.
    const path = publishedAt && (input.status === 'published' || existing?.path) ? articlePath(publishedAt, slug) : null;
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
      updated_at: now,
    };
    let articleId: number;
    if (id === null) {
      const row = await trx.insertInto('articles').values({ ...values, created_at: now }).returning('id').executeTakeFirstOrThrow();
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
    return articleId;
  }
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
