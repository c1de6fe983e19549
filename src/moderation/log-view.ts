import { stringsFor } from '../i18n/strings.ts';
import { formatDate } from '../lib/time.ts';
import type { Pagination } from '../lib/pagination.ts';
import { type Html, html } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { pageLinks, pagination } from '../views/partials.ts';
import type { LogEntry } from './store.ts';
import { moderationWords, type ModerationWords } from './words.ts';

/**
 * The public moderation log at /moderation: the same for every reader, so it is
 * cached (it names the `moderation-log` dependency and each article it links).
 * It shows the date, the decision, whose comment, the reason and the article —
 * never a removed comment's words, never a reporter, never a moderator's note.
 */

export function actionLabel(w: ModerationWords, e: Pick<LogEntry, 'action' | 'until'>, date: (iso: string) => string): string {
  if (e.action === 'ban') return w.actions.ban(e.until ? date(e.until) : null);
  return w.actions[e.action];
}

function articleCell(w: ModerationWords, e: LogEntry): Html {
  if (e.articleId === null) return html``;
  return e.articlePublished && e.articlePath ? html`<a href="${e.articlePath}">${e.articleTitle}</a>` : html`<span class="modlog__gone">${w.articleGone}</span>`;
}

export function logPageView(ctx: ViewContext, entries: LogEntry[], p: Pagination): string {
  const w = moderationWords(ctx.settings.language);
  const date = (iso: string) => formatDate(iso, ctx.settings.locale, ctx.settings.timezone);
  const rows = entries.map((e) => html`<tr id="entry-${e.id}">
<td data-label="${w.columns.when}"><time datetime="${e.createdAt}">${date(e.createdAt)}</time></td>
<td data-label="${w.columns.action}">${actionLabel(w, e, date)}${e.appealOfDate ? html`<span class="modlog__of"> (${w.appealOf(date(e.appealOfDate))})</span>` : ''}</td>
<td data-label="${w.columns.whose}">${e.subject}</td>
<td data-label="${w.columns.reason}">${e.reason}</td>
<td data-label="${w.columns.article}">${articleCell(w, e)}</td>
</tr>`);
  const main = html`<header class="listing-header"><h1>${w.logTitle}</h1><p class="listing-description">${w.logIntro}</p></header>
<p class="modlog__never">${w.logNever}</p>
${entries.length ? html`<div class="modlog__scroll"><table class="modlog">
<caption class="visually-hidden">${w.logTitle}</caption>
<thead><tr><th scope="col">${w.columns.when}</th><th scope="col">${w.columns.action}</th><th scope="col">${w.columns.whose}</th><th scope="col">${w.columns.reason}</th><th scope="col">${w.columns.article}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>` : html`<p class="empty">${w.logEmpty}</p>`}
${pagination(p, '/moderation', {}, stringsFor(ctx.settings.language))}`;
  return layout(ctx, { title: w.logTitle, canonical: p.current > 1 ? `/moderation?page=${p.current}` : '/moderation', head: html`<link rel="stylesheet" href="${ctx.assets.url('moderation.css')}">${pageLinks(p, '/moderation')}` }, main);
}
