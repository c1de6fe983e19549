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
}

/** In a dry run nothing gets an id; this stands in for one. */
export const NOT_WRITTEN = -1;

/**
 * An old address that leads to a fixed one here (a section, a tag, a page):
 * written in each form a browser may ask for, replacing what an earlier run wrote.
 */
export async function fixedRedirect(ctx: ImportContext, from: string, to: string): Promise<number> {
  if (ctx.dryRun || from === to) return 0;
  let n = 0;
  for (const form of pathForms(from)) {
    if (form === to) continue;
    await ctx.k.insertInto('redirects').values({ from_path: form, article_id: null, to_path: to, created_at: ctx.now })
      .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: null, to_path: to, gone: 0 })).execute();
    n++;
  }
  return n;
}
