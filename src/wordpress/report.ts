/**
 * What an import did: counts by kind (new, updated, already there), and every
 * thing it skipped or could not convert, with the reason — as data for the
 * newsroom's page and as text for the command line. Lists stop growing at
 * LIST_LIMIT entries (the count goes on), so a huge export's report stays small.
 */

export const KINDS = ['authors', 'sections', 'tags', 'pictures', 'articles', 'pages', 'comments', 'redirects'] as const;
export type ReportKind = (typeof KINDS)[number];

export const LIST_LIMIT = 500;

export interface ListedThing {
  what: string;
  why: string;
}

export interface ImportReport {
  file: string;
  dryRun: boolean;
  site: { title: string; link: string } | null;
  startedAt: string;
  finishedAt: string | null;
  /** What the export holds, by type and status ("post/publish": 12). */
  found: Record<string, number>;
  created: Record<ReportKind, number>;
  updated: Record<ReportKind, number>;
  /** Already imported by an earlier run and unchanged since. */
  unchanged: Record<ReportKind, number>;
  skipped: ListedThing[];
  skippedCount: number;
  /** Parts of bodies that were left out or kept as HTML. */
  notConverted: ListedThing[];
  notConvertedCount: number;
  /** Attachments whose file was not in the uploads folder (or no folder was given). */
  missingFiles: string[];
  missingFilesCount: number;
  /** Things true of the whole import ("categories were flattened …"). */
  notes: string[];
}

const zero = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ReportKind, number>;

export function newReport(file: string, dryRun: boolean, now: string): ImportReport {
  return {
    file, dryRun, site: null, startedAt: now, finishedAt: null, found: {}, created: zero(), updated: zero(), unchanged: zero(),
    skipped: [], skippedCount: 0, notConverted: [], notConvertedCount: 0, missingFiles: [], missingFilesCount: 0, notes: [],
  };
}

export function skip(r: ImportReport, what: string, why: string): void {
  r.skippedCount++;
  if (r.skipped.length < LIST_LIMIT) r.skipped.push({ what, why });
}

export function notConverted(r: ImportReport, what: string, notes: string[]): void {
  if (!notes.length) return;
  r.notConvertedCount++;
  if (r.notConverted.length < LIST_LIMIT) r.notConverted.push({ what, why: notes.join('; ') });
}

export function missingFile(r: ImportReport, file: string): void {
  r.missingFilesCount++;
  if (r.missingFiles.length < LIST_LIMIT) r.missingFiles.push(file);
}

export function note(r: ImportReport, text: string): void {
  if (!r.notes.includes(text)) r.notes.push(text);
}

const more = (shown: number, total: number) => (total > shown ? [`  … and ${total - shown} more`] : []);

/** The report as plain text, for the command line. */
export function reportText(r: ImportReport): string {
  const lines = [r.dryRun ? 'Dry run: nothing was written. The import would do this:' : 'WordPress import finished.'];
  if (r.site) lines.push(`From: ${r.site.title || '(untitled site)'} ${r.site.link}`);
  for (const k of KINDS) {
    const parts = [`${r.created[k]} new`, r.updated[k] ? `${r.updated[k]} updated` : '', r.unchanged[k] ? `${r.unchanged[k]} already here` : ''].filter(Boolean);
    if (r.created[k] || r.updated[k] || r.unchanged[k]) lines.push(`  ${k}: ${parts.join(', ')}`);
  }
  if (r.notes.length) lines.push('', 'Notes:', ...r.notes.map((n) => `  - ${n}`));
  if (r.skippedCount) lines.push('', `Skipped (${r.skippedCount}):`, ...r.skipped.map((s) => `  - ${s.what}: ${s.why}`), ...more(r.skipped.length, r.skippedCount));
  if (r.notConvertedCount) {
    lines.push('', `Not converted, in ${r.notConvertedCount} bodies:`, ...r.notConverted.map((s) => `  - ${s.what}: ${s.why}`), ...more(r.notConverted.length, r.notConvertedCount));
  }
  if (r.missingFilesCount) lines.push('', `Files not found (${r.missingFilesCount}):`, ...r.missingFiles.map((f) => `  - ${f}`), ...more(r.missingFiles.length, r.missingFilesCount));
  return `${lines.join('\n')}\n`;
}
