import { type Html, html } from '../render/html.ts';

/**
 * The writing half of the newsroom's editors — the article's and a static
 * page's: headline (or title), standfirst and body with their counts, the
 * formatting toolbar and the preview pane. One set of fields, so the two
 * editors look and behave alike and editor-*.js enhances both.
 */

export const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** aria-describedby for a control: its hint, its count, its error, those it has. */
export function describedBy(...ids: (string | false | undefined)[]): Html {
  const list = ids.filter(Boolean).join(' ');
  return list ? html` aria-describedby="${list}"` : html``;
}

/** The editor's limits, shown before they are reached; the forms enforce the same. */
export const LIMITS = { title: 300, standfirst: 600 } as const;

export interface WritingData {
  values: Record<string, unknown>;
  errors: Partial<Record<'title' | 'standfirst' | 'body_md', string>>;
  bodyProblems?: string[];
}

function counted(name: keyof typeof LIMITS, label: string, control: (describe: Html) => Html, d: WritingData): Html {
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

/**
 * Buttons that write the Markdown (editor-toolbar.js); hidden until the script
 * can run them. The Figure button opens the picture picker (media-picker.js),
 * which each editor's page carries.
 */
function toolbar(): Html {
  return html`<div class="editor-toolbar" role="toolbar" aria-label="Formatting" aria-controls="f-body_md" data-toolbar hidden>
${TOOLS.map((t, i) => html`<button type="button" data-format="${t.format}" tabindex="${i === 0 ? '0' : '-1'}"${t.keys ? html` aria-keyshortcuts="${t.keys}" title="${t.label} (${t.shortcut})"` : ''}>${t.label}</button>`)}
</div>`;
}

function bodyField(d: WritingData, opts: { hint: string }): Html {
  const err = d.errors.body_md;
  const problems = d.bodyProblems ?? [];
  return html`<div class="field field--body${err ? ' field--error' : ''}">
<div class="field-head"><label for="f-body_md">Body</label><a class="guide-link" href="/admin/guide" target="_blank" rel="noopener">Writing guide<span class="visually-hidden"> (opens in a new tab)</span></a></div>
<p class="hint" id="hint-body_md">${opts.hint}</p>
${toolbar()}
<textarea id="f-body_md" name="body_md" rows="24" class="editor-body" spellcheck="true"${describedBy('hint-body_md', err && 'err-body_md')}${err ? html` aria-invalid="true"` : ''}>${str(d.values.body_md)}</textarea>
${err ? html`<div class="field-error" id="err-body_md"><p>${err}</p>${problems.length ? html`<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</div>` : ''}
</div>`;
}

/** Headline (or title), standfirst and body, with their counts and the toolbar. */
export function writingFields(d: WritingData, opts: { titleLabel: string; hint: string }): Html {
  return html`<div class="editor-writing">
${counted('title', opts.titleLabel, (desc) => html`<textarea id="f-title" name="title" class="editor-headline" rows="1" required maxlength="${LIMITS.title}" autocomplete="off"${desc}${d.errors.title ? html` aria-invalid="true"` : ''}>${str(d.values.title)}</textarea>`, d)}
${counted('standfirst', 'Standfirst', (desc) => html`<textarea id="f-standfirst" name="standfirst" class="editor-standfirst" rows="2" maxlength="${LIMITS.standfirst}"${desc}>${str(d.values.standfirst)}</textarea>`, d)}
${bodyField(d, opts)}
</div>`;
}

/** The live preview beside the text (admin-editor.js fills it); `what` names it for screen readers. */
export function previewPane(what: 'article' | 'page'): Html {
  return html`<section class="editor-preview" aria-labelledby="h-preview" data-preview-pane hidden>
<div class="preview-head"><h2 id="h-preview">Preview</h2><button type="button" class="secondary" data-preview-toggle aria-expanded="true" aria-controls="preview-frame">Hide preview</button></div>
<iframe id="preview-frame" title="Live preview of the ${what}" data-preview></iframe>
</section>`;
}
