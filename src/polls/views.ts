import { formatDateTime } from '../lib/time.ts';
import { type Html, html } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import type { BoardEntry } from './board.ts';
import type { VoteRefusal } from './service.ts';
import type { Poll } from './store.ts';
import { percentages, type Tally } from './tally.ts';
import { type PollWords, pollWords } from './words.ts';

/**
 * The poll as cached pages carry it: the question and the options, the same
 * for every reader. Whether this reader has voted, and the counts, come from
 * the poll's own page (no JavaScript) or a small uncached request (poll.js).
 */
export function pollForm(ctx: ViewContext, p: Poll, opts: { open: boolean; headingLevel?: 2 | 3; label?: string }): Html {
  const w = pollWords(ctx.settings.language);
  // A page with two polls (the sidebar's and an article's) names each differently: landmarks must not share a name.
  const label = opts.label ?? w.readerPoll;
  const multiple = p.maxChoices > 1;
  const heading = opts.headingLevel === 3 ? html`<h3 class="block-heading">${w.readerPoll}</h3>` : html`<h2 class="block-heading">${w.readerPoll}</h2>`;
  if (!opts.open) {
    return html`<section class="poll" data-poll="${p.id}" aria-label="${label}">${heading}
<p class="poll-question">${p.question}</p>
<p>${w.closed} <a href="/polls/${p.id}">${w.viewResults}</a></p>
</section>`;
  }
  return html`<section class="poll" data-poll="${p.id}" aria-label="${label}">${heading}
<form method="post" action="/polls/${p.id}/vote" class="poll-form">
<fieldset><legend class="poll-question">${p.question}</legend>
${multiple ? html`<p class="hint" id="poll-${p.id}-hint">${w.chooseUpTo(p.maxChoices)}</p>` : ''}
${p.options.map((label, i) => html`<label class="poll-option"><input type="${multiple ? 'checkbox' : 'radio'}" name="choice" value="${i + 1}"${multiple ? '' : html` required`}> ${label}</label>`)}
</fieldset>
<p class="poll-actions"><button type="submit">${w.vote}</button> <a href="/polls/${p.id}">${w.viewResults}</a></p>
</form>
<div class="poll-live" data-poll-live aria-live="polite"></div>
</section>`;
}

/** The counts as text, with a bar for each drawn in SVG (attributes, not styles: the page's content policy allows no inline style). */
export function resultsBlock(ctx: ViewContext, p: Poll, t: Tally, opts: { chosen?: number[] } = {}): Html {
  const w = pollWords(ctx.settings.language);
  const pct = percentages(t.counts);
  return html`<div class="poll-results">
<ol class="poll-bars">
${p.options.map((label, i) => html`<li${opts.chosen?.includes(i + 1) ? html` class="poll-chosen"` : ''}>
<span class="poll-bar-label">${label}</span>
<span class="poll-bar-figures"><strong>${pct[i]}%</strong> (${w.votes(t.counts[i] ?? 0)})</span>
<svg class="poll-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="poll-bar-track" x="0" y="0" width="100" height="6"></rect><rect class="poll-bar-fill" x="0" y="0" width="${pct[i]}" height="6"></rect></svg>
</li>`)}
</ol>
<p class="poll-total">${w.voters(t.voters)}</p>
</div>`;
}

export interface PollPageData {
  poll: Poll;
  open: boolean;
  closed: boolean;
  voted: boolean;
  tally: Tally | null;
  /** Just voted: the receipt, shown once, and the choices. */
  receipt?: { receipt: string; choices: number[] };
  refusal?: VoteRefusal['code'];
  check?: { receipt: string; found: BoardEntry | null };
  boardPublic: boolean;
}

export function pollPage(ctx: ViewContext, d: PollPageData): string {
  const w = pollWords(ctx.settings.language);
  const p = d.poll;
  const when = (iso: string) => formatDateTime(iso, ctx.settings.locale, ctx.settings.timezone);
  const main = html`<article class="poll-page">
<header class="listing-header"><p class="kicker">${w.readerPoll}</p><h1>${p.question}</h1>
${d.closed ? html`<p>${w.closed}</p>` : d.open && p.closesAt ? html`<p>${w.closesAt(when(p.closesAt))}</p>` : !d.open ? html`<p>${w.notOpenYet}</p>` : ''}
</header>
${d.refusal ? html`<p class="flash flash--error" role="alert">${w.refusals[d.refusal]}${d.refusal === 'sign-in' ? html` <a href="/account/sign-in">${w.signInToVote}</a>` : ''}</p>` : ''}
${d.receipt ? receiptBox(w, d.receipt.receipt) : ''}
${d.tally ? html`<section aria-labelledby="h-results"><h2 id="h-results">${w.results}</h2>${resultsBlock(ctx, p, d.tally, { chosen: d.receipt?.choices })}</section>`
    : html`<p>${w.resultsLater[p.showResults === 'after_vote' ? 'after_vote' : 'after_close']}</p>`}
${d.open && !d.voted && !d.receipt ? pollForm(ctx, p, { open: true }) : ''}
${d.tally && d.boardPublic ? html`<section aria-labelledby="h-board"><h2 id="h-board">${w.board}</h2>
<p>${w.boardExplain}</p>
<p><a href="/polls/${p.id}/board.json">board.json</a> · <a href="/polls/${p.id}/board.csv">board.csv</a> · <a href="/polls/${p.id}/results.json">results.json</a></p>
<p>${w.head} (${d.tally.seq}): <code class="poll-hash">${d.tally.head}</code></p>
</section>` : ''}
${p.genesis ? checkForm(w, p, d.check) : ''}
</article>`;
  return layout(ctx, { title: p.question, description: p.question, canonical: `/polls/${p.id}`, scripts: ['poll.js'] }, main);
}

export function receiptBox(w: PollWords, receipt: string): Html {
  return html`<section class="poll-receipt" role="status" aria-labelledby="h-receipt">
<p id="h-receipt"><strong>${w.thanks}</strong></p>
<p>${w.receiptIntro} <code class="poll-hash" data-receipt>${receipt}</code></p>
<p class="hint">${w.receiptKeep}</p>
</section>`;
}

function checkForm(w: PollWords, p: Poll, check: PollPageData['check']): Html {
  const found = check?.found;
  return html`<section aria-labelledby="h-check"><h2 id="h-check">${w.checkTitle}</h2>
<p>${w.checkExplain}</p>
${check ? html`<p class="flash flash--${found ? 'ok' : 'error'}" role="status">${found ? w.onBoard(found.seq, found.choices.map((c) => p.options[c - 1]).join(', '), found.hour) : w.notOnBoard}</p>` : ''}
<form method="post" action="/polls/${p.id}/check" class="poll-check">
<label for="receipt-${p.id}">${w.receiptLabel}</label>
<input id="receipt-${p.id}" name="receipt" required maxlength="64" autocomplete="off" spellcheck="false" value="${check?.receipt ?? ''}">
<button type="submit">${w.check}</button>
</form>
</section>`;
}

export function archivePage(ctx: ViewContext, list: { poll: Poll; tally: Tally | null; closed: boolean }[]): string {
  const w = pollWords(ctx.settings.language);
  const main = html`<header class="listing-header"><h1>${w.archiveTitle}</h1><p class="listing-description">${w.archiveIntro}</p></header>
${list.length ? list.map(({ poll, tally, closed }) => html`<section class="poll-archive-item" aria-labelledby="poll-h-${poll.id}">
<h2 id="poll-h-${poll.id}"><a href="/polls/${poll.id}">${poll.question}</a></h2>
${closed ? html`<p class="hint">${w.closed}</p>` : ''}
${tally ? resultsBlock(ctx, poll, tally) : html`<p>${poll.showResults === 'after_vote' ? w.resultsToVoters : w.resultsLater.after_close} <a href="/polls/${poll.id}">${w.viewResults}</a></p>`}
</section>`) : html`<p class="empty">${w.noPolls}</p>`}`;
  return layout(ctx, { title: w.archiveTitle, canonical: '/polls' }, main);
}
