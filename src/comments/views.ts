import { formatDateTime } from '../lib/time.ts';
import { type Html, html, raw } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { commentForm, type FormState } from './form-view.ts';
import type { ShownComment, Sort, ThreadPage } from './store.ts';
import { SORTS } from './store.ts';
import { type CommentWords, commentWords } from './words.ts';

/**
 * Comments as pages show them: the same for every reader (the article page is
 * cached), so nothing here depends on who is looking. A reader's own controls
 * (edit, delete) come from /comments/yours, or from comments.js.
 */

/** Formatted times, kept: a page of comments formats hundreds, and the same ones on every uncached view. */
const formatted = new Map<string, string>();

export function commentTime(ctx: ViewContext, iso: string): Html {
  const key = `${ctx.settings.locale}|${ctx.settings.timezone}|${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= 50_000) formatted.clear();
    text = formatDateTime(iso, ctx.settings.locale, ctx.settings.timezone);
    formatted.set(key, text);
  }
  return html`<time datetime="${iso}">${text}</time>`;
}

/** One comment: the author's name, when, the text, and what a reader can do with it; or the marker that stands in for it. */
export function commentHtml(ctx: ViewContext, c: ShownComment, opts: { open: boolean }): Html {
  const w = commentWords(ctx.settings.language);
  if (c.status === 'removed' || c.status === 'deleted') {
    const marker = c.status === 'removed' ? w.removed(c.removedReason ?? '') : w.deleted;
    return html`<article class="comment comment--${c.status}" id="comment-${c.id}"><p class="comment__marker">${marker}</p></article>`;
  }
  return html`<article class="comment" id="comment-${c.id}">
<p class="comment__meta"><span class="comment__author">${c.authorName}</span>${c.staff ? html` <span class="comment__badge">${w.staff}</span>` : ''} · <a class="comment__time" href="/comments/${c.id}#comment-${c.id}">${commentTime(ctx, c.createdAt)}</a>${c.editedAt ? html` · <span class="comment__edited">${w.edited}</span>` : ''}</p>
<div class="comment__body">${raw(c.bodyHtml)}</div>
<p class="comment__actions">${opts.open ? html`<a href="/comments/${c.id}/reply" data-reply="${c.id}" rel="nofollow">${w.reply}</a> ` : ''}<a href="/comments/${c.id}/report" rel="nofollow">${w.report}</a></p>
</article>`;
}

/** A comment and the replies shown under it, nested. */
function branch(ctx: ViewContext, c: ShownComment, replies: Map<number, ShownComment[]>, open: boolean): Html {
  const under = replies.get(c.id) ?? [];
  return html`<li class="comment-item">${commentHtml(ctx, c, { open })}${under.length
    ? html`<ol class="comment-replies">${under.map((r) => branch(ctx, r, replies, open))}</ol>` : ''}</li>`;
}

export function threadList(ctx: ViewContext, tops: ShownComment[], replies: Map<number, ShownComment[]>, open: boolean, sizes?: Map<number, number>): Html {
  const w = commentWords(ctx.settings.language);
  return html`<ol class="comment-list">${tops.map((c) => {
    const shown = countUnder(c.id, replies);
    const all = sizes?.get(c.id) ?? shown;
    // Long threads show their first replies here; the thread's own page has them all.
    const more = all > shown ? html`<p class="comment-more"><a href="/comments/${c.id}#comment-${c.id}">${w.showAllReplies(all)}</a></p>` : '';
    return html`${branch(ctx, c, replies, open)}${more ? html`<li class="comment-item comment-item--more">${more}</li>` : ''}`;
  })}</ol>`;
}

function countUnder(id: number, replies: Map<number, ShownComment[]>): number {
  let n = 0;
  for (const r of replies.get(id) ?? []) n += 1 + countUnder(r.id, replies);
  return n;
}

export interface RegionData {
  article: { id: number; path: string; commentCount: number };
  open: boolean;
  who: 'guests' | 'readers';
  sort: Sort;
  defaultSort: Sort;
  page: number;
  perPage: number;
  list: ThreadPage;
  /** The newest comment id on the article when the page was drawn: the live stream starts after it. */
  lastId: number;
  form: FormState;
}

/** The comments region of the article page: open or closed, the form, the sort, a page of threads, the links. */
export function commentsRegion(ctx: ViewContext, d: RegionData): Html {
  const w = commentWords(ctx.settings.language);
  const pages = Math.max(1, Math.ceil(d.list.totalThreads / d.perPage));
  // New top-level comments belong on screen only where the list ends with the newest.
  const liveAt = d.sort === 'oldest' && d.page === pages ? 'end' : d.sort === 'newest' && d.page === 1 ? 'start' : 'none';
  return html`<h2 id="comments-heading">${w.heading} <span class="comments-count">(${d.article.commentCount})</span></h2>
<div class="comments" data-comments="${d.article.id}" data-last="${d.lastId}" data-live-at="${liveAt}"${d.open ? html` data-open` : ''} data-words="${JSON.stringify({
    liveNew: w.liveNew(1), liveNewMany: w.liveNew(2).replace('2', '{n}'), replyTo: w.replyHeading('{name}'), commentingAs: w.commentingAs('{name}'),
    edit: w.editButton, del: w.deleteButtonShort, confirmDelete: w.confirmDelete,
  })}">
<p class="comments-state comments-state--${d.open ? 'open' : 'closed'}">${d.open ? w.open : w.closed}</p>
${d.open ? commentForm(ctx, d.form, { who: d.who }) : ''}
${d.list.totalThreads > 1 ? sortNav(w, d) : ''}
${d.list.threads.length ? threadList(ctx, d.list.threads, d.list.replies, d.open, d.list.threadSizes) : html`<p class="comments-empty">${w.noneYet}</p>`}
${pages > 1 ? pageNav(w, d, pages) : ''}
<div class="comments-live" data-comments-live aria-live="polite"></div>
<p class="comments-links"><a href="/moderation">${w.moderationLog}</a> · <a href="/comments/yours" rel="nofollow">${w.yourComments}</a></p>
</div>`;
}

function query(d: RegionData, sort: Sort, page: number): string {
  const q = new URLSearchParams();
  if (sort !== d.defaultSort) q.set('sort', sort);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `${d.article.path}${s ? `?${s}` : ''}#comments`;
}

function sortNav(w: CommentWords, d: RegionData): Html {
  return html`<nav class="comments-sort" aria-label="${w.sortBy}"><ul>${SORTS.map((s) => html`<li>${s === d.sort
    ? html`<span aria-current="true">${w.sorts[s]}</span>` : html`<a href="${query(d, s, 1)}" rel="nofollow">${w.sorts[s]}</a>`}</li>`)}</ul></nav>`;
}

function pageNav(w: CommentWords, d: RegionData, pages: number): Html {
  return html`<nav class="comments-pages pagination" aria-label="${w.heading}">
${d.page > 1 ? html`<a rel="prev nofollow" href="${query(d, d.sort, d.page - 1)}">${w.earlier}</a>` : html`<span></span>`}
<span class="pagination__status">${w.pageOf(d.page, pages)}</span>
${d.page < pages ? html`<a rel="next nofollow" href="${query(d, d.sort, d.page + 1)}">${w.later}</a>` : html`<span></span>`}
</nav>`;
}
