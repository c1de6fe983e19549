import type { PageProblems } from '../pages/service.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { field } from './form-fields.ts';

/**
 * The page editor: the article editor's form shape (the same classes and data
 * attributes, so its preview and draft-saving enhancement applies), with what a
 * static page has — a title, an address, a standfirst, a Markdown body — and,
 * once published, how readers will see a change.
 */

export interface PageEditorData {
  id: number | null;
  status: 'draft' | 'published';
  /** Its public address while published; its last one when withdrawn. */
  path: string | null;
  /** Was it ever public (then it cannot be deleted, only unpublished). */
  everPublished: boolean;
  inMenu: boolean;
  values: Record<string, unknown>;
  errors: PageProblems & Record<string, string | undefined>;
  message?: string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function input(name: string, d: PageEditorData, attrs: Html = html``): Html {
  const err = d.errors[name];
  return html`<input id="f-${name}" name="${name}" value="${str(d.values[name])}"${err ? html` aria-invalid="true" aria-describedby="err-${name}"` : ''} ${attrs}>`;
}

/** A page the menu links to: say so, and what readers find there while it is not public. */
function menuNote(d: PageEditorData): Html {
  const state = d.status === 'published' ? '' : d.everPublished
    ? ', but it is unpublished: readers who follow the link are told it was withdrawn'
    : ', but it is a draft: readers who follow the link find nothing there yet';
  return html`<p class="hint">The site menu links to this page${state}. The menu is changed in <a href="/admin/settings">Settings</a>.</p>`;
}

export function pageEditorMain(a: AdminContext, d: PageEditorData): Html {
  const v = d.values;
  const action = d.id ? `/admin/pages/${d.id}` : '/admin/pages';
  const published = d.status === 'published';
  return html`<h1>${d.id ? 'Edit page' : 'New page'} <span class="status status--${d.status}">${d.status}</span></h1>
${flash(d.message)}
${d.errors.form ? flash(d.errors.form, 'error') : ''}
${Object.keys(d.errors).length && !d.errors.form ? flash('Some fields need attention; see the messages below.', 'error') : ''}
${published && d.path ? html`<p><a href="${d.path}">View the published page</a> · <a href="${d.path}/history">Its public history</a></p>` : ''}
${d.inMenu ? menuNote(d) : ''}
<div class="editor">
<form class="editor-form" method="post" action="${action}" data-editor data-preview-url="/admin/pages/preview"${d.id ? html` data-autosave="${action}"` : ''}>
${csrfField(a.csrf)}
${field('title', 'Title', input('title', d, html`required maxlength="300"`), d.errors)}
${field('slug', 'Address', input('slug', d, html`maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" autocapitalize="none" spellcheck="false"`), d.errors,
  'The part after the site’s name: “about” puts the page at /about. Leave empty to make one from the title. If you change it once the page is published, the old address leads here.')}
${field('standfirst', 'Standfirst', html`<textarea id="f-standfirst" name="standfirst" rows="2" maxlength="600">${str(v.standfirst)}</textarea>`, d.errors, 'Shown under the title, and by search engines and when the page is shared.')}
${field('body_md', 'Body', html`<textarea id="f-body_md" name="body_md" rows="24" class="editor-body">${str(v.body_md)}</textarea>`, d.errors, 'Markdown, with ::: figure, ::: pullquote and ::: embed blocks and * * * for a section break (see the guide).')}
${published ? html`<fieldset><legend>This change, as readers will see it</legend>
${field('change_kind', 'Kind of change', html`<select id="f-change_kind" name="change_kind"><option value="update">Update</option><option value="correction"${v.change_kind === 'correction' ? html` selected` : ''}>Correction</option></select>`, d.errors, 'Every saved change to a published page is kept and shown on its public history page.')}
${field('change_note', 'Note for readers', html`<textarea id="f-change_note" name="change_note" rows="2" maxlength="1000">${str(v.change_note)}</textarea>`, d.errors, 'Shown on the page for corrections, and for updates when given.')}
</fieldset>` : ''}
<div class="editor-actions">
<button type="submit" name="action" value="save">${published ? 'Save changes' : 'Save draft'}</button>
${published ? html`<button type="submit" name="action" value="unpublish" class="danger">Unpublish</button>` : html`<button type="submit" name="action" value="publish">Publish now</button>`}
<button type="submit" formaction="/admin/pages/preview" formtarget="_blank" name="action" value="save">Preview</button>
</div>
<p class="autosave-status" role="status" aria-live="polite"></p>
</form>
<section class="editor-preview" aria-label="Live preview" hidden><iframe title="Live preview of the page" data-preview></iframe></section>
</div>
${d.id && !d.everPublished ? html`<form method="post" action="/admin/pages/${d.id}/delete" class="danger-zone">
${csrfField(a.csrf)}
<p>This draft has never been published, so nothing of it is public.</p>
<p><label><input type="checkbox" name="confirm" value="yes" required> Yes, delete this draft</label> <button type="submit" class="danger">Delete</button></p>
</form>` : ''}`;
}
