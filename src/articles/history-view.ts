import { formatDateTime } from '../lib/time.ts';
import { type Html, html, type SafeHtml } from '../render/html.ts';
import type { RevisionKind } from '../i18n/strings.ts';
import { type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { diffHtml } from './diff-html.ts';
import { type DiffPart, diffStats } from './word-diff.ts';

/** "History in the open": the public list of an article's revisions and the differences between them. */

/**
 * When something was published or changed, to the minute, in the site's time
 * zone and language ("27 November 2026 at 14:05"): a news story's time matters,
 * and a correction may come the same day.
 */
export function dateAndTime(ctx: ViewContext, iso: string): Html {
  return html`<time datetime="${iso}">${formatDateTime(iso, ctx.settings.locale, ctx.settings.timezone)}</time>`;
}

export interface RevisionSummary {
  number: number;
  createdAt: string;
  kind: RevisionKind;
  /** The editor's public note (for a redaction: its reason). */
  note: string;
  /** Null when the editor's account is gone. */
  editor: string | null;
}

export interface HistoryPageData {
  article: { title: string; path: string };
  revisions: RevisionSummary[];
  compare: { from: number; to: number; parts: DiffPart[]; wordByWord?: boolean } | null;
}

export function historyPage(ctx: ViewContext, d: HistoryPageData): string {
  const { title, path } = d.article;
  const historyPath = `${path}/history`;
  // Newest first, whatever order the query returned them in.
  const revisions = [...d.revisions].sort((a, b) => b.number - a.number);
  const t = words(ctx).history;
  const main = html`<div class="history">
<header class="article-header">
<h1>${t.title(title)}</h1>
<p class="listing-description">${t.intro}</p>
<p class="history__back"><a href="${path}">${t.backToArticle}</a></p>
</header>
${d.compare ? changes(ctx, d.compare) : ''}
${compareForm(ctx, historyPath, revisions, d.compare)}
<section class="history__revisions" aria-labelledby="revisions-heading">
<h2 id="revisions-heading" class="block-heading">${t.revisions}</h2>
${revisions.length
  ? html`<ol class="revision-list" role="list">
${revisions.map((r, i) => revisionItem(ctx, r, revisions[i + 1], historyPath))}
</ol>`
  : html`<p class="empty">${t.noRevisions}</p>`}
</section>
</div>`;
  return layout(
    ctx,
    {
      title: t.title(title),
      description: t.description(title),
      canonical: historyPath,
    },
    main,
  );
}

function revisionItem(ctx: ViewContext, r: RevisionSummary, previous: RevisionSummary | undefined, historyPath: string): Html {
  const t = words(ctx).history;
  // No editor on record (their account is gone): the revision is the newsroom's.
  const editor = r.editor ?? t.theEditors;
  return html`<li class="revision revision--${r.kind}" id="revision-${r.number}">
<p class="revision__meta"><strong class="revision__kind">${t.kinds[r.kind]}</strong> · ${t.revision(r.number)} · ${dateAndTime(ctx, r.createdAt)}${editor ? html` · <span class="revision__editor">${t.byEditor(editor)}</span>` : ''}</p>
${r.note ? html`<p class="revision__note">${r.note}</p>` : ''}
${previous ? html`<p class="revision__compare"><a href="${compareUrl(historyPath, previous.number, r.number)}">${t.compareWith(previous.number)}</a></p>` : ''}
</li>`;
}

function compareUrl(historyPath: string, from: number, to: number): string {
  return `${historyPath}?from=${from}&to=${to}`;
}

/** What the compare form needs of a revision (an article's or a static page's). */
type Comparable = { number: number; kind: RevisionKind; createdAt: string };

/** A plain GET form: works without JavaScript and gives every comparison its own address. Shared with static pages' history. */
export function compareForm(ctx: ViewContext, historyPath: string, revisions: Comparable[], compare: { from: number; to: number } | null | undefined): Html {
  if (revisions.length < 2) return html``;
  const t = words(ctx).history;
  const from = compare?.from ?? revisions[1].number;
  const to = compare?.to ?? revisions[0].number;
  const options = (selected: number) =>
    revisions.map((r) => html`<option value="${r.number}"${r.number === selected ? html` selected` : ''}>${r.number} — ${t.kinds[r.kind]}, ${formatDateTime(r.createdAt, ctx.settings.locale, ctx.settings.timezone)}</option>`);
  return html`<section class="history__compare" aria-labelledby="compare-heading">
<h2 id="compare-heading" class="block-heading">${t.compareRevisions}</h2>
<form class="compare-form" action="${historyPath}" method="get">
<p class="compare-form__field"><label for="compare-from">${t.fromRevision}</label>
<select id="compare-from" name="from">${options(from)}</select></p>
<p class="compare-form__field"><label for="compare-to">${t.toRevision}</label>
<select id="compare-to" name="to">${options(to)}</select></p>
<button type="submit">${t.compare}</button>
</form>
</section>`;
}

/** The word-by-word changes between two revisions. Shared with static pages' history. */
export function changes(ctx: ViewContext, c: { from: number; to: number; parts: DiffPart[]; wordByWord?: boolean }): Html {
  const t = words(ctx).history;
  const stats = diffStats(c.parts);
  return html`<section class="diff" aria-labelledby="changes-heading">
<h2 id="changes-heading" class="block-heading">${t.changes(c.from, c.to)}</h2>
<p class="diff__stats">${t.stats(stats.added, stats.removed)}</p>
${c.wordByWord === false ? html`<p class="diff__coarse">${t.diff.tooManyChanges}</p>` : ''}
<div class="diff__text">
${diffHtml(c.parts, t.diff)}
</div>
</section>`;
}

export interface RevisionNote {
  kind: 'update' | 'correction' | 'redaction';
  note: string;
  createdAt: string;
}

/**
 * The box above an article's body listing its corrections, updates and
 * redactions (newest first), with a link to the full history. Empty when
 * there is nothing to declare.
 */
export function correctionNotes(notes: RevisionNote[], ctx: ViewContext, historyPath: string): SafeHtml {
  if (!notes.length) return html``;
  const sorted = [...notes].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const t = words(ctx).history;
  const lead = (n: RevisionNote): Html => html`${t.noteLead[n.kind](dateAndTime(ctx, n.createdAt))}`;
  return html`<aside class="revision-notes" aria-label="${t.notesLabel}">
<ul class="revision-notes__list">
${sorted.map((n) => html`<li class="revision-note revision-note--${n.kind}"><strong>${lead(n)}${n.note ? t.colon : '.'}</strong>${n.note ? html` ${n.note}` : ''}</li>`)}
</ul>
<p class="revision-notes__history"><a href="${historyPath}">${t.seeHistory}</a></p>
</aside>`;
}
