import { authorDep, LATEST, sectionDep, showsCards, tagDep } from '../articles/deps.ts';
import { type ArticleCard, bodiesOf, type ListFilter, listPublished } from '../articles/store.ts';
import { NotFound } from '../http/errors.ts';
import type { Rendered } from '../http/page-handler.ts';
import { mediaUrl } from '../media/picture.ts';
import type { MediaStore } from '../media/store.ts';
import type { Services } from '../services.ts';
import { absoluteUrl, type ViewContext, words } from '../views/context.ts';
import { atomXml, type FeedEntry, type FeedHead, rssXml } from './feed-xml.ts';
import { findAuthor, findSection, findTag } from './store.ts';

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

export type FeedOf = { kind: 'site' } | { kind: 'section' | 'author' | 'tag'; slug: string };

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
  if (of.kind === 'tag') {
    // A renamed tag's old feed finds nothing here; the error handler then sends it on in one hop.
    const t = await findTag(s.db.kysely, of.slug);
    if (!t) throw new NotFound();
    return { title: `${site}: ${t.name}`, description: words(ctx).articlesAbout(t.name), path: `/tag/${t.slug}`, filter: { tagId: t.id }, dep: tagDep(t.id) };
  }
  return { title: site, description: ctx.settings.site_description, path: '', filter: {}, dep: LATEST };
}

export async function renderFeed(s: Services, ctx: ViewContext, of: FeedOf, format: FeedFormat, shows: Set<string>): Promise<Rendered> {
  const scope = await scopeFor(s, ctx, of);
  const items = await listPublished(s.db.kysely, scope.filter, FEED_SIZE);
  showsCards(shows, [scope.dep], items);
  const [bodies, enclosures] = await Promise.all([
    bodiesOf(s.db.kysely, items.map((a) => a.id)),
    Promise.all(items.map((a) => leadEnclosure(ctx, s.media.current(), a))),
  ]);
  const entries = items.map((a, i) => entry(ctx, a, bodies.get(a.id) ?? '', enclosures[i]));
  const head = feedHead(ctx, scope, format, items);
  return format === 'rss'
    ? { body: rssXml(head, entries), contentType: 'application/rss+xml; charset=utf-8' }
    : { body: atomXml(head, entries), contentType: 'application/atom+xml; charset=utf-8' };
}

function feedHead(ctx: ViewContext, scope: FeedScope, format: FeedFormat, items: ArticleCard[]): FeedHead {
  return {
    title: scope.title,
    description: scope.description,
    home: absoluteUrl(ctx, scope.path || '/'),
    self: absoluteUrl(ctx, `${scope.path}/${format === 'rss' ? 'feed' : 'atom'}.xml`),
    icon: absoluteUrl(ctx, ctx.assets.url('icon.svg')),
    language: ctx.settings.language,
    siteName: ctx.settings.site_name,
    updated: items.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), new Date(0).toISOString()),
  };
}

function entry(ctx: ViewContext, a: ArticleCard, bodyHtml: string, enclosure: FeedEntry['enclosure']): FeedEntry {
  return {
    title: a.title,
    summary: a.standfirst,
    // Stored rendered and sanitised, with any redaction already applied.
    contentHtml: absoluteAddresses(bodyHtml, ctx.siteUrl),
    url: absoluteUrl(ctx, a.path),
    publishedAt: a.publishedAt,
    updatedAt: a.updatedAt,
    authors: a.authors.map((p) => ({ name: p.name, url: absoluteUrl(ctx, `/author/${p.slug}`) })),
    section: { name: a.section.name, slug: a.section.slug, url: absoluteUrl(ctx, `/section/${a.section.slug}`) },
    enclosure,
    comments: { url: `${absoluteUrl(ctx, a.path)}#comments`, count: a.commentCount ?? 0 },
  };
}

/**
 * The lead picture as a feed reader should fetch it: a JPEG or PNG (not every
 * reader takes WebP) about 960 pixels wide, with the length and type of the
 * very file the site serves. A file missing from disk gets no enclosure rather
 * than a wrong one.
 */
async function leadEnclosure(ctx: ViewContext, store: MediaStore, a: ArticleCard): Promise<FeedEntry['enclosure']> {
  const variants = a.lead?.variants ?? [];
  const classic = variants.filter((v) => v.format !== 'webp');
  const v = classic.find((x) => x.width >= 960) ?? classic[classic.length - 1] ?? variants[0];
  if (!v) return null;
  const stat = await store.stat(v.file).catch(() => null);
  if (!stat) return null;
  return { url: absoluteUrl(ctx, mediaUrl(v.file)), type: `image/${v.format}`, length: stat.size };
}

/**
 * Feed readers show the body away from the site, where "/media/x.jpg" means
 * nothing: the site's own addresses in links, pictures and their sources are
 * made absolute. Only inside tags — the sanitiser escapes every "<" and ">" in
 * text and attribute values, so a tag is always "<" up to the next ">".
 */
export function absoluteAddresses(bodyHtml: string, siteUrl: string): string {
  const own = (u: string) => (u.startsWith('/') && !u.startsWith('//') ? `${siteUrl}${u}` : u);
  return bodyHtml.replace(/<[a-zA-Z][^>]*>/g, (tag) =>
    tag.replace(/\s(href|src|poster|srcset)="([^"]*)"/g, (_m, name: string, value: string) => {
      const fixed = name === 'srcset' ? value.split(',').map((part) => part.trim().replace(/^\S+/, own)).join(', ') : own(value);
      return ` ${name}="${fixed}"`;
    }),
  );
}
