import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PictureRef } from './figures.ts';
import type { Survey, WordpressIds } from './import-plan.ts';
import type { ImportReport } from './report.ts';
import { pathForms } from './text.ts';

/** What the phases of one import share: where to write, what the earlier phases made, the report. */
export interface ImportContext {
  k: Kysely<Database>;
  dryRun: boolean;
  report: ImportReport;
  ids: WordpressIds;
  now: string;
  survey: Survey;
  /** An author's login → their user id. */
  authors: Map<string, number>;
  /** An author's WordPress user id → their user id (comments name authors by it). */
  authorsByWpId: Map<string, number>;
  /** A category's WordPress slug → its section id. */
  sections: Map<string, number>;
  /** A tag's WordPress slug → its tag id. */
  tags: Map<string, number>;
  /** An attachment's id → the library picture it became. */
  pictures: Map<string, PictureRef & { id: number }>;
  /** A file's place in the uploads folder, without size suffix → its attachment id. */
  attachmentByPath: Map<string, string>;
  /**
   * What this run has already counted in the report ("section:news", "tag:x",
   * "user:ann"), with its id (NOT_WRITTEN in a dry run): so two
   * things of the export that land on one row count once, and a dry run finds
   * its own work where a real run finds the rows it wrote.
   */
  counted: Map<string, number>;
  /** Slugs of articles (and "page:" slugs of pages) given out in this run, for the same reason. */
  slugs: Set<string>;
  /** Each old address this run has counted: where it leads (as `targetKey`) and how it was counted. */
  redirects: Map<string, { to: string; as: 'created' | 'updated' | 'unchanged' }>;
}

/** In a dry run nothing gets an id; this stands in for one. */
export const NOT_WRITTEN = -1;

/** Where a redirect leads: an article, a fixed path, or (a new article or picture) somewhere no row names yet. */
export type RedirectTarget = { articleId: number } | { path: string } | 'new';

const targetKey = (t: RedirectTarget) => (t === 'new' ? 'new' : 'articleId' in t ? `a:${t.articleId}` : `p:${t.path}`);

/**
 * Counts one old address this run writes (or, in a dry run, would write) as
 * new, updated or already so, by what the table holds for it — each address
 * once per run, however many things of the export lead to it.
 */
export async function countRedirect(ctx: ImportContext, from: string, to: RedirectTarget): Promise<void> {
  const key = targetKey(to);
  const seen = ctx.redirects.get(from);
  if (seen) {
    if (seen.as === 'unchanged' && seen.to !== key) {
      ctx.report.unchanged.redirects--;
      ctx.report.updated.redirects++;
      seen.as = 'updated';
    }
    seen.to = key;
    return;
  }
  const row = await ctx.k.selectFrom('redirects').select(['article_id', 'to_path', 'gone']).where('from_path', '=', from).executeTakeFirst();
  const now = row && !row.gone ? (row.article_id !== null ? `a:${row.article_id}` : `p:${row.to_path}`) : null;
  const as = !row ? 'created' : now === key ? 'unchanged' : 'updated';
  ctx.report[as].redirects++;
  ctx.redirects.set(from, { to: key, as });
}

/** Counts the old addresses of something this run leaves as it is: those the table holds are already here. */
export async function keptRedirects(ctx: ImportContext, paths: string[]): Promise<void> {
  for (const from of new Set(paths.flatMap(pathForms))) {
    if (ctx.redirects.has(from)) continue;
    const row = await ctx.k.selectFrom('redirects').select(['article_id', 'to_path']).where('from_path', '=', from).executeTakeFirst();
    if (!row) continue;
    ctx.report.unchanged.redirects++;
    ctx.redirects.set(from, { to: row.article_id !== null ? `a:${row.article_id}` : `p:${row.to_path}`, as: 'unchanged' });
  }
}

/** The forms of an old address written for a fixed one: each form a browser may ask for, except the address itself. */
function fixedForms(from: string, to: string): string[] {
  return from === to ? [] : pathForms(from).filter((f) => f !== to);
}

export async function countFixed(ctx: ImportContext, from: string, to: string | 'new'): Promise<void> {
  for (const form of fixedForms(from, to)) await countRedirect(ctx, form, to === 'new' ? 'new' : { path: to });
}

export async function writeFixed(ctx: ImportContext, from: string, to: string): Promise<void> {
  for (const form of fixedForms(from, to)) {
    await ctx.k.insertInto('redirects').values({ from_path: form, article_id: null, to_path: to, created_at: ctx.now })
      .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: null, to_path: to, gone: 0 })).execute();
  }
}

/**
 * An old address that leads to a fixed one here (a section, a tag, an author),
 * counted, and written in each form a browser may ask for (in a real run),
 * replacing what an earlier run wrote.
 */
export async function fixedRedirect(ctx: ImportContext, from: string, to: string): Promise<void> {
  await countFixed(ctx, from, to);
  if (!ctx.dryRun) await writeFixed(ctx, from, to);
}
