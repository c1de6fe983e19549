import { dateAndTime } from '../articles/history-view.ts';
import { type Html, html, raw } from '../render/html.ts';
import { absoluteUrl, type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import type { PageRevisionKind } from './store.ts';

/** A static page as readers see it: title, standfirst, body, its notes and its history. */

export interface PageNote {
  kind: Exclude<PageRevisionKind, 'published'>;
  note: string;
  createdAt: string;
}

export interface StaticPageData {
  title: string;
  standfirst: string;
  bodyHtml: string;
  path: string;
  publishedAt: string;
  /** When it last changed in public (its newest revision). */
  updatedAt: string;
  notes: PageNote[];
}

export function staticPageView(ctx: ViewContext, d: StaticPageData): string {
  const t = words(ctx);
  const main = html`<article class="article static-page">
<header class="article-header">
<h1>${d.title}</h1>
${d.standfirst ? html`<p class="standfirst">${d.standfirst}</p>` : ''}
</header>
${notes(ctx, d.notes)}
<div class="article-body">
${raw(d.bodyHtml)}
</div>
<footer class="article-footer">
<p class="history-link">${t.staticPage.lastUpdated(dateAndTime(ctx, d.updatedAt))} <a href="${d.path}/history">${t.staticPage.historyLink}</a></p>
</footer>
</article>`;
  return layout(ctx, { title: d.title, description: d.standfirst || undefined, canonical: d.path, head: head(ctx, d), scripts: ['embed.js'] }, main);
}

/** Corrections and noted updates, newest first, in the same box articles use. */
function notes(ctx: ViewContext, list: PageNote[]): Html {
  if (!list.length) return html``;
  const t = words(ctx).history;
  return html`<aside class="revision-notes" aria-label="${t.notesLabel}">
<ul class="revision-notes__list">
${list.map((n) => html`<li class="revision-note revision-note--${n.kind}"><strong>${t.noteLead[n.kind](dateAndTime(ctx, n.createdAt))}${n.note ? t.colon : '.'}</strong>${n.note ? html` ${n.note}` : ''}</li>`)}
</ul>
</aside>`;
}

function head(ctx: ViewContext, d: StaticPageData): Html {
  const url = absoluteUrl(ctx, d.path);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'WebPage',
    name: d.title,
    description: d.standfirst || undefined,
    url,
    datePublished: d.publishedAt,
    dateModified: d.updatedAt,
    publisher: { '@type': 'Organization', name: ctx.settings.site_name, url: ctx.siteUrl },
  };
  // "<" is escaped so the JSON can never close the script element.
  const json = JSON.stringify(jsonLd).replace(/</g, '\\u003c');
  return html`<meta property="og:type" content="website">
<meta property="og:site_name" content="${ctx.settings.site_name}">
<meta property="og:title" content="${d.title}">
${d.standfirst ? html`<meta property="og:description" content="${d.standfirst}">` : ''}
<meta property="og:url" content="${url}">
<meta name="twitter:card" content="summary">
<script type="application/ld+json">${raw(json)}</script>`;
}
