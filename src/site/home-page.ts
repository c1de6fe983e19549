import { LATEST, sectionDep, showsCards, showsSidebar } from '../articles/deps.ts';
import { FRONT_PAGE, FRONT_PINS } from '../articles/pins.ts';
import { listPublished, listPublishedByIds } from '../articles/store.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { articleCard, cardList, sidebar } from '../views/partials.ts';

const LATEST_COUNT = 6;
const PER_SECTION = 4;

/**
 * The front page: the lead story and the featured ones as the editors pinned
 * them (else the newest), the latest, a block per section, and the sidebar.
 */
export async function renderHome(s: Services, ctx: ViewContext, shows: Set<string>): Promise<string> {
  const db = s.db.kysely;
  const pinned = await listPublishedByIds(db, (await s.pins.articleIds('front')).slice(0, FRONT_PINS));
  const newest = await listPublished(db, { excludeIds: pinned.map((a) => a.id) }, LATEST_COUNT + 1);
  const [lead, ...rest] = [...pinned, ...newest];
  const featured = rest.slice(0, Math.max(0, pinned.length - 1));
  const latest = rest.slice(featured.length, featured.length + LATEST_COUNT);
  const top = [lead, ...featured, ...latest].filter((a) => a !== undefined);
  const shown = top.map((a) => a.id);
  shows.add(FRONT_PAGE);
  const sectionRows = await db.selectFrom('sections').select(['id', 'slug', 'name']).orderBy('position').execute();
  const blocks = await Promise.all(
    sectionRows.map(async (sec) => ({ sec, cards: await listPublished(db, { sectionId: sec.id, excludeIds: shown }, PER_SECTION) })),
  );
  const side = await s.siteData.sidebar();
  showsCards(shows, [LATEST], top, ...blocks.map((b) => b.cards));
  for (const b of blocks) shows.add(sectionDep(b.sec.id));
  showsSidebar(shows, side);
  const t = words(ctx);
  const main = html`<h1 class="visually-hidden">${ctx.settings.site_name}: ${ctx.settings.site_description}</h1>
${lead
  ? html`<section class="home-lead" aria-label="${t.leadStory}">${articleCard(ctx, lead, 'lead', 2)}</section>`
  : html`<p class="empty">${t.nothingPublished}</p>`}
${featured.length ? html`<section class="home-featured" aria-label="${t.featured}">
${cardList(ctx, featured, 'standard', 3)}
</section>` : ''}
${latest.length ? html`<section class="home-latest" aria-labelledby="latest-heading">
<h2 id="latest-heading" class="block-heading">${t.latest}</h2>
${cardList(ctx, latest, 'standard', 3)}
</section>` : ''}
${blocks.filter((b) => b.cards.length).map((b) => html`<section class="home-section" aria-labelledby="section-${b.sec.slug}">
<h2 id="section-${b.sec.slug}" class="block-heading"><a href="/section/${b.sec.slug}">${b.sec.name}</a></h2>
${cardList(ctx, b.cards, 'compact', 3)}
</section>`)}`;
  return layout(ctx, { title: ctx.settings.site_name, description: ctx.settings.site_description, canonical: '/' }, main, sidebar(ctx, side));
}
