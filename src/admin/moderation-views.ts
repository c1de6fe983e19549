import { can } from '../accounts/capabilities.ts';
import type { AppealListItem } from '../moderation/appeals.ts';
import type { BanRow } from '../moderation/bans.ts';
import type { MailOutcome } from '../moderation/mail.ts';
import { APPEAL_DAYS, BAN_LENGTHS, NOTE_MAX } from '../moderation/rules.ts';
import type { LogEntry, ModeratedComment, QueueItem, ReportRow } from '../moderation/store.ts';
import { type Html, html, raw } from '../render/html.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField } from './admin-layout.ts';
import { type FieldErrors, field } from './form-fields.ts';

/**
 * The newsroom's moderation pages: the queue, one comment with its reports,
 * history and the action forms, bans, appeals, and the reasons list. Moderators
 * see what readers never do: the removed text, who reported, the notes.
 */

export type When = (iso: string) => string;

export const ACTION_NAMES: Record<LogEntry['action'], string> = {
  approve: 'Approved', remove: 'Removed', ban: 'Banned', 'lift-ban': 'Ban lifted', 'appeal-upheld': 'Appeal turned down', 'appeal-overturned': 'Appeal granted',
};

const STATUS_NAMES: Record<ModeratedComment['status'], string> = {
  pending: 'Waiting for approval', visible: 'Shown', removed: 'Removed by the moderators', deleted: 'Deleted by its author',
};

const BAN_NAMES: Record<(typeof BAN_LENGTHS)[number], string> = { '1': 'One day', '7': 'One week', '30': '30 days', '365': 'One year', good: 'For good' };

export function mailNotice(outcome: string | undefined): string | undefined {
  const said: Record<MailOutcome, string> = {
    sent: 'The author is being told by email.',
    'no-address': 'The author left no address, so nobody was told by email.',
    'no-mail-server': 'No mail server is set up (SMTP_URL), so the author was not told by email.',
    'opted-out': 'The author asked for no mail about moderation, so they were not told.',
  };
  return outcome && Object.hasOwn(said, outcome) ? said[outcome as MailOutcome] : undefined;
}

export function moderationNav(a: AdminContext, openAppeals: number): Html {
  return html`<nav class="mod-nav" aria-label="Moderation">
<a href="/admin/moderation">Queue</a> · <a href="/admin/moderation/appeals">Appeals${openAppeals ? ` (${openAppeals} open)` : ''}</a> · <a href="/admin/moderation/bans">Bans</a>
${can(a.user.role, 'manage_settings') ? html` · <a href="/admin/moderation/reasons">Reasons</a>` : ''} · <a href="/moderation">Public log</a>
</nav>`;
}

function articleLink(c: ModeratedComment): Html {
  return c.articlePublished && c.articlePath ? html`<a href="${c.articlePath}#comment-${c.id}">${c.articleTitle}</a>` : html`${c.articleTitle}`;
}

export function commentBox(c: ModeratedComment, when: When, heading: Html): Html {
  return html`<div class="mod-comment">
<p class="mod-comment__meta">${heading} · ${c.authorName}${c.authorUserId === null ? ' (guest)' : ''} · <time datetime="${c.createdAt}">${when(c.createdAt)}</time> · on ${articleLink(c)}</p>
<p class="mod-comment__status">${STATUS_NAMES[c.status]}${c.removedReason && c.status === 'removed' ? `: ${c.removedReason}` : ''}</p>
<blockquote class="mod-comment__body">${c.bodyHtml ? raw(c.bodyHtml) : html`<p><em>(no text)</em></p>`}</blockquote>
</div>`;
}

export function reportList(reports: ReportRow[], when: When): Html {
  if (!reports.length) return html``;
  return html`<ul class="mod-reports">${reports.map((r) => html`<li${r.settled ? html` class="mod-reports__settled"` : ''}><strong>${r.reporter}</strong>: ${r.reason}${r.note ? html` — “${r.note}”` : ''} <time datetime="${r.createdAt}">${when(r.createdAt)}</time>${r.settled ? ' (answered)' : ''}</li>`)}</ul>`;
}

export function queueView(items: QueueItem[], reports: ReportRow[], when: When): Html {
  if (!items.length) return html`<p class="empty">Nothing is waiting: no comment needs approval and no report is unanswered.</p>`;
  return html`<ol class="mod-queue">${items.map((c) => html`<li class="mod-queue__item">
${commentBox(c, when, html`<strong>${c.status === 'pending' ? 'Waiting for approval' : `${c.openReports} ${c.openReports === 1 ? 'report' : 'reports'}`}</strong>`)}
${reportList(reports.filter((r) => r.commentId === c.id && !r.settled), when)}
<p><a class="mod-decide" href="/admin/moderation/comments/${c.id}">Decide about this comment<span class="visually-hidden"> by ${c.authorName}</span></a></p>
</li>`)}</ol>`;
}

function reasonSelect(id: string, reasons: string[], chosen: string | undefined): Html {
  return html`<select id="f-${id}" name="reason" required><option value="">Choose a reason</option>${reasons.map((r) => html`<option${r === chosen ? html` selected` : ''}>${r}</option>`)}</select>`;
}

function noteField(id: string, value: string | undefined, errors: FieldErrors, hint = 'Kept in the newsroom and sent to the author; never in the public log.'): Html {
  return field(id, 'Note (optional)', html`<textarea id="f-${id}" name="note" rows="2" maxlength="${NOTE_MAX}">${value ?? ''}</textarea>`, errors, hint);
}

export interface ActionForms {
  csrf: string;
  comment: ModeratedComment;
  openReports: number;
  reasons: { remove: string[]; keep: string[] };
  /** The form sent last, what it held, and what was wrong with it. */
  failed?: { form: 'approve' | 'remove' | 'ban'; values: Record<string, string>; errors: FieldErrors };
}

export function actionForms(d: ActionForms): Html {
  const c = d.comment;
  const f = (form: 'approve' | 'remove' | 'ban') => (d.failed?.form === form ? d.failed : { values: {} as Record<string, string>, errors: {} as FieldErrors });
  const canApprove = c.status === 'pending' || (c.status === 'visible' && d.openReports > 0);
  const canRemove = c.status === 'pending' || c.status === 'visible';
  const canBan = c.authorUserId !== null || c.authorEmail !== null;
  const a = f('approve');
  const r = f('remove');
  const b = f('ban');
  return html`${canApprove ? html`<section class="mod-action" aria-labelledby="h-approve"><h2 id="h-approve">${c.status === 'pending' ? 'Approve' : 'Keep it'}</h2>
<form method="post" action="/admin/moderation/comments/${c.id}/approve">${csrfField(d.csrf)}
${field('approve-reason', 'Reason', reasonSelect('approve-reason', d.reasons.keep, a.values.reason), { 'approve-reason': a.errors.reason })}
${noteField('approve-note', a.values.note, { 'approve-note': a.errors.note }, 'Kept in the newsroom; never in the public log.')}
<p><button type="submit">${c.status === 'pending' ? 'Approve the comment' : 'Keep the comment and answer its reports'}</button></p></form></section>` : ''}
${canRemove ? html`<section class="mod-action" aria-labelledby="h-remove"><h2 id="h-remove">Remove</h2>
<p class="hint">The thread shows “Removed by the moderators: <em>reason</em>” in its place; its replies stay. The author may appeal within ${APPEAL_DAYS} days.</p>
<form method="post" action="/admin/moderation/comments/${c.id}/remove">${csrfField(d.csrf)}
${field('remove-reason', 'Reason', reasonSelect('remove-reason', d.reasons.remove, r.values.reason), { 'remove-reason': r.errors.reason })}
${noteField('remove-note', r.values.note, { 'remove-note': r.errors.note })}
<p><button type="submit">Remove the comment</button></p></form></section>` : ''}
<section class="mod-action" aria-labelledby="h-ban"><h2 id="h-ban">Ban the author</h2>
${canBan ? html`<p class="hint">${c.authorName} will not be able to comment until the ban ends. The comment itself stays as it is: remove it as well if it should go.</p>
<form method="post" action="/admin/moderation/comments/${c.id}/ban">${csrfField(d.csrf)}
${field('ban-length', 'How long', html`<select id="f-ban-length" name="length" required>${BAN_LENGTHS.map((l) => html`<option value="${l}"${b.values.length === l ? html` selected` : ''}>${BAN_NAMES[l]}</option>`)}</select>`, { 'ban-length': b.errors.length })}
${field('ban-reason', 'Reason', reasonSelect('ban-reason', d.reasons.remove, b.values.reason), { 'ban-reason': b.errors.reason })}
${noteField('ban-note', b.values.note, { 'ban-note': b.errors.note })}
<p><button type="submit">Ban ${c.authorName}</button></p></form>` : html`<p>This guest gave no address, so there is nothing a ban could hold on to.</p>`}</section>`;
}

export function historyList(entries: LogEntry[], when: When): Html {
  if (!entries.length) return html`<p class="hint">No decisions yet.</p>`;
  return html`<ol class="mod-history">${entries.map((e) => html`<li><time datetime="${e.createdAt}">${when(e.createdAt)}</time> · <strong>${ACTION_NAMES[e.action]}</strong>${e.action === 'ban' ? ` (${e.until ? `until ${when(e.until)}` : 'for good'})` : ''}: ${e.reason} · by ${e.moderator ?? 'the site'}${e.note ? html`<br><span class="hint">Note: ${e.note}</span>` : ''}</li>`)}</ol>`;
}

export function bansView(csrf: string, bans: BanRow[], keep: string[], when: When, failed?: { id: number; values: Record<string, string>; errors: FieldErrors }): Html {
  if (!bans.length) return html`<p class="empty">Nobody is banned.</p>`;
  return html`<ul class="mod-bans">${bans.map((b) => {
    const f = failed?.id === b.id ? failed : { values: {} as Record<string, string>, errors: {} as FieldErrors };
    return html`<li class="mod-bans__item"><p><strong>${b.subject || 'An author'}</strong> · ${b.until ? `until ${when(b.until)}` : 'for good'} · ${b.reason} · by ${b.createdBy ?? 'the site'} on <time datetime="${b.createdAt}">${when(b.createdAt)}</time></p>
<form method="post" action="/admin/moderation/bans/${b.id}/lift">${csrfField(csrf)}
${field(`lift-${b.id}`, 'Reason for lifting it', html`<select id="f-lift-${b.id}" name="reason" required><option value="">Choose a reason</option>${keep.map((r) => html`<option${r === f.values.reason ? html` selected` : ''}>${r}</option>`)}</select>`, { [`lift-${b.id}`]: f.errors.reason })}
${noteField(`lift-note-${b.id}`, f.values.note, { [`lift-note-${b.id}`]: f.errors.note })}
<p><button type="submit">Lift the ban on ${b.subject || 'this author'}</button></p></form></li>`;
  })}</ul>`;
}

export function appealsView(csrf: string, me: number, items: AppealListItem[], reasons: { remove: string[]; keep: string[] }, when: When, failed?: { id: number; decision: string; values: Record<string, string>; errors: FieldErrors }): Html {
  if (!items.length) return html`<p class="empty">No appeals.</p>`;
  return html`<ol class="mod-appeals">${items.map((p) => html`<li class="mod-appeals__item">
<h2>${ACTION_NAMES[p.entry.action]} on ${when(p.entry.createdAt)}: ${p.entry.reason}</h2>
<p>Decided by ${p.entry.moderator ?? 'the site'}${p.entry.note ? html` · note: ${p.entry.note}` : ''}</p>
${p.comment ? commentBox(p.comment, when, html`<strong>The comment</strong>`) : ''}
<h3>The appeal, <time datetime="${p.createdAt}">${when(p.createdAt)}</time></h3>
<p class="mod-appeal-text">${p.text || '(erased with the reader’s account)'}</p>
${p.decision ? html`<p class="status"><strong>${p.decision === 'upheld' ? 'Turned down' : 'Granted'}</strong> by ${p.decidedBy ?? 'the site'}: ${p.decisionReason}</p>`
  : p.entry.moderatorId === me ? html`<p class="flash flash--note">You took this decision, so another moderator must decide the appeal.</p>`
  : decideForms(csrf, p.id, reasons, failed?.id === p.id ? failed : undefined)}
</li>`)}</ol>`;
}

function decideForms(csrf: string, id: number, reasons: { remove: string[]; keep: string[] }, failed?: { decision: string; values: Record<string, string>; errors: FieldErrors }): Html {
  const one = (decision: 'overturned' | 'upheld', label: string, list: string[], button: string) => {
    const f = failed?.decision === decision ? failed : { values: {} as Record<string, string>, errors: {} as FieldErrors };
    const key = `${decision}-${id}`;
    return html`<form method="post" action="/admin/moderation/appeals/${id}" class="mod-decide-form">${csrfField(csrf)}<input type="hidden" name="decision" value="${decision}">
${field(key, label, html`<select id="f-${key}" name="reason" required><option value="">Choose a reason</option>${list.map((r) => html`<option${r === f.values.reason ? html` selected` : ''}>${r}</option>`)}</select>`, { [key]: f.errors.reason ?? f.errors.decision })}
${noteField(`note-${key}`, f.values.note, { [`note-${key}`]: f.errors.note })}
<p><button type="submit">${button}</button></p></form>`;
  };
  return html`<div class="mod-decide-pair">
${one('overturned', 'Grant it: why', reasons.keep, 'Grant the appeal')}
${one('upheld', 'Turn it down: why the decision stands', reasons.remove, 'Turn the appeal down')}
</div>`;
}
