import { can } from '../accounts/capabilities.ts';
import type { Media } from '../db/schema.ts';
import type { Pagination } from '../lib/pagination.ts';
import { formatDateTime } from '../lib/time.ts';
import { isUsed, type LibraryItem, type MediaUsage } from '../media/library-store.ts';
import { mediaUrl, pictureHtml, toMediaInfo } from '../media/picture.ts';
import { type Html, html, raw } from '../render/html.ts';
import { field } from './form-fields.ts';
import { pagination } from '../views/partials.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';

/** The media library's pages: the list with the upload form, and one image. Markup only. */

const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

export interface TextValues {
  alt: string;
  caption: string;
  credit: string;
}

export type FieldErrors = Partial<Record<'file' | 'alt', string>>;

export interface LibraryView {
  items: LibraryItem[];
  total: number;
  pages: Pagination;
  onlyUnused: boolean;
  values: TextValues;
  errors: FieldErrors;
  message?: string;
  dates: { locale: string; timezone: string };
}

const ALT_HINT =
  'Required. Say what the image shows that matters to the story, in a sentence or less, as you would to someone on the phone ' +
  '(“Firefighters carry a hose up the stairs of the burning library”). Do not start with “Image of”, ' +
  'and leave out what the caption already says. Screen readers read it aloud; search engines use it too.';


/** aria-describedby pointing at the hint and, when there is one, the error. */
function described(name: string, errors: FieldErrors, hint: boolean): Html {
  const ids = [hint ? `hint-${name}` : '', errors[name as keyof FieldErrors] ? `err-${name}` : ''].filter(Boolean).join(' ');
  const invalid = errors[name as keyof FieldErrors] ? html` aria-invalid="true"` : html``;
  return ids ? html` aria-describedby="${ids}"${invalid}` : invalid;
}

function textFields(v: TextValues, errors: FieldErrors): Html {
  return html`${field('alt', 'Alt text', html`<textarea id="f-alt" name="alt" rows="2" required${described('alt', errors, true)}>${v.alt}</textarea>`, errors, ALT_HINT)}
${field('caption', 'Caption', html`<textarea id="f-caption" name="caption" rows="2"${described('caption', errors, true)}>${v.caption}</textarea>`, errors, 'Shown under the image. An article can give its own caption instead.')}
${field('credit', 'Credit', html`<input id="f-credit" name="credit" value="${v.credit}"${described('credit', errors, true)}>`, errors, 'A name reads as “Photo: Name”; write “Illustration: Name” or “Handout: Agency” to say otherwise.')}`;
}

export function libraryMain(a: AdminContext, v: LibraryView): Html {
  const hasErrors = Object.keys(v.errors).length > 0;
  const mayManage = can(a.user.role, 'manage_media');
  return html`<h1>Media library</h1>
${flash(v.message)}
${hasErrors ? flash('The image was not uploaded; see the messages below.', 'error') : ''}
<section aria-labelledby="h-upload">
<h2 id="h-upload">Upload an image</h2>
<form class="media-upload" method="post" action="/admin/media" enctype="multipart/form-data">
${csrfField(a.csrf)}
${field('file', 'Image file', html`<input type="file" id="f-file" name="file" accept="${ACCEPTED_TYPES}" required${described('file', v.errors, true)}>`, v.errors,
  'JPEG, PNG, WebP, AVIF or GIF, up to 20 MB. Location, camera and other hidden details are removed. Choose the file again after an error.')}
${textFields(v.values, v.errors)}
<p><button type="submit">Upload</button></p>
</form>
</section>
<section aria-labelledby="h-library">
<h2 id="h-library">${v.onlyUnused ? 'Unused images' : 'All images'} <span class="count">(${v.total})</span></h2>
${mayManage ? html`<form class="admin-filters" method="get" action="/admin/media">
<label class="checkbox"><input type="checkbox" name="unused" value="1"${v.onlyUnused ? html` checked` : ''}> Show only unused</label>
<button type="submit">Show</button>
</form>
${v.onlyUnused ? html`<p class="hint">Not a lead image, a figure in any article (drafts included), a portrait or the publisher logo: these can be deleted.</p>` : ''}` : ''}
${libraryTable(v)}
${pagination(v.pages, '/admin/media', v.onlyUnused ? { unused: '1' } : {})}
</section>`;
}

function libraryTable(v: LibraryView): Html {
  if (!v.items.length) return html`<p class="empty">${v.onlyUnused ? 'Every image is in use.' : 'No images yet. Upload the first one above.'}</p>`;
  return html`<table class="admin-table media-table">
<thead><tr><th scope="col">Image</th><th scope="col">Slug</th><th scope="col">Alt text</th><th scope="col">Caption</th><th scope="col">Credit</th><th scope="col">Size</th><th scope="col">Uploaded</th></tr></thead>
<tbody>${v.items.map((m) => html`<tr>
<td>${m.thumb ? html`<img class="media-thumb" src="${mediaUrl(m.thumb.file)}" width="${m.thumb.width}" height="${m.thumb.height}" alt="" loading="lazy" decoding="async">` : ''}</td>
<td><a href="/admin/media/${m.id}">${m.slug}</a></td>
<td>${m.alt}</td>
<td>${m.caption}</td>
<td>${m.credit}</td>
<td>${dimensions(m)}</td>
<td><time datetime="${m.created_at}">${formatDateTime(m.created_at, v.dates.locale, v.dates.timezone)}</time></td>
</tr>`)}</tbody>
</table>`;
}

const dimensions = (m: { width: number; height: number }) => `${m.width} × ${m.height}`;

export interface MediaView {
  media: Media;
  usage: MediaUsage;
  inUse: boolean;
  values: TextValues;
  errors: FieldErrors;
  message?: string;
  problem?: string;
  dates: { locale: string; timezone: string };
}

export function mediaMain(a: AdminContext, v: MediaView): Html {
  const m = v.media;
  const info = toMediaInfo(m);
  return html`<p><a href="/admin/media">← Media library</a></p>
<h1>Image: ${m.slug}</h1>
${flash(v.message)}
${v.problem ? flash(v.problem, 'error') : ''}
${Object.keys(v.errors).length ? flash('Not saved; see the message below.', 'error') : ''}
<div class="media-detail">
<div class="media-preview">${raw(pictureHtml(info, { sizes: '(min-width: 60rem) 36rem, 100vw', eager: true }))}</div>
<div>
<dl class="media-facts">
<dt>Dimensions</dt><dd>${dimensions(m)} pixels</dd>
<dt>Stored as</dt><dd>${m.mime.replace('image/', '').toUpperCase()} and WebP, ${info.variants.filter((x) => x.format === 'webp').map((x) => x.width).join(', ')} pixels wide (${kilobytes(m.bytes)} in all)</dd>
<dt>Uploaded</dt><dd><time datetime="${m.created_at}">${formatDateTime(m.created_at, v.dates.locale, v.dates.timezone)}</time></dd>
<dt>In an article body</dt><dd><pre><code>::: figure ${m.slug}
:::</code></pre></dd>
</dl>
<form method="post" action="/admin/media/${m.id}">
${csrfField(a.csrf)}
${textFields(v.values, v.errors)}
<p class="hint">Saving updates every article that shows this image, unless an article gives its own text.</p>
<p><button type="submit">Save</button></p>
</form>
</div>
</div>
<section aria-labelledby="h-used">
<h2 id="h-used">Used in</h2>
${usageList(v.usage)}
</section>
${can(a.user.role, 'manage_media') ? deleteSection(a, m.id, v.inUse) : ''}`;
}

function usageList(u: MediaUsage): Html {
  if (!isUsed(u)) return html`<p>Nothing uses this image.</p>`;
  return html`<ul class="media-usage">
${u.articles.map((x) => html`<li><a href="/admin/articles/${x.id}/edit">${x.title || '(untitled)'}</a> <span class="status status--${x.status}">${x.status}</span> — ${[x.asLead ? 'lead image' : '', x.inFigure ? 'figure in the text' : ''].filter(Boolean).join(' and ')}${x.path && x.status === 'published' ? html` · <a href="${x.path}">view</a>` : ''}</li>`)}
${u.avatarOf.map((name) => html`<li>Portrait of ${name}</li>`)}
${u.elsewhere.map((what) => html`<li>${what[0].toUpperCase()}${what.slice(1)}</li>`)}
${u.publisherLogo ? html`<li>The publisher logo (site settings)</li>` : ''}
</ul>`;
}

function deleteSection(a: AdminContext, id: number, inUse: boolean): Html {
  return html`<section aria-labelledby="h-delete" class="danger-zone">
<h2 id="h-delete">Delete</h2>
${inUse
    ? html`<p>This image is in use, so it cannot be deleted. Remove it from everything listed above first.</p>`
    : html`<form method="post" action="/admin/media/${id}/delete">
${csrfField(a.csrf)}
<p>Deleting removes the image and all its stored sizes. This cannot be undone.</p>
<p><button type="submit" class="danger">Delete this image</button></p>
</form>`}
</section>`;
}

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
