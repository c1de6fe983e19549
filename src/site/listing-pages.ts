import type { FastifyRequest } from 'fastify';
import { authorDep, sectionDep, showsCards, showsSidebar, tagDep } from '../articles/deps.ts';
import { type ArticleCard, countPublished, type ListFilter, listPublished, listPublishedByIds } from '../articles/store.ts';
import { NotFound } from '../http/errors.ts';
import { pageParam, parseQuery } from '../http/query.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import { mediaBySlugs } from '../articles/store.ts';
import { pictureHtml } from '../media/picture.ts';
import { type Html, html, raw } from '../render/html.ts';
import { bioExcerpt } from '../accounts/bio.ts';
import { storedLinks } from '../accounts/profile-links.ts';
import { authorIntro } from './author-view.ts';
import type { Services } from '../services.ts';
import { type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { articleCard, cardList, pageLinks, pagination, sidebar } from '../views/partials.ts';
import { findAuthor, findSection, findTag, mediaByIdOf } from './store.ts';

export const PAGE_SIZE = 10;

interface Listing {
  /** What the listing is of, for the page cache: `section:3`, `tag:7`, `author:2`. */
  of: string;
  title: string;
  kicker: string;
  description: string;
  base: string;
  filter: ListFilter;
  intro?: Html;
  feeds?: { title: string; rss: string; atom: string }[];
  currentSection?: string;
  /** The story the editors pinned to the top of this listing, shown first on its first page. */
  pinned?: ArticleCard;
}

async function renderListing(s: Services, req: FastifyRequest, ctx: ViewContext, l: Listing, shows: Set<string>): Promise<string> {
  const { page: n } = parseQuery({ page: pageParam }, req.query);
  const page = pageOf(n, PAGE_SIZE);
  const db = s.db.kysely;
  if (l.pinned) l = { ...l, filter: { ...l.filter, excludeIds: [l.pinned.id] } };
  const pinned = n === 1 ? l.pinned : undefined;
  const [total, cards, side] = await Promise.all([
    countPublished(db, l.filter),
    listPublished(db, l.filter, page.size, page.offset),
    s.siteData.sidebar(),
  ]);
  if (n > 1 && cards.length === 0) throw new NotFound((t) => t.noSuchPageNumber);
  showsCards(shows, [l.of], cards, pinned ? [pinned] : []);
  showsSidebar(shows, side);
  const p = paginate(page, total);
  const main = html`<header class="listing-header">
<p class="kicker">${l.kicker}</p>
<h1>${l.title}</h1>
${l.intro ?? (l.description ? html`<p class="listing-description">${l.description}</p>` : '')}
</header>
${pinned ? html`<section class="listing-lead" aria-label="${words(ctx).leadStory}">${articleCard(ctx, pinned, 'lead', 2)}</section>` : ''}
${cards.length || pinned ? cardList(ctx, cards, 'standard', 2) : html`<p class="empty">${words(ctx).noArticlesHere}</p>`}
${pagination(p, l.base, {}, words(ctx))}`;
  return layout(
    ctx,
    {
      title: n > 1 ? `${l.title} (page ${n})` : l.title,
      description: l.description,
      canonical: n > 1 ? `${l.base}?page=${n}` : l.base,
      head: pageLinks(p, l.base),
      feeds: l.feeds,
      currentSection: l.currentSection,
    },
    main,
    sidebar(ctx, side),
  );
}

export async function renderSection(s: Services, req: FastifyRequest, ctx: ViewContext, slug: string, shows: Set<string>) {
  const section = await findSection(s.db.kysely, slug);
  if (!section) throw new NotFound();
  const base = `/section/${section.slug}`;
  const [pinned] = await listPublishedByIds(s.db.kysely, (await s.pins.articleIds(`section:${section.id}`)).slice(0, 1));
  const picture = section.image_media_id ? await mediaByIdOf(s.db.kysely, section.image_media_id) : undefined;
  const intro = picture || section.description ? html`${picture ? html`<div class="section-picture">${raw(pictureHtml(picture, { alt: picture.alt, sizes: '(min-width: 60rem) 40rem, 100vw', eager: true }))}</div>` : ''}
${section.description ? html`<p class="listing-description">${section.description}</p>` : ''}` : undefined;
  return renderListing(s, req, ctx, {
    of: sectionDep(section.id),
    title: section.name,
    kicker: words(ctx).sectionKicker,
    description: section.description,
    intro,
    pinned,
    base,
    filter: { sectionId: section.id },
    currentSection: section.slug,
    feeds: [{ title: `${ctx.settings.site_name}: ${section.name}`, rss: `${base}/feed.xml`, atom: `${base}/atom.xml` }],
  }, shows);
}

export async function renderTag(s: Services, req: FastifyRequest, ctx: ViewContext, slug: string, shows: Set<string>) {
  const tag = await findTag(s.db.kysely, slug);
  if (!tag) throw new NotFound();
  return renderListing(s, req, ctx, {
    of: tagDep(tag.id),
    title: tag.name,
    kicker: words(ctx).topicKicker,
    description: words(ctx).articlesAbout(tag.name),
    base: `/tag/${tag.slug}`,
    filter: { tagId: tag.id },
    feeds: [{ title: `${ctx.settings.site_name}: ${tag.name}`, rss: `/tag/${tag.slug}/feed.xml`, atom: `/tag/${tag.slug}/atom.xml` }],
  }, shows);
}

export async function renderAuthor(s: Services, req: FastifyRequest, ctx: ViewContext, slug: string, shows: Set<string>) {
  const author = await findAuthor(s.db.kysely, slug);
  if (!author) throw new NotFound();
  const portrait = author.avatar_slug ? (await mediaBySlugs(s.db.kysely, [author.avatar_slug])).get(author.avatar_slug) : undefined;
  const base = `/author/${author.slug}`;
  const intro = authorIntro(ctx, { name: author.name, bio: author.bio, portrait, links: storedLinks(author.links) });
  return renderListing(s, req, ctx, {
    of: authorDep(author.id),
    title: author.name,
    kicker: words(ctx).authorKicker,
    description: bioExcerpt(author.bio, ctx.settings.language),
    base,
    filter: { authorId: author.id },
    intro,
    feeds: [{ title: `${ctx.settings.site_name}: ${author.name}`, rss: `${base}/feed.xml`, atom: `${base}/atom.xml` }],
  }, shows);
}
