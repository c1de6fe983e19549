import { formatDate } from '../lib/time.js';
import { type Html, html, type SafeHtml } from '../render/html.js';
import type { ViewContext } from '../views/context.js';
import { layout } from '../views/layout.js';
import { dateTime } from '../views/partials.js';
import { type DiffPart, diffHtml, diffStats } from './word-diff.js';

/** "History in the open": the public list of an article's revisions and the differences between them. */

export type RevisionKind = 'published' | 'update' | 'correction' | 'redaction';

export interface RevisionSummary {
  number: number;
  createdAt: string;
  kind: RevisionKind;
  /** The editor's public note (for a redaction: its reason). */
  note: string;
  editor: string;
}

export interface HistoryPageData {
  article: { title: string; path: string };
  revisions: RevisionSummary[];
  compare: { from: number; to: number; parts: DiffPart[] } | null;
}

const KIND_LABEL: Record<RevisionKind, string> = {
  published: 'Published',
  update: 'Update',
  correction: 'Correction',
  redaction: 'Redaction',
};

export function historyPage(ctx: ViewContext, d: HistoryPageData): string {
  const { title, path } = d.article;
  const historyPath = `${path}/history`;
  // Newest first, whatever order the query returned them in.
  const revisions = [...d.revisions].sort((a, b) => b.number - a.number);
  const main = html`<div class="history">
<header class="article-header">
<h1>History: ${title}</h1>
<p class="listing-description">Every change to this article since it was published, with the editor’s note. Removed text is shown, except where it had to be redacted.</p>
<p class="history__back"><a href="${path}">Back to the article</a></p>
</header>
${d.compare ? changes(d.compare) : ''}
${compareForm(ctx, historyPath, revisions, d.compare)}
<section class="history__revisions" aria-labelledby="revisions-heading">
<h2 id="revisions-heading" class="block-heading">Revisions</h2>
${revisions.length
  ? html`<ol class="revision-list" role="list">
${revisions.map((r, i) => revisionItem(ctx, r, revisions[i + 1], historyPath))}
</ol>`
  : html`<p class="empty">No revisions yet.</p>`}
</section>
</div>`;
  return layout(
    ctx,
    {
      title: `History: ${title}`,
      description: `Every published change to “${title}”, with a word-by-word comparison of any two revisions.`,
      canonical: historyPath,
    },
    main,
  );
}

function revisionItem(ctx: ViewContext, r: RevisionSummary, previous: RevisionSummary | undefined, historyPath: string): Html {
  return html`<li class="revision revision--${r.kind}" id="revision-${r.number}">
<p class="revision__meta"><strong class="revision__kind">${KIND_LABEL[r.kind]}</strong> · Revision ${r.number} · ${dateTime(ctx, r.createdAt)}${r.editor ? html` · <span class="revision__editor">by ${r.editor}</span>` : ''}</p>
${r.note ? html`<p class="revision__note">${r.note}</p>` : ''}
${previous ? html`<p class="revision__compare"><a href="${compareUrl(historyPath, previous.number, r.number)}">Compare with revision ${previous.number}</a></p>` : ''}
</li>`;
}

function compareUrl(historyPath: string, from: number, to: number): string {
  return `${historyPath}?from=${from}&to=${to}`;
}

/** A plain GET form: works without JavaScript and gives every comparison its own address. */
function compareForm(ctx: ViewContext, historyPath: string, revisions: RevisionSummary[], compare: HistoryPageData['compare']): Html {
  if (revisions.length < 2) return html``;
  const from = compare?.from ?? revisions[1].number;
  const to = compare?.to ?? revisions[0].number;
  const options = (selected: number) =>
    revisions.map((r) => html`<option value="${r.number}"${r.number === selected ? html` selected` : ''}>${r.number} — ${KIND_LABEL[r.kind]}, ${formatDate(r.createdAt, ctx.settings.locale, ctx.settings.timezone)}</option>`);
  return html`<section class="history__compare" aria-labelledby="compare-heading">
<h2 id="compare-heading" class="block-heading">Compare revisions</h2>
<form class="compare-form" action="${historyPath}" method="get">
<p class="compare-form__field"><label for="compare-from">From revision</label>
<select id="compare-from" name="from">${options(from)}</select></p>
<p class="compare-form__field"><label for="compare-to">To revision</label>
<select id="compare-to" name="to">${options(to)}</select></p>
<button type="submit">Compare</button>
</form>
</section>`;
}

function changes(c: NonNullable<HistoryPageData['compare']>): Html {
  const stats = diffStats(c.parts);
  return html`<section class="diff" aria-labelledby="changes-heading">
<h2 id="changes-heading" class="block-heading">Changes from revision ${c.from} to revision ${c.to}</h2>
<p class="diff__stats">${words(stats.added)} added, ${words(stats.removed)} removed</p>
<div class="diff__text">
${diffHtml(c.parts)}
</div>
</section>`;
}

function words(n: number): string {
  return `${n} ${n === 1 ? 'word' : 'words'}`;
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
  const lead = (n: RevisionNote): Html => {
    const when = dateTime(ctx, n.createdAt);
    switch (n.kind) {
      case 'correction':
        return html`Correction, ${when}`;
      case 'update':
        return html`Updated ${when}`;
      case 'redaction':
        return html`Redacted ${when}`;
    }
  };
  return html`<aside class="revision-notes" aria-label="Corrections and updates">
<ul class="revision-notes__list">
${sorted.map((n) => html`<li class="revision-note revision-note--${n.kind}"><strong>${lead(n)}${n.note ? ':' : '.'}</strong>${n.note ? html` ${n.note}` : ''}</li>`)}
</ul>
<p class="revision-notes__history"><a href="${historyPath}">See the article's history</a></p>
</aside>`;
}
