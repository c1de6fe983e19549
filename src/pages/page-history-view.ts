import { changes, compareForm, dateAndTime } from '../articles/history-view.ts';
import type { DiffPart } from '../articles/word-diff.ts';
import { type Html, html } from '../render/html.ts';
import { type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import type { PageRevisionKind } from './store.ts';

/**
 * A static page's public history: every revision since publication, dated,
 * with the editor's note, and a word-by-word comparison of any two. The same
 * markup, words and diff as an article's history; only the page's own words
 * (what this is, the way back) differ.
 */

export interface PageRevisionSummary {
  number: number;
  createdAt: string;
  kind: PageRevisionKind;
  note: string;
  editor: string | null;
}

export interface PageHistoryData {
  page: { title: string; path: string };
  revisions: PageRevisionSummary[];
  compare: { from: number; to: number; parts: DiffPart[]; wordByWord: boolean } | null;
}

export function pageHistoryView(ctx: ViewContext, d: PageHistoryData): string {
  const t = words(ctx);
  const historyPath = `${d.page.path}/history`;
  const revisions = [...d.revisions].sort((a, b) => b.number - a.number);
  const main = html`<div class="history">
<header class="article-header">
<h1>${t.history.title(d.page.title)}</h1>
<p class="listing-description">${t.staticPage.historyIntro}</p>
<p class="history__back"><a href="${d.page.path}">${t.staticPage.backToPage}</a></p>
</header>
${d.compare ? changes(ctx, d.compare) : ''}
${compareForm(ctx, historyPath, revisions, d.compare)}
<section class="history__revisions" aria-labelledby="revisions-heading">
<h2 id="revisions-heading" class="block-heading">${t.history.revisions}</h2>
${revisions.length
  ? html`<ol class="revision-list" role="list">
${revisions.map((r, i) => revisionItem(ctx, r, revisions[i + 1], historyPath))}
</ol>`
  : html`<p class="empty">${t.history.noRevisions}</p>`}
</section>
</div>`;
  return layout(ctx, { title: t.history.title(d.page.title), description: t.history.description(d.page.title), canonical: historyPath }, main);
}

function revisionItem(ctx: ViewContext, r: PageRevisionSummary, previous: PageRevisionSummary | undefined, historyPath: string): Html {
  const t = words(ctx).history;
  return html`<li class="revision revision--${r.kind}" id="revision-${r.number}">
<p class="revision__meta"><strong class="revision__kind">${t.kinds[r.kind]}</strong> · ${t.revision(r.number)} · ${dateAndTime(ctx, r.createdAt)} · <span class="revision__editor">${t.byEditor(r.editor ?? t.theEditors)}</span></p>
${r.note ? html`<p class="revision__note">${r.note}</p>` : ''}
${previous ? html`<p class="revision__compare"><a href="${historyPath}?from=${previous.number}&to=${r.number}">${t.compareWith(previous.number)}</a></p>` : ''}
</li>`;
}

