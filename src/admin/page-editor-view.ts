import { can } from '../accounts/capabilities.ts';
import type { PageProblems } from '../pages/service.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { conflictPanel, type EditConflictView } from './edit-conflict-view.ts';
import { describedBy, LIMITS, previewPane, str, writingFields } from './editor-fields.ts';
import { field } from './form-fields.ts';
import { pickerDialog } from './media-picker-view.ts';

/**
 * The page editor, in the article editor's shape: the title and the body take
 * the screen, the page's address and the buttons sit in the panel beside them
 * (a bar on a phone). The same classes and data attributes, so the editor's
 * scripts add the counts, the toolbar, the live preview and saving a draft as
 * you go; one plain form that works without them.
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
  /** What the renderer found in the body, when publishing was refused for it. */
  bodyProblems?: string[];
  message?: string;
  /** A save refused because someone else saved the page meanwhile: both texts, shown above the form. */
  conflict?: EditConflictView;
}

/** A page the menu links to: say so, and what readers find there while it is not public. */
function menuNote(a: AdminContext, d: PageEditorData): Html {
  const state = d.status === 'published' ? '' : d.everPublished
    ? ', but it is unpublished: readers who follow the link are told it was withdrawn'
    : ', but it is a draft: readers who follow the link find nothing there yet';
  const where = can(a.user.role, 'manage_settings') ? html`in <a href="/admin/settings">Settings</a>` : html`by the owner, in Settings`;
  return html`<p class="hint">The site menu links to this page${state}. The menu is changed ${where}.</p>`;
}

function heading(a: AdminContext, d: PageEditorData): Html {
  const links = d.path && d.status === 'published'
    ? html`<p class="editor-links"><a href="${d.path}">View the published page</a> · <a href="${d.path}/history">Its public history</a></p>`
    : '';
  return html`<div class="editor-head"><h1>${d.id ? 'Edit page' : 'New page'} <span class="status status--${d.status}">${d.status}</span></h1>${links}</div>
${flash(d.message)}
${d.conflict ? conflictPanel(d.conflict) : ''}
${d.errors.form ? flash(d.errors.form, 'error') : ''}
${Object.keys(d.errors).some((k) => k !== 'form') ? flash('Some fields need attention; see the messages beside them.', 'error') : ''}
${d.inMenu ? menuNote(a, d) : ''}`;
}

/** The buttons: the first is Save, so Enter in the title saves. */
function actions(d: PageEditorData): Html {
  const published = d.status === 'published';
  return html`<div class="editor-actions" data-actions>
<div class="editor-buttons">
<button type="submit" name="action" value="save">${published ? 'Save changes' : 'Save draft'}</button>
${published ? html`<button type="submit" name="action" value="unpublish" class="danger">Unpublish</button>` : html`<button type="submit" name="action" value="publish">Publish now</button>`}
<button type="submit" formaction="/admin/pages/preview" formtarget="_blank" name="action" value="save" class="secondary" data-preview-button>Preview</button>
</div>
<p class="autosave-status" role="status" aria-live="polite"></p>
</div>`;
}

/** For a published page: how readers will see this change. */
function changeNote(d: PageEditorData): Html {
  const v = d.values;
  return html`<fieldset class="panel-group"><legend>This change, as readers will see it</legend>
${field('change_kind', 'Kind of change', html`<select id="f-change_kind" name="change_kind" aria-describedby="hint-change_kind"><option value="update">Update</option><option value="correction"${v.change_kind === 'correction' ? html` selected` : ''}>Correction</option></select>`, d.errors, 'Every saved change to a published page is kept and shown on its public history page.')}
${field('change_note', 'Note for readers', html`<textarea id="f-change_note" name="change_note" rows="2" maxlength="1000" aria-describedby="hint-change_note${d.errors.change_note ? ' err-change_note' : ''}">${str(v.change_note)}</textarea>`, d.errors, 'Shown on the page for corrections, and for updates when given.')}
</fieldset>`;
}

function panel(d: PageEditorData): Html {
  const err = d.errors.slug;
  const slug = html`<input id="f-slug" name="slug" value="${str(d.values.slug)}" maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" autocapitalize="none" spellcheck="false"${describedBy('hint-slug', err && 'err-slug')}${err ? html` aria-invalid="true"` : ''}>`;
  return html`<section class="editor-panel" aria-labelledby="h-settings">
${actions(d)}
<h2 id="h-settings">Page settings</h2>
${field('slug', 'Address', slug, d.errors, 'After the site’s name: “about” puts the page at /about. Leave empty to make one from the title. Once the page is published, changing it keeps the old address leading here.')}
${d.status === 'published' ? changeNote(d) : ''}
${d.id && !d.everPublished ? html`<div class="panel-remove">
<button type="submit" class="danger" formaction="/admin/pages/${d.id}/delete" formnovalidate aria-describedby="hint-remove">Delete draft</button>
<p class="hint" id="hint-remove">Asks first. It was never published, so it is deleted for good.</p>
</div>` : ''}
</section>`;
}

export function pageEditorMain(a: AdminContext, d: PageEditorData): Html {
  const action = d.id ? `/admin/pages/${d.id}` : '/admin/pages';
  // Only a saved draft saves itself: a published page changes when someone presses Save.
  // After a conflict, only a press of Save replaces the other person's version.
  const autosaves = d.id !== null && d.status === 'draft' && !d.conflict;
  return html`${heading(a, d)}
<form class="editor" method="post" action="${action}" data-editor data-preview-url="/admin/pages/preview"${autosaves ? html` data-autosave="${action}"` : ''}>
${csrfField(a.csrf)}
<input type="hidden" name="version" value="${str(d.values.version)}" data-version>
${writingFields(d, { titleLabel: 'Title', hint: 'Markdown, as in articles: ::: figure, ::: pullquote and ::: embed blocks and * * * between parts.' })}
${previewPane('page')}
${panel(d)}
</form>
${pickerDialog(a, can(a.user.role, 'upload_media'))}`;
}
