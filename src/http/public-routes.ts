import type { FastifyInstance } from 'fastify';
import { renderArticle } from '../articles/article-page.ts';
import { renderHistory } from '../articles/history-page.ts';
import { serveMedia } from '../media/serve-media.ts';
import { renderFeed } from '../site/feeds.ts';
import { renderHome } from '../site/home-page.ts';
import { renderAuthor, renderSection, renderTag } from '../site/listing-pages.ts';
import { renderSearch } from '../site/search-page.ts';
import { renderNewsSitemap, renderRobots, renderSitemap } from '../site/sitemaps.ts';
import type { Services } from '../services.ts';
import { serveAsset } from './serve-asset.ts';
import { publicPage } from './page-handler.ts';

type Slug = { Params: { slug: string } };

/** Every public page, in one table. */
export function publicRoutes(app: FastifyInstance, s: Services): void {
  app.get('/', publicPage(s, (_req, ctx) => renderHome(s, ctx)));
  app.get<Slug>('/section/:slug', publicPage(s, (req, ctx) => renderSection(s, req as never, ctx)));
  app.get<Slug>('/tag/:slug', publicPage(s, (req, ctx) => renderTag(s, req as never, ctx)));
  app.get<Slug>('/author/:slug', publicPage(s, (req, ctx) => renderAuthor(s, req as never, ctx)));
  app.get('/search', publicPage(s, (req, ctx) => renderSearch(s, req, ctx), { cache: false }));
  app.get('/:year(^\\d{4}$)/:month(^\\d{2}$)/:slug', publicPage(s, (req, ctx) => renderArticle(s, req, ctx)));
  app.get('/:year(^\\d{4}$)/:month(^\\d{2}$)/:slug/history', publicPage(s, (req, ctx) => renderHistory(s, req, ctx)));

  app.get('/feed.xml', publicPage(s, (req, ctx) => renderFeed(s, req as never, ctx, 'site', 'rss')));
  app.get('/atom.xml', publicPage(s, (req, ctx) => renderFeed(s, req as never, ctx, 'site', 'atom')));
  app.get<Slug>('/section/:slug/feed.xml', publicPage(s, (req, ctx) => renderFeed(s, req as never, ctx, 'section', 'rss')));
  app.get<Slug>('/section/:slug/atom.xml', publicPage(s, (req, ctx) => renderFeed(s, req as never, ctx, 'section', 'atom')));
  app.get<Slug>('/author/:slug/feed.xml', publicPage(s, (req, ctx) => renderFeed(s, req as never, ctx, 'author', 'rss')));
  app.get<Slug>('/author/:slug/atom.xml', publicPage(s, (req, ctx) => renderFeed(s, req as never, ctx, 'author', 'atom')));
  app.get('/sitemap.xml', publicPage(s, (_req, ctx) => renderSitemap(s, ctx)));
  app.get('/news-sitemap.xml', publicPage(s, (_req, ctx) => renderNewsSitemap(s, ctx)));
  app.get('/robots.txt', publicPage(s, async (_req, ctx) => renderRobots(ctx)));

  // Browsers and feed readers still ask for /favicon.ico; the site's icon is an SVG.
  app.get('/favicon.ico', async (_req, reply) =>
    reply.code(302).header('location', s.assets.url('icon.svg')).header('cache-control', 'public, max-age=86400').send());
  app.get('/assets/:file', serveAsset(s));
  app.get('/media/:file', serveMedia(s));
  app.get('/healthz', async (_req, reply) => {
    await s.db.kysely.selectFrom('settings').select('key').limit(1).execute();
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });
}
