import type { FastifyRequest } from 'fastify';
import { can } from '../accounts/capabilities.ts';
import type { Role } from '../db/schema.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';

/**
 * The article editor's poll slot: the polls inside the article, and for those
 * who run polls a choice of one more, attached when the article is saved.
 */

export interface EditorPolls {
  attached: { id: number; question: string }[];
  /** Polls in no article that still take (or will take) votes; null for someone who does not run polls. */
  attachable: { id: number; question: string }[] | null;
  chosen: string;
}

export async function editorPolls(s: Services, role: Role, articleId: number | null, chosen: unknown): Promise<EditorPolls> {
  const mayRun = can(role, 'run_polls');
  const all = await s.polls.list({ archived: false });
  return {
    attached: articleId === null ? [] : all.filter((p) => p.articleId === articleId).map((p) => ({ id: p.id, question: p.question })),
    attachable: mayRun ? all.filter((p) => p.articleId === null && !s.polls.hasClosed(p)).map((p) => ({ id: p.id, question: p.question })) : null,
    chosen: typeof chosen === 'string' ? chosen : '',
  };
}

export function editorPollSlot(d: EditorPolls | undefined): Html {
  if (!d || (!d.attached.length && d.attachable === null)) return html``;
  const mayRun = d.attachable !== null;
  return html`<fieldset class="panel-group"><legend>Reader poll</legend>
${d.attached.length
    ? html`<ul class="poll-slot-list">${d.attached.map((p) => html`<li>${mayRun ? html`<a href="/admin/polls/${p.id}">${p.question}</a>` : p.question}</li>`)}</ul>`
    : html`<p class="hint">No poll in this article.</p>`}
${d.attachable?.length ? html`<div class="field"><label for="f-attach_poll">Attach a poll</label>
<p class="hint" id="hint-attach_poll">Attached when the article is saved; readers see it after the text.</p>
<select id="f-attach_poll" name="attach_poll" aria-describedby="hint-attach_poll"><option value="">—</option>${d.attachable.map((p) => html`<option value="${p.id}"${d.chosen === String(p.id) ? html` selected` : ''}>${p.question}</option>`)}</select>
</div>` : ''}
${mayRun ? html`<p class="hint"><a href="/admin/polls/new">Start a new poll</a></p>` : ''}
</fieldset>`;
}

/** After a save: puts the chosen poll inside the article, if it is free (a stale form never takes a poll from another article). */
export async function attachChosenPoll(s: Services, req: FastifyRequest, articleId: number): Promise<void> {
  if (!can(req.user!.role, 'run_polls')) return;
  const raw = (req.body as Record<string, unknown> | undefined)?.attach_poll;
  const id = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (!id) return;
  const p = await s.polls.get(id);
  if (!p || p.archivedAt || s.polls.hasClosed(p) || (p.articleId !== null && p.articleId !== articleId)) return;
  if (p.articleId !== articleId) await s.polls.attach(id, articleId);
}
