import type { Poll } from '../polls/store.ts';
import { percentages, type Tally } from '../polls/tally.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField } from './admin-layout.ts';
import type { ArticleChoice } from './poll-admin-store.ts';
import type { PollStatus } from './poll-views.ts';

/** What the newsroom does with a poll once it is written: where it shows, its results and exports, closing and archiving. */

export interface PollActionsData {
  poll: Poll;
  status: PollStatus;
  tally: Tally;
  articles: ArticleChoice[];
  /** Anyone may see the results and download the board now. */
  publicResults: boolean;
}

function sidebarForm(a: AdminContext, p: Poll, status: PollStatus): Html {
  if (status === 'archived') return html`<p>Archived polls are not shown in the sidebar. Unarchive it first.</p>`;
  return html`<form method="post" action="/admin/polls/${p.id}/sidebar">${csrfField(a.csrf)}
<p>${p.inSidebar ? 'This is the sidebar’s poll, on every page of the site.' : 'Not in the sidebar. The sidebar shows one poll; putting this one there replaces the one it shows now.'}</p>
<p>${p.inSidebar
    ? html`<button type="submit" name="show" value="no" class="secondary">Remove from the sidebar</button>`
    : html`<button type="submit" name="show" value="yes">Show in the sidebar</button>`}</p>
</form>`;
}

function articleForm(a: AdminContext, p: Poll, articles: ArticleChoice[]): Html {
  const label = (c: ArticleChoice) => `${c.title || '(untitled)'}${c.status === 'published' ? '' : ` (${c.status})`}`;
  return html`<form method="post" action="/admin/polls/${p.id}/article">${csrfField(a.csrf)}
<div class="field"><label for="f-article">Inside an article</label>
<p class="hint" id="hint-article">Shown after the article’s text, once the article is published. The newest articles are listed.</p>
<select id="f-article" name="article" aria-describedby="hint-article"><option value="">None</option>${articles.map((c) => html`<option value="${c.id}"${p.articleId === c.id ? html` selected` : ''}>${label(c)}</option>`)}</select></div>
<p><button type="submit">Save where it shows</button></p>
</form>`;
}

function resultsTable(p: Poll, t: Tally): Html {
  const pct = percentages(t.counts);
  return html`<table class="admin-table"><caption class="visually-hidden">Results so far</caption>
<thead><tr><th scope="col">Option</th><th scope="col">Votes</th><th scope="col">Share</th></tr></thead>
<tbody>${p.options.map((o, i) => html`<tr><td>${o}</td><td>${t.counts[i] ?? 0}</td><td>${pct[i]}%</td></tr>`)}</tbody>
</table>
<p>${t.voters === 1 ? '1 voter' : `${t.voters.toLocaleString('en')} voters`}. Latest entry on the board: ${t.seq}.</p>`;
}

function exports(d: PollActionsData): Html {
  const p = d.poll;
  return html`<section aria-labelledby="h-results"><h2 id="h-results">Results and exports</h2>
${resultsTable(p, d.tally)}
<ul class="poll-exports">
<li><a href="/admin/polls/${p.id}/results.csv" download>Results as CSV</a> (option, count, percent)</li>
<li>The board, every ballot as the public sees it: <a href="/admin/polls/${p.id}/board.json" download>board.json</a> · <a href="/admin/polls/${p.id}/board.csv" download>board.csv</a></li>
</ul>
<p class="hint">${d.publicResults
    ? html`Readers can download the same board at <a href="/polls/${p.id}/board.json">/polls/${p.id}/board.json</a> and <a href="/polls/${p.id}/board.csv">board.csv</a>, and count it again.`
    : 'The public board is published when readers may see the results; until then only the newsroom can download it here.'}</p>
</section>`;
}

function closeAndArchive(a: AdminContext, d: PollActionsData): Html {
  const p = d.poll;
  if (d.status === 'archived') {
    return html`<section aria-labelledby="h-archive"><h2 id="h-archive">Archived</h2>
<form method="post" action="/admin/polls/${p.id}/archive">${csrfField(a.csrf)}<p><button type="submit" name="archived" value="no" class="secondary">Unarchive</button></p></form></section>`;
  }
  if (d.status === 'closed') {
    return html`<section aria-labelledby="h-archive"><h2 id="h-archive">Archive</h2>
<p>Archiving takes it out of the sidebar and articles. Its results and ballots stay public in the list of polls.</p>
<form method="post" action="/admin/polls/${p.id}/archive">${csrfField(a.csrf)}<p><button type="submit" name="archived" value="yes" class="secondary">Archive</button></p></form></section>`;
  }
  return html`<section class="danger-zone" aria-labelledby="h-close"><h2 id="h-close">Close the poll</h2>
<p>No more votes are taken, and the key behind the voters’ hashes is destroyed. This cannot be undone.</p>
<form method="post" action="/admin/polls/${p.id}/close">${csrfField(a.csrf)}<p><button type="submit" class="danger">Close now</button></p></form></section>`;
}

export function pollActions(a: AdminContext, d: PollActionsData): Html {
  return html`<section aria-labelledby="h-where"><h2 id="h-where">Where it shows</h2>
${sidebarForm(a, d.poll, d.status)}
${articleForm(a, d.poll, d.articles)}
</section>
${exports(d)}
${closeAndArchive(a, d)}`;
}

/** Closing asks first, on a page of its own, so it works without JavaScript. */
export function closeConfirmMain(a: AdminContext, p: Poll, voters: number): Html {
  return html`<h1>Close this poll?</h1>
<p><strong>${p.question}</strong></p>
<p>${voters === 1 ? '1 reader has' : `${voters.toLocaleString('en')} readers have`} voted. Once it closes no more votes are taken, and the key behind the voters’ hashes is destroyed, so nobody can tell any more who voted. It cannot be opened again. The results become public to everyone.</p>
<form method="post" action="/admin/polls/${p.id}/close">${csrfField(a.csrf)}
<input type="hidden" name="confirm" value="yes">
<p><button type="submit" class="danger">Close the poll</button> <a href="/admin/polls/${p.id}">Cancel</a></p>
</form>`;
}
