import { formatDate } from '../lib/time.ts';
import { type Html, html, raw } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import type { AppealTarget } from './appeals.ts';
import { APPEAL_DAYS, APPEAL_MAX, APPEAL_MIN, NOTE_MAX } from './rules.ts';
import type { ModeratedComment } from './store.ts';
import { moderationWords, type ModerationWords } from './words.ts';

/**
 * The reader's moderation pages: reporting a comment, appealing a decision,
 * stopping moderation mail. Private pages (each carries a form token), in the
 * look of the reader's account pages.
 */

/** In the look of the reader's account pages (never indexed), with moderation's own few rules. */
function accountPage(ctx: ViewContext, title: string, main: Html): string {
  const head = html`<link rel="stylesheet" href="${ctx.assets.url('account.css')}"><link rel="stylesheet" href="${ctx.assets.url('moderation.css')}">`;
  return layout(ctx, { title, noindex: true, head }, html`<div class="account">${main}</div>`);
}

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function notice(message: string | undefined, kind: 'ok' | 'error' = 'ok'): Html {
  return message ? html`<p class="account-notice account-notice--${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>` : html``;
}

const commentAnchor = (c: ModeratedComment) => `${c.articlePath}#comment-${c.id}`;

function quoted(w: ModerationWords, c: ModeratedComment, heading: string): Html {
  return html`<figure class="mod-quote">
<figcaption>${heading} ${w.onArticle} ${c.articlePublished && c.articlePath ? html`<a href="${c.articlePath}">${c.articleTitle}</a>` : c.articleTitle}</figcaption>
<blockquote class="mod-quote__body">${raw(c.bodyHtml)}</blockquote>
</figure>`;
}

export interface ReportPageData {
  csrf: string;
  comment: ModeratedComment;
  reasons: string[];
  values?: { reason: string; note: string };
  errors?: { reason?: string; note?: string };
  /** Shown instead of the form: a thank-you, or why no report can be made. */
  state?: { message: string; kind: 'ok' | 'error' };
}

export function reportView(ctx: ViewContext, d: ReportPageData): string {
  const w = moderationWords(ctx.settings.language);
  const c = d.comment;
  const v = d.values ?? { reason: '', note: '' };
  const e = d.errors ?? {};
  const form = html`<form class="account-form" method="post" action="/comments/${c.id}/report">
${csrfField(d.csrf)}
<div class="account-field${e.reason ? ' account-field--error' : ''}">
<label for="report-reason">${w.reasonLabel}</label>
<select id="report-reason" name="reason" required${e.reason ? html` aria-invalid="true" aria-describedby="report-reason-error"` : ''}>
<option value="">—</option>
${d.reasons.map((r) => html`<option${r === v.reason ? html` selected` : ''}>${r}</option>`)}
</select>
${e.reason ? html`<p class="account-field__error" id="report-reason-error">${e.reason}</p>` : ''}
</div>
<div class="account-field${e.note ? ' account-field--error' : ''}">
<label for="report-note">${w.noteLabel}</label>
<textarea id="report-note" name="note" rows="3" maxlength="${NOTE_MAX}"${e.note ? html` aria-invalid="true" aria-describedby="report-note-error"` : ''}>${v.note}</textarea>
${e.note ? html`<p class="account-field__error" id="report-note-error">${e.note}</p>` : ''}
</div>
<p><button type="submit">${w.sendReport}</button></p>
</form>`;
  const main = html`<h1>${w.reportTitle}</h1>
${d.state ? notice(d.state.message, d.state.kind) : ''}
${c.status === 'visible' ? quoted(w, c, w.commentBy(c.authorName)) : ''}
${d.state ? '' : html`<p>${w.reportIntro}</p><p class="account-aside">${w.reportAccountable}</p>${form}`}
${c.articlePublished && c.articlePath ? html`<p><a href="${commentAnchor(c)}">${w.backToArticle}</a></p>` : ''}`;
  return accountPage(ctx, w.reportTitle, main);
}

export interface AppealPageData {
  csrf: string;
  /** Where the form posts: /account/appeals/:id or the guest's signed link. */
  action: string;
  target: AppealTarget;
  value?: string;
  error?: string;
  sent?: boolean;
}

export function appealView(ctx: ViewContext, d: AppealPageData): string {
  const w = moderationWords(ctx.settings.language);
  const date = (iso: string) => formatDate(iso, ctx.settings.locale, ctx.settings.timezone);
  const { entry, comment, appeal, refusal } = d.target;
  const decision = entry.action === 'ban'
    ? w.decisionBanned(date(entry.createdAt), entry.until ? date(entry.until) : null, entry.reason)
    : w.decisionRemoved(date(entry.createdAt), entry.articleTitle ?? '', entry.reason);
  let state: Html = html``;
  if (appeal?.decision) state = notice(w.appealDecided(appeal.decision, appeal.decisionReason ?? ''));
  else if (appeal) state = notice(d.sent ? w.appealSent : w.appealWaiting);
  else if (refusal === 'too-late') state = notice(w.appealTooLate(APPEAL_DAYS), 'error');
  const form = html`<p>${w.appealRules(APPEAL_DAYS)}</p>
<form class="account-form" method="post" action="${d.action}">
${csrfField(d.csrf)}
<div class="account-field${d.error ? ' account-field--error' : ''}">
<label for="appeal-text">${w.appealLabel}</label>
<p class="account-field__hint" id="appeal-hint">${w.appealHint(APPEAL_MIN, APPEAL_MAX)}</p>
<textarea id="appeal-text" name="text" rows="8" required minlength="${APPEAL_MIN}" maxlength="${APPEAL_MAX}" aria-describedby="appeal-hint${d.error ? ' appeal-error' : ''}"${d.error ? html` aria-invalid="true"` : ''}>${d.value ?? ''}</textarea>
${d.error ? html`<p class="account-field__error" id="appeal-error">${d.error}</p>` : ''}
</div>
<p><button type="submit">${w.sendAppeal}</button></p>
</form>`;
  const main = html`<h1>${w.appealTitle}</h1>
${state}
<p>${decision}</p>
${comment ? quoted(w, comment, w.yourComment) : ''}
${appeal && appeal.text ? html`<h2>${w.appealLabel}</h2><p class="mod-appeal-text">${appeal.text}</p>` : ''}
${!appeal && refusal === null ? form : ''}`;
  return accountPage(ctx, w.appealTitle, main);
}

export function appealLinkBadView(ctx: ViewContext): string {
  const w = moderationWords(ctx.settings.language);
  return accountPage(ctx, w.appealTitle, html`<h1>${w.appealTitle}</h1>${notice(w.appealLinkBad, 'error')}`);
}

export function unsubscribeView(ctx: ViewContext, d: { token: string; done: boolean }): string {
  const w = moderationWords(ctx.settings.language);
  const main = html`<h1>${w.unsubscribeTitle}</h1>
${d.done ? notice(w.unsubscribed) : html`<p>${w.unsubscribeExplain}</p>
<form class="account-form" method="post" action="/moderation/mail/${d.token}"><p><button type="submit">${w.unsubscribeButton}</button></p></form>`}`;
  return accountPage(ctx, w.unsubscribeTitle, main);
}
