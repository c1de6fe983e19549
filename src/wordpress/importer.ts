import fs from 'node:fs';
import type { Db } from '../db/connection.ts';
import { refreshStatisticsAfterBulkLoad } from '../db/statistics.ts';
import type { MediaStore } from '../media/store.ts';
import { type BatchDeps, writeBatch } from './batches.ts';
import type { ImportContext } from './context.ts';
import { siteKey, survey, type Survey, WordpressIds } from './import-plan.ts';
import { importAuthors, importSections, importTags } from './people-and-terms.ts';
import { importPictures } from './pictures.ts';
import { type ImportReport, newReport, skip } from './report.ts';
import { readWxr, type WxrItem } from './wxr-reader.ts';

/**
 * `samizdat import-wordpress` and the newsroom's import, one procedure: the
 * export is read once whole (a file that does not read imports nothing, and
 * the counts give the progress bar its end), then the authors, sections and
 * tags, the pictures from the uploads folder, and the posts and pages in
 * batches as the file is read a second time. Progress is told as it goes;
 * the answer is the report.
 */

export type ImportPhase = 'reading' | 'authors' | 'sections and tags' | 'pictures' | 'articles and pages' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportDeps extends BatchDeps {
  db: Db;
  dataDir: string;
  /** Where the media library keeps its files now (local folder or object storage); default the data directory's folder. */
  mediaStore?: () => MediaStore;
  now?: () => string;
}

export interface ImportOptions {
  file: string;
  /** A copy of the old site's wp-content/uploads; without it no picture is imported. */
  uploadsDir?: string | null;
  dryRun?: boolean;
  /** Posts and pages per transaction (and per change message). */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

/** A batch also ends at this many bytes of bodies, so a file of huge posts keeps memory bounded. */
const BATCH_BYTES = 4 * 1024 * 1024;

export async function importWordpress(deps: ImportDeps, opts: ImportOptions): Promise<ImportReport> {
  const now = (deps.now ?? (() => new Date().toISOString()))();
  const tell = opts.onProgress ?? (() => {});
  const report = newReport(opts.file, Boolean(opts.dryRun), now);
  const size = fs.statSync(opts.file).size;
  tell({ phase: 'reading', done: 0, total: size });
  const s = await survey(opts.file, (read) => tell({ phase: 'reading', done: read, total: size }));
  describeExport(report, s);
  const ctx: ImportContext = {
    k: deps.db.kysely, dryRun: Boolean(opts.dryRun), report, ids: new WordpressIds(deps.db.kysely, siteKey(s)), now, survey: s,
    authors: new Map(), authorsByWpId: new Map(), sections: new Map(), tags: new Map(), pictures: new Map(), attachmentByPath: new Map(),
    counted: new Map(), slugs: new Set(), redirects: new Map(),
  };
  tell({ phase: 'authors', done: 0, total: s.authors.size });
  await importAuthors(ctx);
  tell({ phase: 'sections and tags', done: 0, total: s.categories.size + s.tags.size });
  await importSections(ctx);
  await importTags(ctx);
  // Sections are in every page's menu.
  if (!ctx.dryRun && report.created.sections) await deps.changes.everything();
  const attachments = s.attachments.size;
  await importPictures(ctx, deps.db, deps.mediaStore?.() ?? deps.dataDir, opts.uploadsDir ?? null, (done) => tell({ phase: 'pictures', done, total: attachments }));
  await importItems(ctx, deps, opts, (done) => tell({ phase: 'articles and pages', done, total: s.writable }));
  if (!ctx.dryRun) await refreshStatisticsAfterBulkLoad(deps.db);
  report.finishedAt = new Date().toISOString();
  tell({ phase: 'done', done: 1, total: 1 });
  return report;
}

async function importItems(ctx: ImportContext, deps: ImportDeps, opts: ImportOptions, progress: (done: number) => void): Promise<void> {
  const size = opts.batchSize ?? 100;
  let batch: WxrItem[] = [];
  let bytes = 0;
  let done = 0;
  const flush = async () => {
    if (batch.length) await writeBatch(ctx, deps, batch);
    done += batch.length;
    batch = [];
    bytes = 0;
    progress(done);
  };
  for await (const r of readWxr(opts.file)) {
    if (r.kind !== 'item' || (r.type !== 'post' && r.type !== 'page')) continue;
    batch.push(r);
    bytes += r.content.length;
    if (batch.length >= size || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
}

/** Why each kind of thing that is neither a post, a page nor an attachment stays behind. */
const LEFT_BEHIND: Record<string, string> = {
  nav_menu_item: 'menus are not imported: the site menu is set in Settings',
  revision: 'earlier versions on WordPress: the history here starts with the import',
  wp_navigation: 'a block theme’s menu: the site menu is set in Settings',
  wp_block: 'reusable blocks: a post that used one shows what is listed under “not converted”',
  wp_template: 'theme templates: the site has its own design',
  wp_template_part: 'theme templates: the site has its own design',
  wp_global_styles: 'theme styles: the site has its own design',
  custom_css: 'theme styles: the site has its own design',
  customize_changeset: 'theme settings: the site has its own design',
  oembed_cache: 'WordPress’s cache of embeds',
};

function describeExport(report: ImportReport, s: Survey): void {
  report.site = s.site ? { title: s.site.title, link: s.site.link } : null;
  report.found = Object.fromEntries([...s.counts].sort());
  report.found.authors = s.authors.size;
  report.found.categories = s.categories.size;
  report.found.tags = s.tags.size;
  report.found.comments = s.comments;
  const byType = new Map<string, number>();
  for (const [key, n] of s.counts) byType.set(key.split('/')[0], (byType.get(key.split('/')[0]) ?? 0) + n);
  for (const [type, n] of byType) {
    if (type === 'post' || type === 'page' || type === 'attachment') continue;
    skip(report, `${n} item${n === 1 ? '' : 's'} of type “${type}”`, LEFT_BEHIND[type] ?? 'neither a post nor a page (a plugin’s own kind of content)');
  }
  for (const [taxonomy, n] of s.otherTerms) skip(report, `${n} term${n === 1 ? '' : 's'} of “${taxonomy}”`, 'only categories and tags are imported');
}
