import { formatDateTime } from '../lib/time.ts';
import { type Html, html, raw } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { commentForm, type FormState } from './form-view.ts';
import type { OwnComment, ShownComment } from './store.ts';
import { commentHtml, commentTime, threadList } from './views.ts';
import { commentWords } from './words.ts';

/**
 * The comments' own pages: the answer to a post sent without JavaScript, a
 * whole thread, the reply page, and the author's edit, delete and "your
 * comments" pages. None is indexed; the thread page is cached like the article.
 */

type ArticleLink = { title: string; path: string };

function page(ctx: ViewContext, title: string, main: Html, opts: { canonical?: string; scripts?: string[] } = {}): string {
  return layout(ctx, { title, noindex: true, canonical: opts.canonical, scripts: opts.scripts }, html`<div class="comments-page">${main}</div>`);
}

function back(ctx: ViewContext, a: ArticleLink): Html {
  return html`<p class="comments-back"><a href="${a.path}#comments">${commentWords(ctx.settings.language).backToArticle(a.title)}</a></p>`;
}

/** The answer to a post: a message, and the form again with what was typed when it was refused. */
export function answerPage(ctx: ViewContext, d: { article: ArticleLink; title: string; message: string; kind: 'ok' | 'error'; form?: { state: FormState; who: 'guests' | 'readers' } }): string {
  const main = html`<h1>${d.title}</h1>
<p class="comments-notice comments-notice--${d.kind}" role="${d.kind === 'error' ? 'alert' : 'status'}">${d.message}</p>
${d.form ? commentForm(ctx, d.form.state, { who: d.form.who, headingLevel: 2 }) : ''}
${back(ctx, d.article)}`;
  return page(ctx, d.title, main);
}

/** A whole thread, from its first comment: the address "show the whole thread" and reply emails lead to. */
export function threadPageView(ctx: ViewContext, d: { article: ArticleLink; root: number; comments: ShownComment[]; open: boolean }): string {
  const w = commentWords(ctx.settings.language);
  const top = d.comments.filter((c) => c.id === d.root);
  const replies = new Map<number, ShownComment[]>();
  for (const c of d.comments) if (c.id !== d.root && c.parentId !== null) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  const title = w.threadTitle(d.article.title);
  const main = html`<h1>${title}</h1>
${back(ctx, d.article)}
<div class="comments">${threadList(ctx, top, replies, d.open)}</div>
<p class="comments-links"><a href="/moderation">${w.moderationLog}</a></p>`;
  return page(ctx, title, main, { canonical: `/comments/${d.root}` });
}

/** Replying without JavaScript: the comment, and the form under it. */
export function replyPage(ctx: ViewContext, d: { article: ArticleLink; parent: ShownComment; form: FormState; who: 'guests' | 'readers' }): string {
  const title = commentWords(ctx.settings.language).replyHeading(d.parent.authorName);
  const main = html`<h1>${title}</h1>
<div class="comments comments--single">${commentHtml(ctx, d.parent, { open: false })}</div>
${commentForm(ctx, d.form, { who: d.who, headingLevel: 2 })}
${back(ctx, d.article)}`;
  return page(ctx, title, main);
}

export function editPage(ctx: ViewContext, d: { article: ArticleLink; id: number; body: string; until: Date; error?: string; status?: number }): string {
  const w = commentWords(ctx.settings.language);
  const until = formatDateTime(d.until.toISOString(), ctx.settings.locale, ctx.settings.timezone);
  const main = html`<h1>${w.editTitle}</h1>
<form class="comment-form" method="post" action="/comments/${d.id}/edit">
<p class="hint" id="e-until">${w.editUntil(until)}</p>
<div class="field${d.error ? ' field--error' : ''}"><label for="e-body">${w.bodyLabel}</label>
<textarea id="e-body" name="body" rows="8" required aria-describedby="e-until${d.error ? ' e-body-error' : ''}"${d.error ? html` aria-invalid="true"` : ''}>${d.body}</textarea>
${d.error ? html`<p class="field-error" id="e-body-error">${d.error}</p>` : ''}</div>
<p class="comment-form__actions"><button type="submit">${w.save}</button> <a href="/comments/${d.id}/delete">${w.deleteTitle}</a></p>
</form>
${back(ctx, d.article)}`;
  return page(ctx, w.editTitle, main);
}

export function deletePage(ctx: ViewContext, d: { article: ArticleLink; comment: ShownComment }): string {
  const w = commentWords(ctx.settings.language);
  const main = html`<h1>${w.deleteTitle}</h1>
<div class="comments comments--single">${commentHtml(ctx, d.comment, { open: false })}</div>
<p>${w.deleteExplain}</p>
<form method="post" action="/comments/${d.comment.id}/delete"><input type="hidden" name="confirm" value="yes">
<p><button type="submit" class="comments-danger">${w.deleteButton}</button></p></form>
${back(ctx, d.article)}`;
  return page(ctx, w.deleteTitle, main);
}

/** What this browser and account posted, each with what its author may still do. */
export function yoursPage(ctx: ViewContext, d: { list: OwnComment[]; editableUntil: (c: OwnComment) => Date; now: Date }): string {
  const w = commentWords(ctx.settings.language);
  const item = (c: OwnComment) => {
    const live = c.status === 'visible' || c.status === 'pending';
    const editable = live && d.editableUntil(c) > d.now;
    return html`<li class="own-comment" id="own-${c.id}">
<p class="own-comment__meta">${c.articlePath && c.articleStatus === 'published' ? html`<a href="${c.articlePath}#comment-${c.id}">${w.onArticle(c.articleTitle)}</a>` : w.onArticle(c.articleTitle)} · ${commentTime(ctx, c.createdAt)} · <span class="own-comment__status">${w.statusWords[c.status]}</span></p>
${live ? html`<div class="comment__body">${raw(c.bodyHtml)}</div>` : ''}
${live ? html`<p class="comment__actions">${editable ? html`<a href="/comments/${c.id}/edit">${w.editTitle}</a> ` : ''}<a href="/comments/${c.id}/delete">${w.deleteTitle}</a></p>` : ''}
</li>`;
  };
  const main = html`<h1>${w.yoursTitle}</h1>
<p>${w.yoursIntro}</p>
${d.list.length ? html`<ol class="own-comments">${d.list.map(item)}</ol>` : html`<p>${w.yoursNone}</p>`}`;
  return page(ctx, w.yoursTitle, main);
}

export function unsubscribePage(ctx: ViewContext, d: { state: 'ask' | 'done' | 'bad'; token?: string; articleTitle?: string }): string {
  const w = commentWords(ctx.settings.language);
  const main = d.state === 'bad'
    ? html`<h1>${w.unsubscribeTitle}</h1><p class="comments-notice comments-notice--error" role="alert">${w.unsubscribeBad}</p>`
    : d.state === 'done'
      ? html`<h1>${w.unsubscribeTitle}</h1><p class="comments-notice comments-notice--ok" role="status">${w.unsubscribed}</p>`
      : html`<h1>${w.unsubscribeTitle}</h1><p>${w.unsubscribeExplain(d.articleTitle ?? '')}</p>
<form method="post" action="/comments/unsubscribe/${d.token}"><p><button type="submit">${w.unsubscribeButton}</button></p></form>`;
  return page(ctx, w.unsubscribeTitle, main);
}
