import { figcaptionHtml, type MediaInfo, mediaUrl, pictureHtml, SIZES } from '../media/picture.ts';
import type { SiteStrings } from '../i18n/strings.ts';
import { type Html, html, raw } from '../render/html.ts';
import { absoluteUrl, type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { bylineLinks, cardList, type SidebarData, sidebar } from '../views/partials.ts';
import { correctionNotes, dateAndTime, type RevisionNote } from './history-view.ts';
import { readingMinutes } from './markdown.ts';
import { shareLinks } from './share-links.ts';
import type { ArticleCard, Byline } from './store.ts';
import { type AuthorBox, authorBoxHtml } from './author-box.ts';

export interface ArticlePageData {
  article: {
    id: number;
    title: string;
    standfirst: string;
    body_html: string;
    word_count: number;
    path: string;
    published_at: string;
    updated_at: string;
    seo_title: string | null;
    seo_description: string | null;
    lead_alt: string | null;
    lead_caption: string | null;
    lead_credit: string | null;
    section_slug: string;
    section_name: string;
  };
  authors: Byline[];
  tags: { slug: string; name: string }[];
  lead: MediaInfo | null;
  prev: { title: string; path: string | null } | null;
  next: { title: string; path: string | null } | null;
  related: ArticleCard[];
  sidebar: SidebarData;
  /** The writers' portraits and bios, under the article (author-box.ts). */
  authorBoxes?: AuthorBox[];
  /** Corrections and noted updates, shown above the body. */
  notes?: RevisionNote[];
  /** When the last change after publication was published (an update, correction or redaction), if any. */
  updatedAt?: string | null;
  /** Reader polls placed inside the article, drawn by the polls domain; shown after the text. */
  polls?: Html[];
  /** The comments region's contents, drawn by the comments domain. */
  comments?: Html;
}

export function articlePage(ctx: ViewContext, d: ArticlePageData): string {
  const a = d.article;
  const url = absoluteUrl(ctx, a.path);
  const t = words(ctx);
  const main = html`<article class="article">
<header class="article-header">
<p class="kicker"><a href="/section/${a.section_slug}">${a.section_name}</a></p>
<h1>${a.title}</h1>
${a.standfirst ? html`<p class="standfirst">${a.standfirst}</p>` : ''}
<p class="byline">${d.authors.length ? html`${t.by} ${bylineLinks(d.authors, t.and)} · ` : ''}${dateAndTime(ctx, a.published_at)} · <span class="reading-time">${t.minRead(readingMinutes(a.word_count))}</span>${d.updatedAt ? html` · <span class="updated">${t.updatedAt(dateAndTime(ctx, d.updatedAt))}</span>` : ''}</p>
</header>
${d.lead ? leadFigure(d.lead, a) : ''}
${d.notes?.length ? correctionNotes(d.notes, ctx, `${a.path}/history`) : ''}
<div class="article-body">
${raw(a.body_html)}
</div>
${d.polls?.length ? html`<div class="article-polls">${d.polls}</div>` : ''}
<p class="print-url">${url}</p>
<footer class="article-footer">
${d.tags.length ? html`<ul class="tag-list" aria-label="${t.topics}">${d.tags.map((t) => html`<li><a href="/tag/${t.slug}" rel="tag">${t.name}</a></li>`)}</ul>` : ''}
${shareBar(url, a.title, t)}
${a.id ? html`<p class="history-link"><a href="${a.path}/history">${t.historyLink}</a></p>` : ''}
</footer>
${authorBoxHtml(ctx, d.authorBoxes)}
</article>
${prevNext(d, t)}
${d.related.length ? html`<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">${t.related}</h2>
${cardList(ctx, d.related, 'standard', 3)}
</section>` : ''}
<section class="comments-region" id="comments" data-region="comments" aria-label="${t.comments}">${d.comments ?? ''}</section>`;
  return layout(
    ctx,
    {
      title: a.seo_title || a.title,
      description: a.seo_description || a.standfirst,
      canonical: a.path,
      head: articleHead(ctx, d, url),
      scripts: ['share.js', 'embed.js', 'comments.js'],
      currentSection: a.section_slug,
    },
    main,
    sidebar(ctx, d.sidebar),
  );
}

function leadFigure(m: MediaInfo, a: ArticlePageData['article']): Html {
  const caption = a.lead_caption ?? m.caption;
  const credit = a.lead_credit ?? m.credit;
  return html`<figure class="figure figure--lead">${raw(pictureHtml(m, { alt: a.lead_alt ?? m.alt, sizes: SIZES.lead, eager: true }))}${raw(figcaptionHtml(caption ? escapeText(caption) : '', credit))}</figure>`;
}

function escapeText(s: string): string {
  return html`${s}`.value;
}

function shareBar(url: string, title: string, t: SiteStrings): Html {
  return html`<nav class="share" aria-label="${t.shareThisArticle}">
<h2 class="share__label">${t.share}</h2>
<ul>
${shareLinks(url, title).map((l) => html`<li><a class="share__link share__link--${l.network}" href="${l.href}" rel="noopener nofollow" target="_blank">${l.label}</a></li>`)}
<li><button type="button" class="share__link share__print" data-print hidden>${t.print}</button></li>
</ul>
</nav>`;
}

function prevNext(d: ArticlePageData, t: SiteStrings): Html {
  if (!d.prev && !d.next) return html``;
  return html`<nav class="prev-next" aria-label="${t.previousAndNext}">
${d.prev?.path ? html`<a class="prev-next__prev" rel="prev" href="${d.prev.path}"><span class="prev-next__label">${t.previous}</span> ${d.prev.title}</a>` : html`<span></span>`}
${d.next?.path ? html`<a class="prev-next__next" rel="next" href="${d.next.path}"><span class="prev-next__label">${t.next}</span> ${d.next.title}</a>` : html`<span></span>`}
</nav>`;
}

function articleHead(ctx: ViewContext, d: ArticlePageData, url: string): Html {
  const a = d.article;
  const image = d.lead ? largest(d.lead) : null;
  const description = a.seo_description || a.standfirst;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    description,
    mainEntityOfPage: url,
    url,
    datePublished: a.published_at,
    // The last change readers were shown (the history's), not any save: retagging is no modification.
    dateModified: d.updatedAt ?? a.published_at,
    articleSection: a.section_name,
    keywords: d.tags.map((t) => t.name).join(', ') || undefined,
    wordCount: a.word_count,
    image: image ? [absoluteUrl(ctx, image.url)] : undefined,
    author: d.authors.map((p) => ({ '@type': 'Person', name: p.name, url: absoluteUrl(ctx, `/author/${p.slug}`) })),
    publisher: {
      '@type': 'Organization',
      name: ctx.settings.site_name,
      url: ctx.siteUrl,
      logo: { '@type': 'ImageObject', url: absoluteUrl(ctx, ctx.logo?.variants[0] ? `/media/${ctx.logo.variants[0].file}` : ctx.assets.url('icon.svg')) },
    },
  };
  // "<" is escaped so the JSON can never close the script element.
  const json = JSON.stringify(jsonLd).replace(/</g, '\\u003c');
  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${ctx.settings.site_name}">
<meta property="og:title" content="${a.seo_title || a.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
${image ? html`<meta property="og:image" content="${absoluteUrl(ctx, image.url)}">
<meta property="og:image:width" content="${image.width}">
<meta property="og:image:height" content="${image.height}">
<meta property="og:image:alt" content="${a.lead_alt ?? d.lead!.alt}">` : ''}
<meta property="article:published_time" content="${a.published_at}">
<meta property="article:modified_time" content="${d.updatedAt ?? a.published_at}">
<meta property="article:section" content="${a.section_name}">
${d.tags.map((t) => html`<meta property="article:tag" content="${t.name}">`)}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${a.seo_title || a.title}">
<meta name="twitter:description" content="${description}">
${image ? html`<meta name="twitter:image" content="${absoluteUrl(ctx, image.url)}">` : ''}
<script type="application/ld+json">${raw(json)}</script>`;
}

/** The biggest JPEG/PNG variant (social networks do not all take WebP). */
function largest(m: MediaInfo): { url: string; width: number; height: number } | null {
  const v = [...m.variants].reverse().find((x) => x.format !== 'webp') ?? m.variants[m.variants.length - 1];
  return v ? { url: mediaUrl(v.file), width: v.width, height: v.height } : null;
}
