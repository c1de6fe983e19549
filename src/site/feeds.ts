import { Feed } from 'feed';
import { authorDep, LATEST, sectionDep, showsCards } from '../articles/deps.ts';
import { type ArticleCard, type ListFilter, listPublished } from '../articles/store.ts';
import { withoutIllegalChars } from '../http/clean-text.ts';
import { NotFound } from '../http/errors.ts';
import { escapeHtml } from '../render/html.ts';
import type { Rendered } from '../http/page-handler.ts';
import { mediaUrl } from '../media/picture.ts';
import type { Services } from '../services.ts';
import { absoluteUrl, type ViewContext } from '../views/context.ts';
import { findAuthor, findSection } from './store.ts';

/** Feeds reuse the listing queries and only swap the template. */
const FEED_SIZE = 20;

export type FeedFormat = 'rss' | 'atom';

interface FeedScope {
  title: string;
  description: string;
  path: string;
  filter: ListFilter;
  /** What the feed lists, for the page cache. */
  dep: string;
}

export type FeedOf = { kind: 'site' } | { kind: 'section' | 'author'; slug: string };

async function scopeFor(s: Services, ctx: ViewContext, of: FeedOf): Promise<FeedScope> {
  const site = ctx.settings.site_name;
  if (of.kind === 'section') {
    const sec = await findSection(s.db.kysely, of.slug);
    if (!sec) throw new NotFound();
    return { title: `${site}: ${sec.name}`, description: sec.description, path: `/section/${sec.slug}`, filter: { sectionId: sec.id }, dep: sectionDep(sec.id) };
  }
  if (of.kind === 'author') {
    const a = await findAuthor(s.db.kysely, of.slug);
    if (!a) throw new NotFound();
    return { title: `${site}: ${a.name}`, description: a.bio, path: `/author/${a.slug}`, filter: { authorId: a.id }, dep: authorDep(a.id) };
  }
  return { title: site, description: ctx.settings.site_description, path: '', filter: {}, dep: LATEST };
}

export async function renderFeed(s: Services, ctx: ViewContext, of: FeedOf, format: FeedFormat, shows: Set<string>): Promise<Rendered> {
  const scope = await scopeFor(s, ctx, of);
  const items = await listPublished(s.db.kysely, scope.filter, FEED_SIZE);
  showsCards(shows, [scope.dep], items);
  const feed = buildFeed(ctx, scope, items);
  return format === 'rss'
    ? { body: feed.rss2(), contentType: 'application/rss+xml; charset=utf-8' }
    : { body: feed.atom1(), contentType: 'application/atom+xml; charset=utf-8' };
}

function asHtmlText(text: string): string {
  return escapeHtml(withoutIllegalChars(text));
}

function buildFeed(ctx: ViewContext, scope: FeedScope, items: ArticleCard[]): Feed {
  const home = absoluteUrl(ctx, scope.path || '/');
  const feed = new Feed({
    title: scope.title,
    description: scope.description,
    id: home,
    link: home,
    language: ctx.settings.language,
    favicon: absoluteUrl(ctx, ctx.assets.url('icon.svg')),
    copyright: `© ${ctx.settings.site_name}`,
    updated: items[0] ? new Date(items[0].updatedAt) : new Date(0),
    generator: 'Samizdat',
    feedLinks: { rss: absoluteUrl(ctx, `${scope.path}/feed.xml`), atom: absoluteUrl(ctx, `${scope.path}/atom.xml`) },
  });
  for (const a of items) {
    const url = absoluteUrl(ctx, a.path);
    const image = a.lead?.variants.find((v) => v.format !== 'webp' && v.width >= 960) ?? a.lead?.variants[0];
    feed.addItem({
      // The feed writer marks item titles and descriptions as HTML; ours are plain
      // text, so they are escaped to read exactly as written ("<b>" stays "<b>").
      title: asHtmlText(a.title),
      id: url,
      link: url,
      description: asHtmlText(a.standfirst),
      date: new Date(a.updatedAt),
      published: new Date(a.publishedAt),
      author: a.authors.map((p) => ({ name: p.name, link: absoluteUrl(ctx, `/author/${p.slug}`) })),
      category: [{ name: a.section.name, domain: absoluteUrl(ctx, `/section/${a.section.slug}`) }],
      image: image ? { url: absoluteUrl(ctx, mediaUrl(image.file)), type: image.format === 'png' ? 'image/png' : 'image/jpeg' } : undefined,
    });
  }
  return feed;
}
