import { renderArticle } from '../articles/article-page.ts';
import { renderHistory } from '../articles/history-page.ts';
import { renderThread } from '../comments/article-comments.ts';
import { commentPiece, commentStream } from '../comments/post-pages.ts';
import { NotFound } from '../http/errors.ts';
import { type PageArgs, publicPage, type Rendered } from '../http/page-handler.ts';
import { serveAsset } from '../http/serve-asset.ts';
import { serveMedia } from '../media/serve-media.ts';
import { boardFile, pollArchive, resultsFile } from '../polls/pages.ts';
import { renderModerationLog } from '../moderation/reader-pages.ts';
import { renderPageHistory, renderStaticPage } from '../pages/page-public.ts';
import type { Services } from '../services.ts';
import { renderFeed } from '../site/feeds.ts';
import { renderHome } from '../site/home-page.ts';
import { renderAuthor, renderSection, renderTag } from '../site/listing-pages.ts';
import { renderSearch } from '../site/search-page.ts';
import { renderNewsSitemap, renderRobots, renderSitemap } from '../site/sitemaps.ts';
import type { ViewContext } from '../views/context.ts';
import type { RouteRow } from './mount.ts';
import { WORDPRESS_QUERY_KEYS } from './old-addresses.ts';

type Slug = { slug: string };
const wordpressId = (q: unknown) => WORDPRESS_QUERY_KEYS.some((key) => (q as Record<string, unknown> | undefined)?.[key] !== undefined);
const slug = (p: { req: { params: unknown } }) => (p.req.params as Slug).slug;

/** Every public URL, in one table. Public pages are for anyone and the same for everyone. */
export function publicRoutes(s: Services): RouteRow<'anyone'>[] {
  const page = (render: (p: PageArgs<ViewContext>) => Promise<Rendered | string>, query: readonly string[] = [], cache = true) =>
    publicPage({ context: () => s.siteData.viewContext(), cache: s.pageCache, lastChange: () => s.changes.lastChange }, render, { query, cache });
  const rows: [string, RouteRow<'anyone'>['handler']][] = [
    // WordPress's /?p=123, /?cat=7 … are old addresses: found by the error handler, never the front page (even with no value, which
    // would otherwise be the front page again under a cache key of its own).
    ['/', page((p) => (wordpressId(p.req.query) ? Promise.reject(new NotFound()) : renderHome(s, p.ctx, p.shows)), WORDPRESS_QUERY_KEYS)],
    ['/section/:slug', page((p) => renderSection(s, p.req, p.ctx, slug(p), p.shows), ['page'])],
    ['/tag/:slug', page((p) => renderTag(s, p.req, p.ctx, slug(p), p.shows), ['page'])],
    ['/author/:slug', page((p) => renderAuthor(s, p.req, p.ctx, slug(p), p.shows), ['page'])],
    ['/search', page((p) => renderSearch(s, p.req, p.ctx), ['q', 'page'], false)],
    // The article page reads the order and page of its comments (comments/article-comments.ts).
    ['/:year(^\\d{4}$)/:month(^\\d{2}$)/:slug', page((p) => renderArticle(s, p.req, p.ctx, p.shows), ['sort', 'page'])],
    ['/:year(^\\d{4}$)/:month(^\\d{2}$)/:slug/history', page((p) => renderHistory(s, p.req, p.ctx, p.shows), ['from', 'to'])],
    // Static pages at the top of the site (/about). Every fixed address here wins over them, and no page may take one (routes/reserved.ts).
    ['/:slug', page((p) => renderStaticPage(s, p.req, p.ctx, p.shows))],
    ['/:slug/history', page((p) => renderPageHistory(s, p.req, p.ctx, p.shows), ['from', 'to'])],

    ['/feed.xml', page((p) => renderFeed(s, p.ctx, { kind: 'site' }, 'rss', p.shows))],
    ['/atom.xml', page((p) => renderFeed(s, p.ctx, { kind: 'site' }, 'atom', p.shows))],
    ['/section/:slug/feed.xml', page((p) => renderFeed(s, p.ctx, { kind: 'section', slug: slug(p) }, 'rss', p.shows))],
    ['/section/:slug/atom.xml', page((p) => renderFeed(s, p.ctx, { kind: 'section', slug: slug(p) }, 'atom', p.shows))],
    ['/author/:slug/feed.xml', page((p) => renderFeed(s, p.ctx, { kind: 'author', slug: slug(p) }, 'rss', p.shows))],
    ['/author/:slug/atom.xml', page((p) => renderFeed(s, p.ctx, { kind: 'author', slug: slug(p) }, 'atom', p.shows))],
    ['/tag/:slug/feed.xml', page((p) => renderFeed(s, p.ctx, { kind: 'tag', slug: slug(p) }, 'rss', p.shows))],
    ['/tag/:slug/atom.xml', page((p) => renderFeed(s, p.ctx, { kind: 'tag', slug: slug(p) }, 'atom', p.shows))],
    ['/sitemap.xml', page((p) => renderSitemap(s, p.ctx, p.shows))],
    ['/news-sitemap.xml', page((p) => renderNewsSitemap(s, p.ctx, p.shows))],
    // Polls: results change with every vote, so these are answered fresh (cheaply: tallies follow the board).
    ['/polls', pollArchive(s)],
    ['/polls/:id/results.json', resultsFile(s)],
    ['/polls/:id/board.json', boardFile(s, 'json')],
    ['/polls/:id/board.csv', boardFile(s, 'csv')],
    // Every moderation decision, newest first: cached, forgotten by each new entry (moderation-log).
    ['/moderation', page((p) => renderModerationLog(s, p.req, p.ctx, p.shows), ['page'])],
    ['/robots.txt', page(async (p) => renderRobots(p.ctx))],
    // Comments: a whole thread (cached like the article), one comment for a page the live stream told of it, the stream itself.
    ['/comments/:id', page((p) => renderThread(s, p.req, p.ctx, p.shows))],
    ['/comments/:id/html', commentPiece(s)],
    ['/articles/:id/comments/stream', commentStream(s)],

    // Browsers and feed readers still ask for /favicon.ico; the site's icon is an SVG.
    ['/favicon.ico', async (_req, reply) => reply.code(302).header('location', s.assets.url('icon.svg')).header('cache-control', 'public, max-age=86400').send()],
    ['/assets/:file', serveAsset(s.assets)],
    ['/media/:file', serveMedia(s)],
    ['/healthz', async (_req, reply) => {
      await s.db.kysely.selectFrom('settings').select('key').limit(1).execute();
      const c = s.pageCache.stats();
      const ratio = c.hits + c.misses ? Math.round((c.hits / (c.hits + c.misses)) * 1000) / 1000 : null;
      return reply.header('cache-control', 'no-store').send({ status: 'ok', cache: { entries: c.entries, bytes: c.bytes, maxBytes: c.maxBytes, hits: c.hits, misses: c.misses, hitRatio: ratio } });
    }],
  ];
  return rows.map(([url, handler]) => ({ method: 'GET', url, who: 'anyone', handler }));
}
