import { can } from '../accounts/capabilities.ts';
import type { PickerItem } from '../media/library-search.ts';
import { type Html, html } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { editorPanel } from './article-editor-panel.ts';
import { previewPane, str, writingFields } from './editor-fields.ts';
import { conflictPanel, type EditConflictView } from './edit-conflict-view.ts';
import type { FormErrors } from './article-form.ts';
import { pickerDialog } from './media-picker-view.ts';
import type { EditorPolls } from './poll-editor-slot.ts';

export { describedBy, LIMITS, str } from './editor-fields.ts';

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
${writingFields(d, { titleLabel: 'Headline', hint: 'Markdown, with ::: figure, ::: pullquote and ::: embed blocks and * * * between parts.' })}
${previewPane('article')}
${editorPanel(a, d)}
</form>
${pickerDialog(a, d.mayUpload)}`;
}
