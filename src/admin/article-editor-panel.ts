import { can } from '../accounts/capabilities.ts';
import { BIN_DAYS } from '../articles/workflow.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { describedBy, type EditorData, str } from './article-editor-view.ts';
import { field } from './form-fields.ts';
import { thumbImg } from './media-picker-view.ts';
import { editorPollSlot } from './poll-editor-slot.ts';

/** The editor's side panel: the publishing buttons first, then the article's settings. */

function input(name: string, d: EditorData, attrs: Html = html``, hint = false): Html {
  const err = d.errors[name as keyof EditorData['errors']];
  return html`<input id="f-${name}" name="${name}" value="${str(d.values[name])}"${describedBy(hint && `hint-${name}`, err && `err-${name}`)}${err ? html` aria-invalid="true"` : ''} ${attrs}>`;
}

/**
 * The byline as a row of choices, one per place: the order on the page is the
 * order of the names, which a multiple select cannot express. One empty place
 * more than is used, so another writer can be added without JavaScript.
 */
function authorSlots(d: EditorData): Html {
  const v = d.values.author_ids;
  const chosen = (Array.isArray(v) ? v : v ? [v] : []).map(String).filter(Boolean);
  const places = Math.min(Math.max(chosen.length + 1, 2), Math.max(d.choices.staff.length, 1));
  const err = d.errors.author_ids;
  const slot = (i: number) => html`<div class="author-slot">
<label for="f-author_ids-${i}">${i === 0 ? 'Lead author' : `Author ${i + 1}`}</label>
<select id="f-author_ids-${i}" name="author_ids"${err ? html` aria-invalid="true" aria-describedby="err-author_ids"` : ''}>
<option value="">—</option>
${d.choices.staff.map((p) => html`<option value="${p.id}"${chosen[i] === String(p.id) ? html` selected` : ''}>${p.name}</option>`)}
</select>
</div>`;
  return html`<fieldset class="field author-slots${err ? ' field--error' : ''}"><legend>Byline</legend>
<p class="hint">Names appear in this order; leave a place empty to drop it. Save to get a place for one more.</p>
${Array.from({ length: places }, (_, i) => slot(i))}
${err ? html`<p class="field-error" id="err-author_ids">${err}</p>` : ''}
</fieldset>`;
}

/** The lead picture: its thumbnail, the library's list (without JavaScript), and the picker's buttons (with it). */
function leadPicture(d: EditorData): Html {
  const chosen = str(d.values.lead_media_id);
  // The list holds the newest pictures; an older lead must still be in it, or saving would drop it.
  const media = d.lead && !d.choices.media.some((m) => m.id === d.lead!.id) ? [d.lead, ...d.choices.media] : d.choices.media;
  const err = d.errors.lead_media_id;
  return html`<fieldset class="field lead-picture${err ? ' field--error' : ''}"><legend>Lead picture</legend>
<div class="lead-current" data-lead-current>
${d.lead ? html`${thumbImg(d.lead, 'lead-thumb')}<p class="lead-current__text">${d.lead.alt} <span class="hint">(${d.lead.slug})</span></p>` : html`<p class="lead-current__text hint">None chosen.</p>`}
</div>
<div class="lead-buttons" data-lead-buttons hidden><button type="button" class="secondary" data-pick-lead>Choose a picture</button><button type="button" class="secondary" data-clear-lead>No lead picture</button></div>
<div class="field" data-lead-select>
<label for="f-lead_media_id">Picture from the library</label>
<select id="f-lead_media_id" name="lead_media_id"${describedBy('hint-lead_media_id', err && 'err-lead_media_id')}><option value="">None</option>${media.map((m) => html`<option value="${m.id}"${chosen === String(m.id) ? html` selected` : ''}>${m.slug} — ${m.alt}</option>`)}</select>
<p class="hint" id="hint-lead_media_id"><a href="/admin/media/picker" target="_blank">Browse the pictures with thumbnails<span class="visually-hidden"> (opens in a new tab)</span></a></p>
</div>
${err ? html`<p class="field-error" id="err-lead_media_id">${err}</p>` : ''}
${field('lead_caption', 'Caption for this article', input('lead_caption', d, html`maxlength="500"`, true), d.errors, 'Leave empty to use the caption from the media library.')}
${field('lead_credit', 'Credit for this article', input('lead_credit', d, html`maxlength="200"`, true), d.errors, 'Leave empty to use the library’s credit.')}
</fieldset>`;
}

function seo(d: EditorData): Html {
  const v = d.values;
  const open = Boolean(v.seo_title || v.seo_description || d.errors.seo_title || d.errors.seo_description);
  return html`<details class="panel-group"${open ? html` open` : ''}><summary>Search engines and sharing</summary>
${field('seo_title', 'SEO title', input('seo_title', d, html`maxlength="120"`, true), d.errors, 'Leave empty to use the headline. Search results show about 60 characters.')}
${field('seo_description', 'SEO description', html`<textarea id="f-seo_description" name="seo_description" rows="3" maxlength="300" aria-describedby="hint-seo_description">${str(v.seo_description)}</textarea>`, d.errors, 'Leave empty to use the standfirst.')}
</details>`;
}

/** For a published article: how readers will see this change. */
function changeNote(d: EditorData): Html {
  const v = d.values;
  return html`<fieldset class="panel-group"><legend>This change, as readers will see it</legend>
${field('change_kind', 'Kind of change', html`<select id="f-change_kind" name="change_kind" aria-describedby="hint-change_kind"><option value="update">Update</option><option value="correction"${v.change_kind === 'correction' ? html` selected` : ''}>Correction</option></select>`, d.errors, 'Every saved change to a published article is kept and shown on its public history page.')}
${field('change_note', 'Note for readers', html`<textarea id="f-change_note" name="change_note" rows="2" maxlength="1000" aria-describedby="hint-change_note${d.errors.change_note ? ' err-change_note' : ''}">${str(v.change_note)}</textarea>`, d.errors, 'Shown above the article for corrections, and for updates when given.')}
</fieldset>`;
}

/** Deleting or binning posts the form to its own address, which asks for confirmation on a page of its own. */
function removeButton(d: EditorData): Html {
  if (!d.id || !d.removal) return html``;
  const del = d.removal === 'delete';
  return html`<div class="panel-remove">
<button type="submit" class="danger" formaction="/admin/articles/${d.id}/${d.removal}" formnovalidate aria-describedby="hint-remove">${del ? 'Delete draft' : 'Move to the bin'}</button>
<p class="hint" id="hint-remove">${del ? 'Asks first. It was never published, so it is deleted for good.' : `Asks first. It leaves the site at once; it can be restored for ${BIN_DAYS} days.`}</p>
</div>`;
}

/** The buttons: the first is Save, so Enter in the headline saves. Always in reach (a sticky panel, a bar on a phone). */
function actions(a: AdminContext, d: EditorData): Html {
  const isEditor = can(a.user.role, 'edit_others');
  return html`<div class="editor-actions" data-actions>
<div class="editor-buttons">
<button type="submit" name="action" value="save">${d.status === 'published' ? 'Save changes' : 'Save draft'}</button>
${!d.mayPublish && d.status !== 'review' ? html`<button type="submit" name="action" value="submit">Submit for review</button>` : ''}
${d.mayPublish && d.status !== 'published' ? html`<button type="submit" name="action" value="publish">Publish now</button><button type="submit" name="action" value="schedule" class="secondary">Schedule</button>` : ''}
${isEditor && d.status === 'review' ? html`<button type="submit" name="action" value="send_back" class="secondary">Send back to the writer</button>` : ''}
${d.mayPublish && d.status === 'published' ? html`<button type="submit" name="action" value="unpublish" class="danger">Unpublish</button>` : ''}
<button type="submit" formaction="/admin/preview" formtarget="_blank" name="action" value="save" class="secondary" data-preview-button>Preview</button>
</div>
<p class="autosave-status" role="status" aria-live="polite"></p>
</div>`;
}

export function editorPanel(a: AdminContext, d: EditorData): Html {
  const v = d.values;
  const isEditor = can(a.user.role, 'edit_others');
  return html`<section class="editor-panel" aria-labelledby="h-settings">
${actions(a, d)}
<h2 id="h-settings">Article settings</h2>
${field('slug', 'Address (slug)', input('slug', d, html`maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*"`, true), d.errors, 'The end of the article’s address. Leave empty to make one from the headline.')}
${field('section_id', 'Section', html`<select id="f-section_id" name="section_id">${d.choices.sections.map((s) => html`<option value="${s.id}"${str(v.section_id) === String(s.id) ? html` selected` : ''}>${s.name}</option>`)}</select>`, d.errors)}
${authorSlots(d)}
${field('tags', 'Tags', input('tags', d, html`maxlength="500"`, true), d.errors, 'Separate tags with commas.')}
${leadPicture(d)}
${seo(d)}
<div class="field"><label class="checkbox"><input type="checkbox" name="comments_enabled"${v.comments_enabled === false ? '' : html` checked`}> Comments open</label></div>
<div class="poll-slot" data-region="poll-slot">${editorPollSlot(d.polls)}</div>
${d.mayPublish ? field('publish_at', 'Publish at (for scheduling)', input('publish_at', d, html`type="datetime-local"`, true), d.errors, 'In the site’s time zone. Used by “Schedule”.') : ''}
${d.status === 'published' ? changeNote(d) : ''}
${isEditor && d.status === 'review' ? field('review_note', 'Note to the writer (when sending back)', html`<textarea id="f-review_note" name="review_note" rows="2" maxlength="1000">${str(v.review_note)}</textarea>`, d.errors) : ''}
${removeButton(d)}
</section>`;
}
