import { can } from '../accounts/capabilities.ts';
import type { PageProblems } from '../pages/service.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { describedBy, LIMITS, str } from './article-editor-view.ts';
import { field } from './form-fields.ts';

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
}

function counted(name: keyof typeof LIMITS, label: string, control: (describe: Html) => Html, d: PageEditorData): Html {
  const err = d.errors[name];
  return html`<div class="field field--${name}${err ? ' field--error' : ''}">
<label for="f-${name}">${label}</label>
${control(describedBy(`count-${name}`, err && `err-${name}`))}
<p class="char-count" id="count-${name}" data-count-for="f-${name}" data-limit="${LIMITS[name]}">Up to ${LIMITS[name]} characters.</p>
${err ? html`<p class="field-error" id="err-${name}">${err}</p>` : ''}
</div>`;
}

// The article editor's formatting buttons (editor-toolbar.js runs them), but a figure: its
// button opens the picture picker, which belongs to the article's lead-picture panel.
// A figure is written as the guide shows: ::: figure name-of-picture … :::
const TOOLS: { format: string; label: string; keys?: string; shortcut?: string }[] = [
  { format: 'bold', label: 'Bold', keys: 'Control+B Meta+B', shortcut: 'Ctrl+B' },
  { format: 'italic', label: 'Italic', keys: 'Control+I Meta+I', shortcut: 'Ctrl+I' },
  { format: 'link', label: 'Link', keys: 'Control+K Meta+K', shortcut: 'Ctrl+K' },
  { format: 'heading', label: 'Heading', keys: 'Control+Alt+2 Meta+Alt+2', shortcut: 'Ctrl+Alt+2' },
  { format: 'quote', label: 'Quote', keys: 'Control+Shift+. Meta+Shift+.', shortcut: 'Ctrl+Shift+.' },
  { format: 'pullquote', label: 'Pull quote' },
  { format: 'divider', label: 'Divider' },
  { format: 'list', label: 'List', keys: 'Control+Shift+8 Meta+Shift+8', shortcut: 'Ctrl+Shift+8' },
  { format: 'embed', label: 'Embed' },
];

function bodyField(d: PageEditorData): Html {
  const err = d.errors.body_md;
  const problems = d.bodyProblems ?? [];
  return html`<div class="field field--body${err ? ' field--error' : ''}">
<div class="field-head"><label for="f-body_md">Body</label><a class="guide-link" href="/admin/guide" target="_blank" rel="noopener">Writing guide<span class="visually-hidden"> (opens in a new tab)</span></a></div>
<p class="hint" id="hint-body_md">Markdown, as in articles: ::: figure, ::: pullquote and ::: embed blocks and * * * between parts.</p>
<div class="editor-toolbar" role="toolbar" aria-label="Formatting" aria-controls="f-body_md" data-toolbar hidden>
${TOOLS.map((t, i) => html`<button type="button" data-format="${t.format}" tabindex="${i === 0 ? '0' : '-1'}"${t.keys ? html` aria-keyshortcuts="${t.keys}" title="${t.label} (${t.shortcut})"` : ''}>${t.label}</button>`)}
</div>
<textarea id="f-body_md" name="body_md" rows="24" class="editor-body" spellcheck="true"${describedBy('hint-body_md', err && 'err-body_md')}${err ? html` aria-invalid="true"` : ''}>${str(d.values.body_md)}</textarea>
${err ? html`<div class="field-error" id="err-body_md"><p>${err}</p>${problems.length ? html`<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</div>` : ''}
</div>`;
}

function writing(d: PageEditorData): Html {
  return html`<div class="editor-writing">
${counted('title', 'Title', (desc) => html`<textarea id="f-title" name="title" class="editor-headline" rows="1" required maxlength="${LIMITS.title}" autocomplete="off"${desc}${d.errors.title ? html` aria-invalid="true"` : ''}>${str(d.values.title)}</textarea>`, d)}
${counted('standfirst', 'Standfirst', (desc) => html`<textarea id="f-standfirst" name="standfirst" class="editor-standfirst" rows="2" maxlength="${LIMITS.standfirst}"${desc}>${str(d.values.standfirst)}</textarea>`, d)}
${bodyField(d)}
</div>`;
}

function preview(): Html {
  return html`<section class="editor-preview" aria-labelledby="h-preview" data-preview-pane hidden>
<div class="preview-head"><h2 id="h-preview">Preview</h2><button type="button" class="secondary" data-preview-toggle aria-expanded="true" aria-controls="preview-frame">Hide preview</button></div>
<iframe id="preview-frame" title="Live preview of the page" data-preview></iframe>
</section>`;
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
  const autosaves = d.id !== null && d.status === 'draft';
  return html`${heading(a, d)}
<form class="editor" method="post" action="${action}" data-editor data-preview-url="/admin/pages/preview"${autosaves ? html` data-autosave="${action}"` : ''}>
${csrfField(a.csrf)}
${writing(d)}
${preview()}
${panel(d)}
</form>`;
}
