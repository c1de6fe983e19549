import type { Pagination } from '../lib/pagination.ts';
import type { PickerItem } from '../media/library-search.ts';
import { type Html, html } from '../render/html.ts';
import { pagination } from '../views/partials.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField } from './admin-layout.ts';

/** The media picker's markup: the page for writing without JavaScript, and the editor's dialog. */

const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/** The block that puts a picture in a body; its texts come from the library unless the writer adds lines. */
export function figureMarkdown(slug: string): string {
  return `::: figure ${slug}\n:::`;
}

export function thumbImg(item: PickerItem, cls = 'picker-thumb'): Html {
  return item.thumb
    ? html`<img class="${cls}" src="${item.thumb.url}" width="${item.thumb.width}" height="${item.thumb.height}" alt="" loading="lazy" decoding="async">`
    : html`<span class="${cls} picker-thumb--none"></span>`;
}

function pickerCard(item: PickerItem): Html {
  return html`<li class="picker-card">
${thumbImg(item)}
<div class="picker-card__text">
<p class="picker-card__alt">${item.alt}</p>
${item.caption ? html`<p class="hint">Caption: ${item.caption}</p>` : ''}
${item.credit ? html`<p class="hint">Credit: ${item.credit}</p>` : ''}
<label for="md-${item.id}">Markdown for a figure</label>
<textarea id="md-${item.id}" rows="2" readonly class="picker-card__md">${figureMarkdown(item.slug)}</textarea>
<p class="hint">As a lead picture: choose “${item.slug}” in the editor’s list.</p>
</div>
</li>`;
}

export interface PickerPageView {
  q: string;
  items: PickerItem[];
  total: number;
  pages: Pagination;
  mayUpload: boolean;
}

export function pickerPageMain(v: PickerPageView): Html {
  const extra: Record<string, string> = v.q ? { q: v.q } : {};
  return html`<h1>Pictures for articles</h1>
<p>Copy a figure’s Markdown into the body of an article. Lines such as <code>caption: …</code>, <code>credit: …</code> or <code>alt: …</code> before the closing <code>:::</code> change the texts for that article only; see the <a href="/admin/guide">writing guide</a>.${v.mayUpload ? html` New pictures go in through the <a href="/admin/media">media library</a>.` : ''}</p>
<form method="get" action="/admin/media/picker" role="search" class="admin-filters">
<label>Search the pictures <input type="search" name="q" value="${v.q}" maxlength="100"></label>
<button type="submit">Search</button>
</form>
<p role="status">${v.total === 1 ? 'One picture' : `${v.total} pictures`}${v.q ? html` for “${v.q}”` : ''}.</p>
<ul class="picker-cards">${v.items.map(pickerCard)}</ul>
${pagination(v.pages, '/admin/media/picker', extra)}`;
}

/** The editor's picker: search, results, upload, and the figure's texts before it goes in. Opened by media-picker.js. */
export function pickerDialog(a: AdminContext, mayUpload: boolean): Html {
  return html`<dialog class="picker" id="media-picker" aria-labelledby="picker-title" data-picker>
<div class="picker-head"><h2 id="picker-title" data-picker-title>Choose a picture</h2><button type="button" class="secondary" data-picker-close>Close</button></div>
<div data-picker-choose>
<form class="picker-search" role="search" data-picker-search>
<label for="picker-q">Search the library</label>
<div class="picker-search__row"><input type="search" id="picker-q" name="q" maxlength="100" autocomplete="off"><button type="submit">Search</button></div>
</form>
${mayUpload ? uploadForm(a) : ''}
<p class="picker-count" role="status" data-picker-count></p>
<ul class="picker-grid" data-picker-results></ul>
<p><button type="button" class="secondary" data-picker-more hidden>More pictures</button></p>
</div>
<form class="picker-details" data-picker-details hidden>
<div class="picker-details__picture" data-picker-chosen></div>
<div class="field"><label for="picker-alt">Alt text</label><p class="hint" id="hint-picker-alt">What the picture shows, for readers who cannot see it.</p><textarea id="picker-alt" name="alt" rows="2" required aria-describedby="hint-picker-alt"></textarea></div>
<div class="field"><label for="picker-caption">Caption</label><input id="picker-caption" name="caption"></div>
<div class="field"><label for="picker-credit">Credit</label><input id="picker-credit" name="credit"></div>
<p class="hint">Texts left as the library has them follow the library, so a correction there reaches every article.</p>
<div class="picker-details__actions"><button type="submit">Insert figure</button><button type="button" class="secondary" data-picker-back>Back to the pictures</button></div>
</form>
</dialog>`;
}

function uploadForm(a: AdminContext): Html {
  return html`<details class="picker-upload" data-picker-upload-box>
<summary>Upload a new picture</summary>
<form data-picker-upload method="post" action="/admin/media/picker/upload" enctype="multipart/form-data">
${csrfField(a.csrf)}
<div class="field"><label for="picker-file">Picture file</label><input type="file" id="picker-file" name="file" accept="${ACCEPTED_TYPES}" required></div>
<div class="field"><label for="picker-new-alt">Alt text for the library</label><textarea id="picker-new-alt" name="alt" rows="2" required></textarea></div>
<div class="field"><label for="picker-new-caption">Caption for the library</label><input id="picker-new-caption" name="caption"></div>
<div class="field"><label for="picker-new-credit">Credit for the library</label><input id="picker-new-credit" name="credit"></div>
<p class="field-error" data-picker-upload-error role="alert"></p>
<p><button type="submit">Upload</button></p>
</form>
</details>`;
}
