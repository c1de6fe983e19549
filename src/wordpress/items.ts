import type { ImportedArticle } from '../articles/service.ts';
import type { ArticleStatus } from '../db/schema.ts';
import { convertBody } from './convert-body.ts';
import { type ImportContext, keptRedirects, NOT_WRITTEN } from './context.ts';
import { tagFor } from './people-and-terms.ts';
import { uploadsPath } from './import-plan.ts';
import { note, notConverted } from './report.ts';
import { htmlToText, localSlug, oldPath, pathForms, wpDate } from './text.ts';
import type { WxrItem } from './wxr-reader.ts';

/**
 * One post as an article here (import mode of the article service): the
 * mapping, documented in docs/wordpress.md so an export can be read back the
 * same way. Status: publish → published, future → scheduled, pending →
 * review, draft → draft; private and password-protected posts become drafts
 * (nothing here hides a published article from some readers), with a note.
 */

export interface PreparedArticle {
  article: ImportedArticle;
  /** What the body lost, for the report. */
  notes: string[];
}

const STATUS: Record<string, ArticleStatus> = { publish: 'published', future: 'scheduled', pending: 'review', draft: 'draft', private: 'draft' };

export function articleStatus(item: WxrItem): ArticleStatus | null {
  if (item.password) return 'draft';
  return STATUS[item.status] ?? null;
}

export async function prepareArticle(ctx: ImportContext, item: WxrItem, id: number | undefined, slugsTaken: Set<string>): Promise<PreparedArticle> {
  const status = articleStatus(item)!;
  const converted = convertBody(item.content, bodyContext(ctx, item));
  const publishedAt = wpDate(item.dateGmt, item.date);
  const title = htmlToText(item.title) || '(no title)';
  const notes = [...converted.notes];
  if (!htmlToText(item.title)) notes.push('it had no title; it is called “(no title)” until one is given');
  if (item.password) note(ctx.report, 'Password-protected posts came in as drafts: nothing here shows an article to some readers only.');
  if (item.status === 'private') note(ctx.report, 'Private posts came in as drafts.');
  if (item.status === 'future' && publishedAt && publishedAt < ctx.now) note(ctx.report, 'Posts scheduled for a time already past are scheduled here too, and are published at the next minute.');
  if (item.sticky === '1') note(ctx.report, 'Sticky posts are not pinned by the import: pin them on Front page in the newsroom.');
  const { sectionId, tagIds } = await filing(ctx, item);
  const standfirst = htmlToText(item.excerpt);
  const article: ImportedArticle = {
    id, title, slug: await articleSlug(ctx, item, title, id, slugsTaken), standfirst: standfirst.length > 600 ? `${standfirst.slice(0, 599)}…` : standfirst,
    sectionId, authorIds: [ctx.authors.get(item.creator)].filter((a): a is number => a !== undefined && a !== NOT_WRITTEN),
    tags: [], tagIds, bodyMd: converted.markdown, leadMediaId: leadPicture(ctx, item), commentsEnabled: item.commentStatus !== 'closed',
    status, publishedAt: status === 'published' || status === 'scheduled' ? publishedAt ?? ctx.now : publishedAt,
    updatedAt: wpDate(item.modifiedGmt, item.modified) ?? publishedAt ?? ctx.now, createdBy: null, oldPaths: oldPaths(ctx, item),
    reviewNote: item.status === 'private' ? 'Private on WordPress.' : item.password ? 'Password-protected on WordPress.' : null,
  };
  return { article, notes };
}

export function bodyContext(ctx: ImportContext, item: WxrItem) {
  const origin = (() => {
    try {
      return new URL(ctx.survey.site?.baseBlogUrl || ctx.survey.site?.link || '').origin;
    } catch {
      return null;
    }
  })();
  return {
    siteOrigin: origin,
    attachedTo: ctx.survey.attachedTo.get(item.id) ?? [],
    attachmentUrl: (id: string) => ctx.survey.attachments.get(id)?.url ?? null,
    picture: ({ id, src }: { id?: string; src?: string }) => {
      const byPath = src ? ctx.attachmentByPath.get(uploadsPath(src, true) ?? '') : undefined;
      const found = (id && ctx.pictures.get(id)) || (byPath && ctx.pictures.get(byPath));
      return found && found.id !== NOT_WRITTEN ? found : ctx.dryRun && found ? found : null;
    },
  };
}

/** The first category is the section; any others are kept as tags of the same name. */
async function filing(ctx: ImportContext, item: WxrItem): Promise<{ sectionId: number; tagIds: number[] }> {
  const categories = item.terms.filter((t) => t.domain === 'category');
  const first = categories.map((c) => ctx.sections.get(c.nicename || c.name)).find((id) => id !== undefined);
  const tagIds = item.terms.filter((t) => t.domain === 'post_tag').map((t) => ctx.tags.get(t.nicename || t.name)).filter((id): id is number => id !== undefined);
  for (const c of categories.slice(1)) {
    note(ctx.report, 'A post filed in several categories went into the section of its first; the others became tags of the same name.');
    const key = `category:${c.nicename || c.name}`;
    if (!ctx.tags.has(key)) ctx.tags.set(key, await tagFor(ctx, { termId: '', slug: c.nicename || c.name, name: c.name, description: '', parent: '' }, undefined, true));
    tagIds.push(ctx.tags.get(key)!);
  }
  return { sectionId: first ?? (await defaultSection(ctx)), tagIds: [...new Set(tagIds)].filter((t) => t !== NOT_WRITTEN) };
}

/**
 * For a post left as it is: the tags its further categories became, counted
 * as already here (once each) with their addresses, as a run that filed it
 * would have counted them. Nothing is written or made again.
 */
export async function keptFiling(ctx: ImportContext, item: WxrItem): Promise<void> {
  for (const c of item.terms.filter((t) => t.domain === 'category').slice(1)) {
    const wpSlug = c.nicename || c.name;
    const slug = localSlug(wpSlug, htmlToText(c.name).slice(0, 80), 'tag-x');
    if (ctx.counted.has(`tag:${slug}`)) continue;
    const tag = await ctx.k.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!tag) continue;
    ctx.report.unchanged.tags++;
    ctx.counted.set(`tag:${slug}`, tag.id);
    await keptRedirects(ctx, [`/tag/${wpSlug}`, `/tag/${wpSlug}/feed`]);
  }
}

async function defaultSection(ctx: ImportContext): Promise<number> {
  const cached = ctx.sections.get('');
  if (cached !== undefined) return cached;
  const first = await ctx.k.selectFrom('sections').select('id').orderBy('position').orderBy('id').executeTakeFirst();
  // A dry run's sections are not in the table: the first it would have made would be first there.
  let id = first?.id ?? [...ctx.counted].find(([key]) => key.startsWith('section:'))?.[1];
  if (id === undefined) {
    ctx.report.created.sections++;
    id = ctx.dryRun ? NOT_WRITTEN : (await ctx.k.insertInto('sections').values({ slug: 'uncategorized', name: 'Uncategorized', description: '', position: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    ctx.counted.set('section:uncategorized', id);
  }
  note(ctx.report, 'Posts in no category were filed in the first section.');
  ctx.sections.set('', id);
  return id;
}

async function articleSlug(ctx: ImportContext, item: WxrItem, title: string, id: number | undefined, taken: Set<string>): Promise<string> {
  const base = localSlug(item.name, title, `post-${item.id}`);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (taken.has(slug)) continue;
    let q = ctx.k.selectFrom('articles').select('id').where('slug', '=', slug);
    if (id !== undefined) q = q.where('id', '!=', id);
    if (await q.executeTakeFirst()) continue;
    taken.add(slug);
    return slug;
  }
}

function leadPicture(ctx: ImportContext, item: WxrItem): number | null {
  const id = item.meta._thumbnail_id?.[0];
  const pic = id ? ctx.pictures.get(id) : undefined;
  return pic && pic.id !== NOT_WRITTEN ? pic.id : null;
}

/** Every address the old site gave this post: its permalink, ?p=, its old slugs, its attachments' pages. */
export function oldPaths(ctx: ImportContext, item: WxrItem): string[] {
  const out = [`/?p=${item.id}`];
  const link = oldPath(item.link);
  if (link) out.push(link);
  for (const old of item.meta._wp_old_slug ?? []) if (link && item.name && link.endsWith(`/${item.name}`)) out.push(`${link.slice(0, -item.name.length)}${old}`);
  for (const a of ctx.survey.attachedTo.get(item.id) ?? []) {
    const page = oldPath(ctx.survey.attachments.get(a)?.link ?? '');
    if (page && !page.startsWith('/?')) out.push(page);
    if (/^\d+$/.test(a)) out.push(`/?attachment_id=${a}`);
  }
  return [...new Set(out.flatMap(pathForms))];
}

export function reportBody(ctx: ImportContext, kind: string, title: string, notes: string[]): void {
  notConverted(ctx.report, `${kind} “${title}”`, notes);
}
