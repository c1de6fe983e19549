import { diffHtml } from '../articles/diff-html.ts';
import { compareTexts, diffStats, revisionText } from '../articles/word-diff.ts';
import { type Html, html } from '../render/html.ts';

/**
 * What a writer sees when their save was refused because someone else saved
 * the article or static page after they opened it (articles/edit-version.ts): a plain
 * explanation, their own text still in the form below, a link to the saved
 * version, and the differences between the two — so nothing of either is lost
 * and the writer decides what the article says.
 */

export interface EditConflictView {
  kind: 'article' | 'page';
  /** The editor of the saved version. */
  editUrl: string;
  /** When the saved version was stored, in the site's zone and style. */
  savedAt: string;
  yours: { title: string; standfirst: string; bodyMd: string };
  saved: { title: string; standfirst: string; bodyMd: string };
}

export function conflictPanel(c: EditConflictView): Html {
  const comparison = compareTexts(revisionText(c.yours), revisionText(c.saved));
  const sameText = !comparison.parts.some((p) => p.kind !== 'same');
  const stats = diffStats(comparison.parts);
  const settings = c.kind === 'article' ? 'the article’s settings (section, tags, byline, pictures, address or status)' : 'the page’s address or status';
  return html`<section class="edit-conflict" role="alert" aria-labelledby="h-conflict">
<h2 id="h-conflict">Not saved: someone else changed this ${c.kind} after you opened it</h2>
<p>It was saved again at ${c.savedAt} — by a colleague${c.kind === 'article' ? ', by you in another tab, or by its schedule' : ' or by you in another tab'}. Nothing of yours was saved and nothing of theirs was overwritten: your text is still in the form below, as you left it.</p>
<p><a href="${c.editUrl}" target="_blank" rel="noopener">Open the saved version<span class="visually-hidden"> (opens in a new tab)</span></a>, compare, and bring what you need from one into the other. Pressing Save here then keeps the text below and replaces the saved version. Saving as you type is paused on this page until you do.</p>
${sameText
    ? html`<p>The ${c.kind === 'article' ? 'headline' : 'title'}, standfirst and body are the same in both: the other change was to ${settings}.</p>`
    : html`<details class="diff" open><summary>How the saved version differs from yours (${stats.added} word${stats.added === 1 ? '' : 's'} only in the saved version, ${stats.removed} only in yours)</summary>
<p class="hint">Struck through: only in your text. Underlined: only in the saved version.</p>
<div class="diff__text">${diffHtml(comparison.parts)}</div>
</details>`}
</section>`;
}
