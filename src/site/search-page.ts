import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../http/errors.ts';
import { pageParam, parseQuery, queryMessage } from '../http/query.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { cardList, pagination } from '../views/partials.ts';
import { PAGE_SIZE } from './listing-pages.ts';
import { searchArticles } from './search.ts';

const searchQuery = {
  q: z.string().max(200, queryMessage('searchTooLong')).optional().transform((q) => (q ?? '').trim()),
  page: pageParam,
};

export async function renderSearch(s: Services, req: FastifyRequest, ctx: ViewContext): Promise<string> {
  const { q, page: n } = parseQuery(searchQuery, req.query);
  const page = pageOf(n, PAGE_SIZE);
  const { total, results } = q ? await searchArticles(s.db.kysely, s.db.dialect, q, page.size, page.offset) : { total: 0, results: [] };
  if (n > 1 && results.length === 0) throw new NotFound((t) => t.noSuchPageNumber);
  const p = paginate(page, total);
  const t = words(ctx);
  const main = html`<header class="listing-header">
<h1>${q ? t.searchResultsFor(q) : t.search}</h1>
</header>
<form class="search-form" action="/search" method="get" role="search" aria-label="${t.articles}">
<label for="search-q">${t.searchArticles}</label>
<div class="search-form__row">
<input id="search-q" type="search" name="q" value="${q}" maxlength="200">
<button type="submit">${t.search}</button>
</div>
</form>
${q ? html`<p class="search-count" role="status">${total === 0 ? t.noMatches : t.matches(total)}</p>` : ''}
${results.length ? cardList(ctx, results, 'standard', 2) : ''}
${pagination(p, '/search', { q }, t)}`;
  return layout(ctx, { title: q ? `${t.search}: ${q}` : t.search, noindex: true }, main);
}
