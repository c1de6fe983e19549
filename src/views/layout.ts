import { accentStyle } from '../http/content-policy.ts';
import { type Html, html, raw } from '../render/html.ts';
import { absoluteUrl, type ViewContext, words } from './context.ts';


export interface PageMeta {
  title: string;
  description?: string;
  /** Site-relative canonical path; omitted on pages that should not be indexed. */
  canonical?: string;
  noindex?: boolean;
  /** Extra <head> content: social cards, JSON-LD, rel=prev/next. */
  head?: Html;
  feeds?: { title: string; rss: string; atom: string }[];
  scripts?: string[];
  /** The section this page belongs to, marked in the menu. */
  currentSection?: string;
}

export function layout(ctx: ViewContext, meta: PageMeta, main: Html, aside?: Html): string {
  const s = ctx.settings;
  const t = words(ctx);
  const fullTitle = meta.title === s.site_name ? s.site_name : `${meta.title} — ${s.site_name}`;
  const feeds = meta.feeds ?? [{ title: s.site_name, rss: '/feed.xml', atom: '/atom.xml' }];
  return html`<!doctype html>
<html lang="${s.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${meta.canonical ? html`<link rel="canonical" href="${absoluteUrl(ctx, meta.canonical)}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="${s.accent_colour}">
<link rel="stylesheet" href="${ctx.assets.url('site.css')}">
<link rel="stylesheet" href="${ctx.assets.url('print.css')}" media="print">
<link rel="icon" href="${ctx.assets.url('icon.svg')}" type="image/svg+xml">
${feeds.map((f) => html`<link rel="alternate" type="application/rss+xml" title="${f.title} (RSS)" href="${f.rss}">
<link rel="alternate" type="application/atom+xml" title="${f.title} (Atom)" href="${f.atom}">
`)}${meta.head ?? ''}
<style>${raw(accentStyle(s.accent_colour))}</style>
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
${siteHeader(ctx, meta)}
<div class="page${aside ? ' page--with-aside' : ''}">
<main id="main" tabindex="-1">
${main}
</main>
${aside ? html`<aside class="sidebar" aria-label="${t.moreFrom(s.site_name)}">${aside}</aside>` : ''}
</div>
${siteFooter(ctx)}
${scriptsFor(meta, main, aside).map((name) => html`<script src="${ctx.assets.url(name)}" defer></script>`)}
</body>
</html>
`.value;
}

/** The owner's logo (its smallest variant, drawn 32 px high), or the default lantern. */
function logoImage(ctx: ViewContext): Html {
  const v = ctx.logo?.variants.find((x) => x.format !== 'webp') ?? ctx.logo?.variants[0];
  if (!ctx.logo || !v) return html`<img src="${ctx.assets.url('icon.svg')}" alt="" width="32" height="32">`;
  const width = Math.round((32 * ctx.logo.width) / ctx.logo.height);
  return html`<img src="/media/${v.file}" alt="" width="${width}" height="32">`;
}

function siteHeader(ctx: ViewContext, meta: PageMeta): Html {
  const s = ctx.settings;
  const t = words(ctx);
  return html`<header class="site-header">
<div class="site-header__inner">
<a class="site-title" href="/">${logoImage(ctx)}<span>${s.site_name}</span></a>
<p class="site-tagline">${s.site_description}</p>
<form class="site-search" action="/search" method="get" role="search" aria-label="Site">
<label for="site-search-q" class="visually-hidden">${t.searchArticles}</label>
<input id="site-search-q" type="search" name="q" placeholder="${t.search}" maxlength="200">
<button type="submit">${t.search}</button>
</form>
</div>
<nav class="site-nav" aria-label="${t.sectionsNav}">
<ul>
${ctx.sections.map((sec) => html`<li><a href="/section/${sec.slug}"${meta.currentSection === sec.slug ? raw(' aria-current="page"') : ''}>${sec.name}</a></li>`)}
${s.nav.map((item) => html`<li><a href="${item.url}">${item.label}</a></li>`)}
</ul>
</nav>
</header>`;
}

function siteFooter(ctx: ViewContext): Html {
  const s = ctx.settings;
  const t = words(ctx);
  const social = Object.entries(s.social);
  return html`<footer class="site-footer">
<div class="site-footer__inner">
<p><strong>${s.site_name}</strong> — ${s.site_description}</p>
<nav aria-label="${t.footerNav}">
<ul>
${ctx.sections.map((sec) => html`<li><a href="/section/${sec.slug}">${sec.name}</a></li>`)}
<li><a href="/search">${t.search}</a></li>
<li><a href="/feed.xml">${t.rssFeed}</a></li>
<li><a href="/atom.xml">${t.atomFeed}</a></li>
<li><a href="/account">${t.yourAccount}</a></li>
${social.map(([name, url]) => html`<li><a href="${url}" rel="me noopener">${name}</a></li>`)}
</ul>
</nav>
<p class="colophon">${t.colophon}</p>
</div>
</footer>`;
}

/** The page's own scripts, and poll.js wherever a poll's form is shown (the sidebar's or an article's): no page loads a script it does not use. */
function scriptsFor(meta: PageMeta, main: Html, aside: Html | undefined): string[] {
  const scripts = meta.scripts ?? [];
  const hasPoll = (h: Html | undefined) => h !== undefined && String(h).includes('data-poll="');
  return hasPoll(main) || hasPoll(aside) ? [...new Set([...scripts, 'poll.js'])] : scripts;
}
