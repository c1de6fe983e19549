import { ARCHIVE, LATEST, showsCards, TAG_LIST } from '../articles/deps.ts';
import { listingsLastChanged, listPublished } from '../articles/store.ts';
import type { Rendered } from '../http/page-handler.ts';
import { pagePath, publishedPages } from '../pages/store.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { absoluteUrl, type ViewContext } from '../views/context.ts';
import { allPublishedForSitemap } from './store.ts';

const XML = 'application/xml; charset=utf-8';
/** The sitemap protocol allows 50,000 URLs a file. */
const SITEMAP_LIMIT = 50000;
/** Tag pages listed at most, so that articles keep their room in the one file. */
const MAX_TAGS = 10000;
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;

export async function renderSitemap(s: Services, ctx: ViewContext, shows: Set<string>): Promise<Rendered> {
  // A renamed or newly used tag touches the tag list, not always the archive.
  shows.add(ARCHIVE).add(TAG_LIST);
  const db = s.db.kysely;
  const { sections, tags: allTags } = await listingsLastChanged(db);
  // Tags give way to articles when a single file cannot hold everything.
  const tags = allTags.slice(0, MAX_TAGS);
  // Static pages (About, Corrections policy) change the `archive` too when published, moved or saved.
  const [articles, pages] = await Promise.all([allPublishedForSitemap(db, SITEMAP_LIMIT - 100 - tags.length), publishedPages(db)]);
  const url = (loc: string, lastmod?: string) =>
    html`<url><loc>${absoluteUrl(ctx, loc)}</loc>${lastmod ? html`<lastmod>${lastmod}</lastmod>` : ''}</url>
`;
  const body = html`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${url('/', articles[0]?.updated_at)}${sections.map((sec) => url(`/section/${sec.slug}`, sec.lastmod ?? undefined))}${tags.map((t) => url(`/tag/${t.slug}`, t.lastmod))}${pages.map((p) => url(pagePath(p.slug), p.updated_at))}${articles.map((a) => url(a.path!, a.updated_at))}</urlset>
`;
  return { body: body.value, contentType: XML };
}

/** Google News sitemap: articles published in the last two days. */
export async function renderNewsSitemap(s: Services, ctx: ViewContext, shows: Set<string>): Promise<Rendered> {
  const since = new Date(Date.now() - NEWS_WINDOW_MS).toISOString();
  const recent = (await listPublished(s.db.kysely, {}, 1000)).filter((a) => a.publishedAt >= since);
  showsCards(shows, [LATEST], recent);
  const body = html`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${recent.map((a) => html`<url><loc>${absoluteUrl(ctx, a.path)}</loc><news:news><news:publication><news:name>${ctx.settings.site_name}</news:name><news:language>${ctx.settings.language}</news:language></news:publication><news:publication_date>${a.publishedAt}</news:publication_date><news:title>${a.title}</news:title></news:news></url>
`)}</urlset>
`;
  return { body: body.value, contentType: XML };
}

export function renderRobots(ctx: ViewContext): Rendered {
  const body = `User-agent: *
Disallow: /admin
Disallow: /search

Sitemap: ${absoluteUrl(ctx, '/sitemap.xml')}
Sitemap: ${absoluteUrl(ctx, '/news-sitemap.xml')}
`;
  return { body, contentType: 'text/plain; charset=utf-8' };
}
