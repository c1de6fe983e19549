import { can } from '../accounts/capabilities.ts';
import { type Html, html } from '../render/html.ts';
import { field } from './form-fields.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import type { FormErrors } from './article-form.ts';

export interface EditorData {
  id: number | null;
  status: string;
  path: string | null;
  reviewNote: string | null;
  values: Record<string, unknown>;
  errors: FormErrors;
  choices: { sections: { id: number; name: string }[]; staff: { id: number; name: string }[]; media: { id: number; slug: string; alt: string }[] };
  mayPublish: boolean;
  message?: string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));


function input(name: string, d: EditorData, attrs: Html = html``): Html {
  const err = d.errors[name as keyof FormErrors];
  return html`<input id="f-${name}" name="${name}" value="${str(d.values[name])}"${err ? html` aria-invalid="true" aria-describedby="err-${name}"` : ''} ${attrs}>`;
}

/**
 * The byline as a row of choices, one per place: the order on the page is the
 * order of the names, which a multiple select cannot express. One empty place
 * more than is used, so another writer can be added without JavaScript.
 */
function authorSlots(d: EditorData, chosen: string[]): Html {
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

export function editorMain(a: AdminContext, d: EditorData): Html {
  const v = d.values;
  const authorIds = (Array.isArray(v.author_ids) ? v.author_ids : v.author_ids ? [v.author_ids] : []).map(String).filter(Boolean);
  const action = d.id ? `/admin/articles/${d.id}` : '/admin/articles';
  const isEditor = can(a.user.role, 'edit_others');
  return html`<h1>${d.id ? 'Edit article' : 'New article'} <span class="status status--${d.status}">${d.status}</span></h1>
${flash(d.message)}
${d.errors.form ? flash(d.errors.form, 'error') : ''}
${Object.keys(d.errors).length && !d.errors.form ? flash('Some fields need attention; see the messages below.', 'error') : ''}
${d.reviewNote && d.status === 'draft' ? html`<p class="flash flash--note" role="status"><strong>Sent back by an editor:</strong> ${d.reviewNote}</p>` : ''}
${d.path && d.status === 'published' ? html`<p><a href="${d.path}">View the published article</a> · <a href="${d.path}/history">Its public history</a>${can(a.user.role, 'redact') && d.id ? html` · <a href="/admin/articles/${d.id}/redact">Legal redaction</a>` : ''}</p>` : ''}
<div class="editor">
<form class="editor-form" method="post" action="${action}" data-editor${d.id ? html` data-autosave="${action}"` : ''}>
${csrfField(a.csrf)}
${field('title', 'Headline', input('title', d, html`required maxlength="300"`), d.errors)}
${field('standfirst', 'Standfirst', html`<textarea id="f-standfirst" name="standfirst" rows="2" maxlength="600">${str(v.standfirst)}</textarea>`, d.errors)}
${field('slug', 'Slug', input('slug', d, html`maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*"`), d.errors, 'Part of the address. Leave empty to make one from the headline.')}
${field('section_id', 'Section', html`<select id="f-section_id" name="section_id">${d.choices.sections.map((s) => html`<option value="${s.id}"${str(v.section_id) === String(s.id) ? html` selected` : ''}>${s.name}</option>`)}</select>`, d.errors)}
${authorSlots(d, authorIds)}
${field('tags', 'Tags', input('tags', d, html`maxlength="500"`), d.errors, 'Separate tags with commas.')}
${field('lead_media_id', 'Lead image', html`<select id="f-lead_media_id" name="lead_media_id"><option value="">None</option>${d.choices.media.map((m) => html`<option value="${m.id}"${str(v.lead_media_id) === String(m.id) ? html` selected` : ''}>${m.slug} — ${m.alt}</option>`)}</select>`, d.errors)}
${field('lead_caption', 'Lead image caption (here only)', input('lead_caption', d), d.errors, 'Leave empty to use the caption from the media library.')}
${field('lead_credit', 'Lead image credit (here only)', input('lead_credit', d), d.errors)}
${field('body_md', 'Body', html`<textarea id="f-body_md" name="body_md" rows="24" class="editor-body">${str(v.body_md)}</textarea>`, d.errors, 'Markdown, with ::: figure, ::: pullquote and ::: embed blocks and * * * for a section break (see the guide).')}
<fieldset><legend>Search engines and sharing</legend>
${field('seo_title', 'SEO title', input('seo_title', d, html`maxlength="120"`), d.errors)}
${field('seo_description', 'SEO description', html`<textarea id="f-seo_description" name="seo_description" rows="2" maxlength="300">${str(v.seo_description)}</textarea>`, d.errors)}
</fieldset>
<div class="field"><label><input type="checkbox" name="comments_enabled"${v.comments_enabled === false ? '' : html` checked`}> Comments open</label></div>
<div class="poll-slot" data-region="poll-slot"><p class="hint">Polls attach here once the poll feature is installed.</p></div>
${d.mayPublish ? field('publish_at', 'Publish at (for scheduling)', input('publish_at', d, html`type="datetime-local"`), d.errors, 'In the site’s time zone. Used by “Schedule”.') : ''}
${d.status === 'published' ? html`<fieldset><legend>This change, as readers will see it</legend>
${field('change_kind', 'Kind of change', html`<select id="f-change_kind" name="change_kind"><option value="update">Update</option><option value="correction"${v.change_kind === 'correction' ? html` selected` : ''}>Correction</option></select>`, d.errors, 'Every saved change to a published article is kept and shown on its public history page.')}
${field('change_note', 'Note for readers', html`<textarea id="f-change_note" name="change_note" rows="2" maxlength="1000">${str(v.change_note)}</textarea>`, d.errors, 'Shown above the article for corrections, and for updates when given.')}
</fieldset>` : ''}
${isEditor && d.status === 'review' ? field('review_note', 'Note to the writer (when sending back)', html`<textarea id="f-review_note" name="review_note" rows="2">${str(v.review_note)}</textarea>`, d.errors) : ''}
<div class="editor-actions">
<button type="submit" name="action" value="save">${d.status === 'published' ? 'Save changes' : 'Save draft'}</button>
${!d.mayPublish && d.status !== 'review' ? html`<button type="submit" name="action" value="submit">Submit for review</button>` : ''}
${d.mayPublish && d.status !== 'published' ? html`<button type="submit" name="action" value="publish">Publish now</button><button type="submit" name="action" value="schedule">Schedule</button>` : ''}
${isEditor && d.status === 'review' ? html`<button type="submit" name="action" value="send_back">Send back to the writer</button>` : ''}
${d.mayPublish && d.status === 'published' ? html`<button type="submit" name="action" value="unpublish" class="danger">Unpublish</button>` : ''}
<button type="submit" formaction="/admin/preview" formtarget="_blank" name="action" value="save">Preview</button>
</div>
<p class="autosave-status" role="status" aria-live="polite"></p>
</form>
<section class="editor-preview" aria-label="Live preview" hidden><iframe title="Live preview of the article" data-preview></iframe></section>
</div>`;
}
