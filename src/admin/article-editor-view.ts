import { can } from '../accounts/capabilities.ts';
import type { PickerItem } from '../media/library-search.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { editorPanel } from './article-editor-panel.ts';
import { conflictPanel, type EditConflictView } from './edit-conflict-view.ts';
import type { FormErrors } from './article-form.ts';
import { pickerDialog } from './media-picker-view.ts';
import type { EditorPolls } from './poll-editor-slot.ts';

/**
 * The article editor: the headline and the body take the screen, in the
 * site's own type; the article's settings and the publishing buttons sit in a
 * panel beside them on a wide screen and below on a phone. One plain form that
 * works without JavaScript; the scripts add the toolbar, the picture picker,
 * the live preview, counts, and saving as you go.
 */
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
  /** What the renderer found in the body, when publishing was refused for it. */
  bodyProblems?: string[];
  /** The chosen lead picture, with its thumbnail. */
  lead: PickerItem | null;
  mayUpload: boolean;
  /** The button that removes the article, when this person may: delete (never published) or the bin. */
  removal: 'delete' | 'bin' | null;
  /** The reader polls inside the article, and those that could be (admin/poll-editor-slot.ts). */
  polls?: EditorPolls;
  /** A save refused because someone else saved the article meanwhile: both texts, shown above the form. */
  conflict?: EditConflictView;
}

export const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** aria-describedby for a control: its hint, its count, its error, those it has. */
export function describedBy(...ids: (string | false | undefined)[]): Html {
  const list = ids.filter(Boolean).join(' ');
  return list ? html` aria-describedby="${list}"` : html``;
}

/** The editor's limits, shown before they are reached; the form (article-form.ts) enforces the same. */
export const LIMITS = { title: 300, standfirst: 600 } as const;

function counted(name: keyof typeof LIMITS, label: string, control: (describe: Html) => Html, d: EditorData): Html {
  const err = d.errors[name];
  return html`<div class="field field--${name}${err ? ' field--error' : ''}">
<label for="f-${name}">${label}</label>
${control(describedBy(`count-${name}`, err && `err-${name}`))}
<p class="char-count" id="count-${name}" data-count-for="f-${name}" data-limit="${LIMITS[name]}">Up to ${LIMITS[name]} characters.</p>
${err ? html`<p class="field-error" id="err-${name}">${err}</p>` : ''}
</div>`;
}

const TOOLS: { format: string; label: string; keys?: string; shortcut?: string }[] = [
  { format: 'bold', label: 'Bold', keys: 'Control+B Meta+B', shortcut: 'Ctrl+B' },
  { format: 'italic', label: 'Italic', keys: 'Control+I Meta+I', shortcut: 'Ctrl+I' },
  { format: 'link', label: 'Link', keys: 'Control+K Meta+K', shortcut: 'Ctrl+K' },
  { format: 'heading', label: 'Heading', keys: 'Control+Alt+2 Meta+Alt+2', shortcut: 'Ctrl+Alt+2' },
  { format: 'quote', label: 'Quote', keys: 'Control+Shift+. Meta+Shift+.', shortcut: 'Ctrl+Shift+.' },
  { format: 'pullquote', label: 'Pull quote' },
  { format: 'divider', label: 'Divider' },
  { format: 'list', label: 'List', keys: 'Control+Shift+8 Meta+Shift+8', shortcut: 'Ctrl+Shift+8' },
  { format: 'figure', label: 'Figure', keys: 'Control+Shift+F Meta+Shift+F', shortcut: 'Ctrl+Shift+F' },
  { format: 'embed', label: 'Embed' },
];

/** Buttons that write the Markdown (editor-toolbar.js); hidden until the script can run them. */
function toolbar(): Html {
  return html`<div class="editor-toolbar" role="toolbar" aria-label="Formatting" aria-controls="f-body_md" data-toolbar hidden>
${TOOLS.map((t, i) => html`<button type="button" data-format="${t.format}" tabindex="${i === 0 ? '0' : '-1'}"${t.keys ? html` aria-keyshortcuts="${t.keys}" title="${t.label} (${t.shortcut})"` : ''}>${t.label}</button>`)}
</div>`;
}

function bodyField(d: EditorData): Html {
  const err = d.errors.body_md;
  const problems = d.bodyProblems ?? [];
  return html`<div class="field field--body${err ? ' field--error' : ''}">
<div class="field-head"><label for="f-body_md">Body</label><a class="guide-link" href="/admin/guide" target="_blank" rel="noopener">Writing guide<span class="visually-hidden"> (opens in a new tab)</span></a></div>
<p class="hint" id="hint-body_md">Markdown, with ::: figure, ::: pullquote and ::: embed blocks and * * * between parts.</p>
${toolbar()}
<textarea id="f-body_md" name="body_md" rows="24" class="editor-body" spellcheck="true"${describedBy('hint-body_md', err && 'err-body_md')}${err ? html` aria-invalid="true"` : ''}>${str(d.values.body_md)}</textarea>
${err ? html`<div class="field-error" id="err-body_md"><p>${err}</p>${problems.length ? html`<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</div>` : ''}
</div>`;
}

function writing(d: EditorData): Html {
  return html`<div class="editor-writing">
${counted('title', 'Headline', (desc) => html`<textarea id="f-title" name="title" class="editor-headline" rows="1" required maxlength="${LIMITS.title}" autocomplete="off"${desc}${d.errors.title ? html` aria-invalid="true"` : ''}>${str(d.values.title)}</textarea>`, d)}
${counted('standfirst', 'Standfirst', (desc) => html`<textarea id="f-standfirst" name="standfirst" class="editor-standfirst" rows="2" maxlength="${LIMITS.standfirst}"${desc}>${str(d.values.standfirst)}</textarea>`, d)}
${bodyField(d)}
</div>`;
}

function preview(): Html {
  return html`<section class="editor-preview" aria-labelledby="h-preview" data-preview-pane hidden>
<div class="preview-head"><h2 id="h-preview">Preview</h2><button type="button" class="secondary" data-preview-toggle aria-expanded="true" aria-controls="preview-frame">Hide preview</button></div>
<iframe id="preview-frame" title="Live preview of the article" data-preview></iframe>
</section>`;
}

function heading(a: AdminContext, d: EditorData): Html {
  const links = d.path && d.status === 'published'
    ? html`<p class="editor-links"><a href="${d.path}">View the published article</a> · <a href="${d.path}/history">Its public history</a>${can(a.user.role, 'redact') && d.id ? html` · <a href="/admin/articles/${d.id}/redact">Legal redaction</a>` : ''}</p>`
    : '';
  return html`<div class="editor-head"><h1>${d.id ? 'Edit article' : 'New article'} <span class="status status--${d.status}">${d.status}</span></h1>${links}</div>
${flash(d.message)}
${d.conflict ? conflictPanel(d.conflict) : ''}
${d.errors.form ? flash(d.errors.form, 'error') : ''}
${d.errors.body_md ? flash(`${d.errors.body_md} See the list under the body.`, 'error') : ''}
${Object.keys(d.errors).some((k) => k !== 'form' && k !== 'body_md') ? flash('Some fields need attention; see the messages beside them.', 'error') : ''}
${d.reviewNote && d.status === 'draft' ? html`<p class="flash flash--note" role="status"><strong>Sent back:</strong> ${d.reviewNote}</p>` : ''}`;
}

export function editorMain(a: AdminContext, d: EditorData): Html {
  const action = d.id ? `/admin/articles/${d.id}` : '/admin/articles';
  // Only drafts and pieces in review save themselves: a published article changes when someone presses Save.
  // After a conflict, only a press of Save replaces the other person's version.
  const autosaves = (d.status === 'draft' || d.status === 'review') && !d.conflict;
  return html`${heading(a, d)}
<form class="editor" method="post" action="${action}" data-editor${d.id ? '' : html` data-new`}${autosaves ? html` data-autosave="${action}"` : ''}>
${csrfField(a.csrf)}
<input type="hidden" name="version" value="${str(d.values.version)}" data-version>
${writing(d)}
${preview()}
${editorPanel(a, d)}
</form>
${pickerDialog(a, d.mayUpload)}`;
}
