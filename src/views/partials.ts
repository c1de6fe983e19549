import type { ArticleCard, Byline } from '../articles/store.ts';
import { commentWords } from '../comments/words.ts';
import { stringsFor } from '../i18n/strings.ts';
import { formatDate } from '../lib/time.ts';
import { type Pagination, pageUrl } from '../lib/pagination.ts';
import { pictureHtml, SIZES } from '../media/picture.ts';
import { type Html, html, raw } from '../render/html.ts';
import { type ViewContext, words } from './context.ts';

export function dateTime(ctx: ViewContext, iso: string): Html {
  return html`<time datetime="${iso}">${formatDate(iso, ctx.settings.locale, ctx.settings.timezone)}</time>`;
}

export function bylineLinks(authors: Byline[], and = 'and'): Html {
  const links = authors.map((a) => html`<a href="/author/${a.slug}" rel="author">${a.name}</a>`);
  if (links.length <= 1) return html`${links}`;
  return html`${links.slice(0, -1).map((l, i) => html`${i ? ', ' : ''}${l}`)} ${and} ${links[links.length - 1]}`;
}

export type CardStyle = 'lead' | 'standard' | 'compact';

/** An article in a listing. Headings start at the given level so each page keeps a tidy outline. */
export function articleCard(ctx: ViewContext, a: ArticleCard, style: CardStyle = 'standard', level = 3): Html {
  const image = a.lead && style !== 'compact'
    ? raw(pictureHtml(a.lead, { alt: a.leadAlt ?? a.lead.alt, sizes: style === 'lead' ? SIZES.lead : SIZES.card, eager: style === 'lead' }))
    : '';
  const heading = raw(`h${level}`);
  return html`<article class="card card--${style}">
${image ? html`<div class="card__image">${image}</div>` : ''}
<div class="card__text">
<p class="card__section"><a href="/section/${a.section.slug}">${a.section.name}</a></p>
<${heading} class="card__title"><a href="${a.path}">${a.title}</a></${heading}>
${style !== 'compact' && a.standfirst ? html`<p class="card__standfirst">${a.standfirst}</p>` : ''}
<p class="card__meta">${a.authors.length ? html`<span class="card__byline">${bylineLinks(a.authors, words(ctx).and)}</span> · ` : ''}${dateTime(ctx, a.publishedAt)}${a.commentCount ? html` · <a class="card__comments" href="${a.path}#comments">${commentWords(ctx.settings.language).count(a.commentCount)}</a>` : ''}</p>
</div>
</article>`;
}

export function cardList(ctx: ViewContext, cards: ArticleCard[], style: CardStyle = 'standard', level = 3): Html {
  return html`<div class="card-list card-list--${style}">${cards.map((c) => articleCard(ctx, c, style, level))}</div>`;
}

export function pagination(p: Pagination, base: string, extra: Record<string, string> = {}, t = stringsFor('en')): Html {
  if (p.total <= 1) return html``;
  return html`<nav class="pagination" aria-label="${t.pages}">
${p.prev ? html`<a rel="prev" href="${pageUrl(base, p.prev, extra)}">${t.newer}</a>` : html`<span></span>`}
<span class="pagination__status">${t.pageOf(p.current, p.total)}</span>
${p.next ? html`<a rel="next" href="${pageUrl(base, p.next, extra)}">${t.older}</a>` : html`<span></span>`}
</nav>`;
}

/** rel=prev/next for the <head> of paged listings. */
export function pageLinks(p: Pagination, base: string, extra: Record<string, string> = {}): Html {
  return html`${p.prev ? html`<link rel="prev" href="${pageUrl(base, p.prev, extra)}">` : ''}${p.next ? html`<link rel="next" href="${pageUrl(base, p.next, extra)}">` : ''}`;
}

export interface SidebarData {
  latest: ArticleCard[];
  tags: { slug: string; name: string }[];
  /** The reader poll in the sidebar, drawn by the polls domain; and its id, for the page cache. */
  poll?: (ctx: ViewContext) => Html;
  pollId?: number;
}

/** The sidebar: the reader poll's place (filled by the poll feature), latest headlines and topics. */
export function sidebar(ctx: ViewContext, data: SidebarData): Html {
  const t = words(ctx);
  return html`<div class="poll-region" id="poll" data-region="poll">${data.poll ? data.poll(ctx) : ''}</div>
<section class="sidebar-block" aria-labelledby="sidebar-latest">
<h2 id="sidebar-latest">${t.justIn}</h2>
<ol class="headline-list">
${data.latest.map((a) => html`<li><a href="${a.path}">${a.title}</a> ${dateTime(ctx, a.publishedAt)}</li>`)}
</ol>
</section>
${data.tags.length
  ? html`<section class="sidebar-block" aria-labelledby="sidebar-topics">
<h2 id="sidebar-topics">${t.topics}</h2>
<ul class="tag-list">${data.tags.map((t) => html`<li><a href="/tag/${t.slug}">${t.name}</a></li>`)}</ul>
</section>`
  : ''}`;
}
