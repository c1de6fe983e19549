import { html } from '../render/html.ts';
import { type ViewContext, words } from './context.ts';
import { layout } from './layout.ts';

export function errorPage(ctx: ViewContext, status: number, title: string, message: string): string {
  const t = words(ctx);
  const main = html`<section class="error-page">
<p class="kicker">${t.error(status)}</p>
<h1>${title}</h1>
<p>${message}</p>
${status === 404 || status === 410 ? html`<form class="search-form" action="/search" method="get" role="search" aria-label="${t.articles}">
<label for="error-search-q">${t.searchInstead}</label>
<div class="search-form__row"><input id="error-search-q" type="search" name="q" maxlength="200"><button type="submit">${t.search}</button></div>
</form>` : ''}
<p><a href="/">${t.frontPage}</a></p>
</section>`;
  return layout(ctx, { title, noindex: true }, main);
}
