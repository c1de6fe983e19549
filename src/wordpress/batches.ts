import type { Transaction } from 'kysely';
import { type ArticleService, articlePath, type ImportedArticle } from '../articles/service.ts';
import type { ChangeBus } from '../cache/change-bus.ts';
import { EVERYTHING } from '../cache/page-cache.ts';
import type { Database } from '../db/schema.ts';
import { type ImportedPage, importPages, type PageService } from '../pages/service.ts';
import { importComments } from './comments-import.ts';
import { countFixed, countRedirect, type ImportContext, keptRedirects, writeFixed } from './context.ts';
import { convertBody } from './convert-body.ts';
import { fingerprint, type Remembered, WordpressIds } from './import-plan.ts';
import { articleStatus, bodyContext, keptFiling, oldPaths, prepareArticle, reportBody } from './items.ts';
import { note, skip } from './report.ts';
import { htmlToText, localSlug, oldPath, wpDate } from './text.ts';
import type { WxrItem } from './wxr-reader.ts';

/**
 * Posts and pages are written a batch at a time, each batch in one
 * transaction with its comments, its redirects and its entries in
 * `wordpress_ids`, then one change message, so a running site shows each
 * batch at once and a batch is never half-written. A second run finds each
 * item in `wordpress_ids`: unchanged on WordPress → left alone; changed there
 * and untouched here → updated; changed here since → kept as it is here.
 */

/** Bumped when the conversion changes, so a re-import converts bodies again. */
const CONVERSION = 'wxr-1';

export interface BatchDeps {
  articles: ArticleService;
  pages: PageService;
  changes: ChangeBus;
}

/** What to do with an item; an update knows the article's address and publication time as they are here. */
type Decision = { action: 'create' } | { action: 'update'; id: number; path: string | null; publishedAt: string | null } | { action: 'leave'; why: string | null };

interface Planned {
  posts: { item: WxrItem; article: ImportedArticle; update: boolean }[];
  pages: { item: WxrItem; page: ImportedPage }[];
  /** Every post of the batch, written or not, with the article it is (for its comments). */
  articleOf: Map<WxrItem, number | undefined>;
}

export async function writeBatch(ctx: ImportContext, deps: BatchDeps, items: WxrItem[]): Promise<void> {
  // Planned outside the transaction: the page service's address check reads through its own connection.
  const plan = await planBatch(ctx, deps, items);
  if (ctx.dryRun) {
    const planned = new Set(plan.posts.map((p) => p.item));
    for (const [item, id] of plan.articleOf) if (id !== undefined || planned.has(item)) await postComments(ctx, item, -1);
    return;
  }
  const wrote = await ctx.k.transaction().execute((trx) => writePlanned({ ...ctx, k: trx, ids: ctx.ids.within(trx) }, deps, plan));
  // Backdated articles change neighbours anywhere in the archive: everything is forgotten, once a batch.
  if (wrote) await deps.changes.changed([EVERYTHING]);
}

async function planBatch(ctx: ImportContext, deps: BatchDeps, items: WxrItem[]): Promise<Planned> {
  const posts = items.filter((i) => i.type === 'post');
  const pages = items.filter((i) => i.type === 'page');
  const [knownPosts, knownPages] = await Promise.all([ctx.ids.some('post', posts.map((p) => p.id)), ctx.ids.some('page', pages.map((p) => p.id))]);
  const plan: Planned = { posts: [], pages: [], articleOf: new Map() };
  const slugs = ctx.slugs;
  for (const item of posts) plan.articleOf.set(item, await planPost(ctx, item, knownPosts.get(item.id), slugs, plan));
  for (const item of pages) await planPage(ctx, deps, item, knownPages.get(item.id), slugs, plan);
  return plan;
}

async function writePlanned(ctx: ImportContext, deps: BatchDeps, plan: Planned): Promise<boolean> {
  const ids = await deps.articles.importArticles(plan.posts.map((p) => p.article), { within: ctx.k as Transaction<Database> });
  plan.posts.forEach((p, i) => plan.articleOf.set(p.item, ids[i]));
  await rememberAll(ctx, 'post', 'articles', plan.posts.map((p, i) => ({ item: p.item, id: ids[i] })));
  // Comments of every post, new or not: an export made later may hold comments made since.
  for (const [item, articleId] of plan.articleOf) if (articleId !== undefined) await postComments(ctx, item, articleId);
  const pageIds = await importPages(ctx.k as Transaction<Database>, plan.pages.map((p) => p.page));
  await rememberAll(ctx, 'page', 'pages', plan.pages.map((p, i) => ({ item: p.item, id: pageIds[i] })));
  for (const p of plan.pages) {
    if (p.page.status === 'published') for (const from of pageAddresses(ctx, p.item)) await writeFixed(ctx, from, `/${p.page.slug}`);
  }
  return plan.posts.some((p) => p.article.status === 'published') || plan.pages.some((p) => p.page.status === 'published');
}

/** A page's addresses on the old site: its permalink, ?page_id= and ?p=, and the pages of the pictures attached to it. */
function pageAddresses(ctx: ImportContext, item: WxrItem): string[] {
  const ids = ctx.survey.attachedTo.get(item.id) ?? [];
  const attached = ids.map((a) => oldPath(ctx.survey.attachments.get(a)?.link ?? '')).filter((p) => !p?.startsWith('/?'));
  const byNumber = ids.filter((a) => /^\d+$/.test(a)).map((a) => `/?attachment_id=${a}`);
  return [oldPath(item.link), `/?page_id=${item.id}`, `/?p=${item.id}`, ...attached, ...byNumber].filter((p): p is string => Boolean(p));
}

async function decide(ctx: ImportContext, table: 'articles' | 'pages', item: WxrItem, earlier: Remembered | undefined): Promise<Decision> {
  if (!earlier) return { action: 'create' };
  const row = table === 'articles'
    ? await ctx.k.selectFrom('articles').select(['updated_at', 'path', 'published_at']).where('id', '=', earlier.localId).executeTakeFirst()
    : await ctx.k.selectFrom('pages').select(['updated_at', 'published_at']).where('id', '=', earlier.localId).executeTakeFirst().then((r) => r && { ...r, path: null });
  if (!row) return { action: 'leave', why: 'deleted here since an earlier import; not brought back' };
  if (earlier.fingerprint === fingerprint(item, CONVERSION)) return { action: 'leave', why: null };
  if (row.updated_at !== earlier.localStamp) return { action: 'leave', why: 'changed on WordPress, but also changed here since the earlier import: kept as it is here' };
  return { action: 'update', id: earlier.localId, path: row.path, publishedAt: row.published_at };
}

/** The article a post becomes (or already is), or undefined when it is not imported. */
async function planPost(ctx: ImportContext, item: WxrItem, earlier: Remembered | undefined, slugs: Set<string>, plan: Planned): Promise<number | undefined> {
  const title = htmlToText(item.title) || `(no title, post ${item.id})`;
  if (!articleStatus(item)) {
    skip(ctx.report, `post “${title}”`, `its status on WordPress is “${item.status}”`);
    return undefined;
  }
  const d = await decide(ctx, 'articles', item, earlier);
  if (d.action === 'leave') {
    if (d.why) skip(ctx.report, `post “${title}”`, d.why);
    else ctx.report.unchanged.articles++;
    if (d.why?.startsWith('deleted')) return undefined;
    await keptRedirects(ctx, oldPaths(ctx, item));
    await keptFiling(ctx, item);
    return earlier?.localId;
  }
  const p = await prepareArticle(ctx, item, d.action === 'update' ? d.id : undefined, slugs);
  reportBody(ctx, 'post', title, p.notes);
  ctx.report[d.action === 'update' ? 'updated' : 'created'].articles++;
  await countArticleRedirects(ctx, p.article, d);
  plan.posts.push({ item, article: p.article, update: d.action === 'update' });
  return undefined;
}

/** The old addresses the article service writes for an article, as it writes them (never its own address). */
async function countArticleRedirects(ctx: ImportContext, a: ImportedArticle, d: Decision): Promise<void> {
  const update = d.action === 'update' ? d : null;
  const addressed = a.status === 'published' || a.status === 'scheduled' || Boolean(update?.path);
  const month = update?.path ? update.publishedAt ?? a.publishedAt : a.publishedAt;
  const path = month && addressed ? articlePath(month, a.slug ?? '') : null;
  const to = update ? { articleId: update.id } : 'new';
  // A new slug moves an article already addressed: its address until now leads to the new one.
  if (update?.path && path && update.path !== path) await countRedirect(ctx, update.path, to);
  for (const old of a.oldPaths ?? []) if (old !== path) await countRedirect(ctx, old, to);
}

async function postComments(ctx: ImportContext, item: WxrItem, articleId: number): Promise<void> {
  if (!item.comments.length) return;
  const date = wpDate(item.dateGmt, item.date) ?? ctx.now;
  await importComments(ctx, articleId, date, htmlToText(item.title) || `post ${item.id}`, item.comments);
}

async function rememberAll(ctx: ImportContext, kind: 'post' | 'page', table: 'articles' | 'pages', written: { item: WxrItem; id: number }[]): Promise<void> {
  if (!written.length) return;
  const stamps = new Map((await ctx.k.selectFrom(table).select(['id', 'updated_at']).where('id', 'in', written.map((w) => w.id)).execute()).map((r) => [r.id, r.updated_at]));
  for (const w of written) {
    await ctx.ids.remember(kind, w.item.id, { localId: w.id, fingerprint: fingerprint(w.item, CONVERSION), localStamp: stamps.get(w.id) ?? null }, ctx.now);
  }
}

async function planPage(ctx: ImportContext, deps: BatchDeps, item: WxrItem, earlier: Remembered | undefined, slugs: Set<string>, plan: Planned): Promise<void> {
  const title = htmlToText(item.title) || `(no title, page ${item.id})`;
  if (item.comments.length) skip(ctx.report, `${item.comments.length} comment${item.comments.length === 1 ? '' : 's'} on the page “${title}”`, 'static pages have no comments here');
  if (!['publish', 'draft', 'pending', 'private', 'future'].includes(item.status)) {
    skip(ctx.report, `page “${title}”`, `its status on WordPress is “${item.status}”`);
    return;
  }
  const d = await decide(ctx, 'pages', item, earlier);
  if (d.action === 'leave') {
    if (d.why) skip(ctx.report, `page “${title}”`, d.why);
    else ctx.report.unchanged.pages++;
    if (!d.why?.startsWith('deleted')) await keptRedirects(ctx, pageAddresses(ctx, item));
    return;
  }
  const page = await preparePage(ctx, deps, item, title, d.action === 'update' ? d.id : undefined, slugs);
  plan.pages.push({ item, page });
  ctx.report[d.action === 'update' ? 'updated' : 'created'].pages++;
  if (page.status === 'published') for (const from of pageAddresses(ctx, item)) await countFixed(ctx, from, `/${page.slug}`);
}

async function preparePage(ctx: ImportContext, deps: BatchDeps, item: WxrItem, title: string, id: number | undefined, slugs: Set<string>): Promise<ImportedPage> {
  const converted = convertBody(item.content, bodyContext(ctx, item));
  reportBody(ctx, 'page', title, converted.notes);
  if (item.parent && item.parent !== '0') note(ctx.report, 'Pages are not nested here: each page is at /its-slug, and its old address leads there.');
  if (item.status !== 'publish') note(ctx.report, 'Pages that were not published on WordPress (drafts, private, scheduled, password-protected) came in as drafts.');
  const published = item.status === 'publish' && !item.password;
  const date = wpDate(item.dateGmt, item.date) ?? ctx.now;
  return {
    id, slug: await pageSlug(deps, item, title, id, slugs), title, standfirst: htmlToText(item.excerpt).slice(0, 600), bodyMd: converted.markdown,
    publishedAt: date, updatedAt: wpDate(item.modifiedGmt, item.modified) ?? date, status: published ? 'published' : 'draft',
  };
}

/** The page's slug if the site can give it that address; else with -page, -2 … until one is free. */
async function pageSlug(deps: BatchDeps, item: WxrItem, title: string, id: number | undefined, slugs: Set<string>): Promise<string> {
  const base = localSlug(item.name, title, `page-${item.id}`).slice(0, 70).replace(/-+$/, '');
  for (const candidate of [base, `${base}-page`, ...Array.from({ length: 50 }, (_, n) => `${base}-${n + 2}`)]) {
    if (slugs.has(`page:${candidate}`) || (await deps.pages.slugProblem(candidate, id ?? null))) continue;
    slugs.add(`page:${candidate}`);
    return candidate;
  }
  return `page-${item.id}`;
}
