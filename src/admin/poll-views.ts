import type { PollProblems } from '../polls/service.ts';
import type { Poll } from '../polls/store.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { field } from './form-fields.ts';
import type { ArticleChoice } from './poll-admin-store.ts';

/**
 * The newsroom's poll pages: the list, and the form a poll is written in.
 * What happens to a poll after it is written (where it shows, closing,
 * exports) is in poll-actions-view.ts.
 */

export type PollStatus = 'open' | 'scheduled' | 'closed' | 'archived';

export interface PollListRow {
  poll: Poll;
  status: PollStatus;
  voters: number;
  article: ArticleChoice | null;
}

export const POLICY_WORDS: Record<Poll['policy'], { label: string; explain: string }> = {
  account: {
    label: 'Signed-in readers only',
    explain: 'One vote per reader account. The firmest count, since each extra vote needs another email address; but readers must sign in first (we email them a link), so fewer will take part.',
  },
  browser: {
    label: 'One per browser',
    explain: 'Anyone can vote without signing in; the browser keeps a random token so it cannot vote twice. The easiest for readers, and the easiest to get round: another browser, a private window or clearing cookies gives another vote.',
  },
  browser_address: {
    label: 'One per browser and address',
    explain: 'As one per browser, and each internet address votes once too. Harder to stuff, but people who share an address (a household, an office, a café, some phone networks) count as one: after the first, the rest are turned away.',
  },
};

export const RESULTS_WORDS: Record<Poll['showResults'], { label: string; explain: string }> = {
  always: { label: 'Always', explain: 'Anyone can see the counts, voted or not. Early results can sway later voters.' },
  after_vote: { label: 'After voting', explain: 'A reader sees the counts once they have voted; everyone sees them when the poll closes.' },
  after_close: { label: 'After it closes', explain: 'Nobody sees the counts, and the list of ballots is not published, until the poll closes.' },
};

const STATUS_WORDS: Record<PollStatus, string> = { open: 'open', scheduled: 'scheduled', closed: 'closed', archived: 'archived' };

export function statusBadge(status: PollStatus): Html {
  return html`<span class="status status--${status}">${STATUS_WORDS[status]}</span>`;
}

function shownIn(r: PollListRow): Html {
  const places: Html[] = [];
  if (r.poll.inSidebar) places.push(html`Sidebar`);
  if (r.article) places.push(html`In “${r.article.path && r.article.status === 'published' ? html`<a href="${r.article.path}">${r.article.title}</a>` : r.article.title}”`);
  return places.length ? html`${places.map((p, i) => html`${i ? html`<br>` : ''}${p}`)}` : html`<span class="hint">Not shown</span>`;
}

function pollTable(rows: PollListRow[], caption: string): Html {
  return html`<table class="admin-table poll-table"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">Question</th><th scope="col">Status</th><th scope="col">Voters</th><th scope="col">Shown</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td><a href="/admin/polls/${r.poll.id}">${r.poll.question}</a></td>
<td>${statusBadge(r.status)}</td>
<td>${r.voters.toLocaleString('en')}</td>
<td>${shownIn(r)}</td>
</tr>`)}</tbody></table>`;
}

export function pollListMain(rows: PollListRow[], message?: string): Html {
  const current = rows.filter((r) => r.status !== 'archived');
  const archived = rows.filter((r) => r.status === 'archived');
  return html`<h1>Polls</h1>
${flash(message)}
<p>Reader polls show in the sidebar of every page (one at a time) or inside an article. Results are always added up from the public list of ballots; nobody can type in a number.</p>
<p><a href="/admin/polls/new">Start a new poll</a> · <a href="/polls">The public list of polls</a></p>
${current.length ? pollTable(current, 'Polls') : html`<p class="empty">No polls yet.</p>`}
${archived.length ? html`<section aria-labelledby="h-archived"><h2 id="h-archived">Archived</h2>
<p class="hint">Out of the sidebar and articles; their results and ballots stay public.</p>
${pollTable(archived, 'Archived polls')}</section>` : ''}`;
}

/** The form's fields as typed (or as stored, turned into the same text). */
export type PollValues = Record<'question' | 'options' | 'choice_mode' | 'max_choices' | 'policy' | 'show_results' | 'opens_at' | 'closes_at', string>;

export function valuesOf(p: Poll, local: (iso: string) => string): PollValues {
  return {
    question: p.question, options: p.options.join('\n'), choice_mode: p.maxChoices > 1 ? 'several' : 'single', max_choices: String(Math.max(2, p.maxChoices)),
    policy: p.policy, show_results: p.showResults, opens_at: p.opensAt ? local(p.opensAt) : '', closes_at: p.closesAt ? local(p.closesAt) : '',
  };
}

const err = (problems: PollProblems, key: keyof PollProblems) => problems[key] ? html`<p class="field-error" id="err-${key}">${problems[key]}</p>` : '';

function radios<K extends string>(name: string, legend: string, words: Record<K, { label: string; explain: string }>, chosen: string, note?: string): Html {
  return html`<fieldset class="field choice-group"><legend>${legend}</legend>
${note ? html`<p class="hint">${note}</p>` : ''}
${(Object.keys(words) as K[]).map((k) => html`<div class="choice">
<input type="radio" id="f-${name}-${k}" name="${name}" value="${k}"${chosen === k ? html` checked` : ''} aria-describedby="hint-${name}-${k}">
<label for="f-${name}-${k}">${words[k].label}</label>
<p class="hint" id="hint-${name}-${k}">${words[k].explain}</p>
</div>`)}
</fieldset>`;
}

function choiceCount(v: PollValues, problems: PollProblems): Html {
  return html`<fieldset class="field choice-group${problems.max_choices ? ' field--error' : ''}"><legend>How many options a reader may choose</legend>
<div class="choice"><input type="radio" id="f-choice_mode-single" name="choice_mode" value="single"${v.choice_mode !== 'several' ? html` checked` : ''}><label for="f-choice_mode-single">One</label></div>
<div class="choice"><input type="radio" id="f-choice_mode-several" name="choice_mode" value="several"${v.choice_mode === 'several' ? html` checked` : ''}><label for="f-choice_mode-several">Several</label></div>
<div class="field choice-number"><label for="f-max_choices">At most (when several)</label>
<input id="f-max_choices" name="max_choices" type="number" inputmode="numeric" min="2" max="20" value="${v.max_choices || '2'}"${problems.max_choices ? html` aria-invalid="true" aria-describedby="err-max_choices"` : ''}></div>
${err(problems, 'max_choices')}
</fieldset>`;
}

function dateField(name: 'opens_at' | 'closes_at', label: string, v: PollValues, problems: PollProblems, hint: string): Html {
  const bad = problems[name];
  return field(name, label, html`<input id="f-${name}" name="${name}" type="datetime-local" value="${v[name]}" aria-describedby="hint-${name}${bad ? ` err-${name}` : ''}"${bad ? html` aria-invalid="true"` : ''}>`, problems, hint);
}

/** The fields that are fixed once the first vote is in: all of them while nothing is. */
function frozenFields(v: PollValues, problems: PollProblems, timezone: string): Html {
  const q = problems.question;
  const o = problems.options;
  return html`${field('question', 'Question', html`<textarea id="f-question" name="question" rows="2" required maxlength="300"${q ? html` aria-invalid="true" aria-describedby="err-question"` : ''}>${v.question}</textarea>`, problems)}
${field('options', 'Options', html`<textarea id="f-options" name="options" rows="6" required aria-describedby="hint-options${o ? ' err-options' : ''}"${o ? html` aria-invalid="true"` : ''}>${v.options}</textarea>`, problems, 'One per line, from 2 to 20, in the order readers will see them.')}
${choiceCount(v, problems)}
${radios('policy', 'Who may vote', POLICY_WORDS, v.policy, 'Whichever you choose, only keyed hashes of who voted are kept, and the key is destroyed when the poll closes.')}
${dateField('opens_at', 'Opens at (optional)', v, problems, `In the site’s time zone (${timezone}). Leave empty to open it as soon as it is saved.`)}`;
}

/** After the first vote: what the board starts from, shown but not editable. */
function fixedFacts(p: Poll, when: (iso: string) => string, closed: boolean): Html {
  return html`<p class="flash flash--note">${closed
    ? 'This poll has closed, so nothing about it can change now. You can still archive it, move it or export its results.'
    : 'Votes have been cast, so the question, the options, who may vote and the opening time are fixed: the public list of ballots starts from them. You can still change when the poll closes and when its results show.'}</p>
<dl class="poll-facts">
<dt>Question</dt><dd>${p.question}</dd>
<dt>Options</dt><dd><ol>${p.options.map((o) => html`<li>${o}</li>`)}</ol></dd>
<dt>Choices</dt><dd>${p.maxChoices > 1 ? `Up to ${p.maxChoices}` : 'One'}</dd>
<dt>Who may vote</dt><dd>${POLICY_WORDS[p.policy].label}</dd>
<dt>Opens</dt><dd>${p.opensAt ? when(p.opensAt) : 'When it was saved'}</dd>
${closed ? html`<dt>Results shown</dt><dd>${RESULTS_WORDS[p.showResults].label}</dd>
<dt>Closed</dt><dd>${when(p.closedAt ?? p.closesAt!)}</dd>` : ''}
</dl>`;
}

export interface PollFormData {
  /** The poll being edited; null for a new one. */
  poll: Poll | null;
  /** Closed (by hand or by its time): shown, not editable. */
  closed: boolean;
  values: PollValues;
  problems: PollProblems;
  timezone: string;
  when: (iso: string) => string;
}

export function pollForm(a: AdminContext, d: PollFormData): Html {
  const p = d.poll;
  const frozen = p !== null && p.genesis !== null;
  if (p && d.closed) return fixedFacts(p, d.when, true);
  return html`${d.problems.form ? flash(d.problems.form, 'error') : ''}
${Object.keys(d.problems).some((k) => k !== 'form') ? flash('Some fields need attention; see the messages beside them.', 'error') : ''}
${frozen ? fixedFacts(p, d.when, false) : ''}
<form method="post" action="${p ? `/admin/polls/${p.id}` : '/admin/polls'}" class="poll-admin-form">${csrfField(a.csrf)}
${frozen ? '' : frozenFields(d.values, d.problems, d.timezone)}
${radios('show_results', 'When the results show', RESULTS_WORDS, d.values.show_results)}
${dateField('closes_at', 'Closes at (optional)', d.values, d.problems, `In the site’s time zone (${d.timezone}). Leave empty to keep it open until you close it.`)}
<p><button type="submit">${p ? 'Save poll' : 'Create poll'}</button></p>
</form>`;
}
