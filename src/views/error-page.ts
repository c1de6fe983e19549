import { html } from '../render/html.js';
import type { ViewContext } from './context.js';
import { layout } from './layout.js';

export function errorPage(ctx: ViewContext, status: number, title: string, message: string): string {
  const main = html`<section class="error-page">
<p class="kicker">Error ${status}</p>
<h1>${title}</h1>
<p>${message}</p>
${status === 404 || status === 410 ? html`<form class="search-form" action="/search" method="get" role="search" aria-label="Articles">
<label for="error-search-q">Search the site instead</label>
<div class="search-form__row"><input id="error-search-q" type="search" name="q" maxlength="200"><button type="submit">Search</button></div>
</form>` : ''}
<p><a href="/">Go to the front page</a></p>
</section>`;
  return layout(ctx, { title, noindex: true }, main);
}
