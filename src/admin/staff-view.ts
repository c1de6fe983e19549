import { STAFF_ROLES } from '../accounts/capabilities.ts';
import { INVITATION_HOURS, type Invitation } from '../accounts/invitations.ts';
import { OWNER_RESET_HOURS } from '../accounts/password-reset.ts';
import type { StaffMember } from '../accounts/staff.ts';
import { formatDate, formatDateTime } from '../lib/time.ts';
import { type Html, html } from '../render/html.ts';
import type { SiteSettings } from '../settings/settings.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { field, type FieldErrors, invalid } from './account-forms.ts';

export interface StaffPageData {
  active: StaffMember[];
  bylineOnly: StaffMember[];
  invitations: Invitation[];
  /** What was typed into the invitation form, and its problems. */
  invite: { email: string; role: string };
  errors: FieldErrors;
  message?: string;
  error?: string;
  /** An invitation or reset link made without a mail server: its link, for the owner to pass on. */
  unsent?: { email: string; link: string; kind?: 'invitation' | 'reset' };
  /** The transfer form's problems, and whom it named. */
  transferErrors: FieldErrors;
  transferTo?: string;
}

const ROLE_HELP: Record<(typeof STAFF_ROLES)[number], string> = {
  owner: 'everything, including staff and settings',
  editor: 'edits and publishes anyone’s articles',
  author: 'writes and publishes their own articles',
  contributor: 'writes drafts for an editor to publish',
  moderator: 'moderates reader comments',
};

function roleOptions(selected: string): Html[] {
  return STAFF_ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${r}</option>`);
}

export function staffMain(a: AdminContext, st: Pick<SiteSettings, 'locale' | 'timezone'>, d: StaffPageData): Html {
  return html`<h1>Staff</h1>
${flash(d.message)}
${flash(d.error, 'error')}
${d.unsent ? unsentLink(d.unsent) : ''}
<section aria-labelledby="h-invite"><h2 id="h-invite">Invite someone</h2>
<form method="post" action="/admin/staff/invite">
${csrfField(a.csrf)}
${field('email', 'Email address', html`<input id="f-email" name="email" type="email" required maxlength="254" value="${d.invite.email}"${invalid('email', d.errors)}>`, d.errors)}
${field('role', 'Role', html`<select id="f-role" name="role"${invalid('role', d.errors)}>${roleOptions(d.invite.role || 'contributor')}</select>`, d.errors,
  STAFF_ROLES.map((r) => `${r}: ${ROLE_HELP[r]}`).join('; ') + '.')}
<p class="hint">They receive a link that works once, within ${INVITATION_HOURS} hours, to choose their name and password.</p>
<p><button type="submit">Send invitation</button></p>
</form>
</section>
<section aria-labelledby="h-staff"><h2 id="h-staff">People who can sign in</h2>
<table class="admin-table">
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead>
<tbody>${d.active.map((p) => html`<tr>
<td>${p.name}${p.id === a.user.id ? ' (you)' : ''}${p.suspended_at ? html` <span class="status status--suspended">suspended</span>` : ''}</td>
<td>${p.email}</td>
<td><form method="post" action="/admin/staff/${p.id}/role">${csrfField(a.csrf)}<label class="visually-hidden" for="role-${p.id}">Role of ${p.name}</label><select id="role-${p.id}" name="role">${roleOptions(p.role)}</select> <button type="submit">Change role</button></form></td>
<td><time datetime="${p.created_at}">${formatDate(p.created_at, st.locale, st.timezone)}</time></td>
<td class="staff-actions">${memberActions(a, p)}</td>
</tr>`)}</tbody>
</table>
<p class="hint">A reset link lets them choose a new password (it works once, within ${OWNER_RESET_HOURS} hours). Suspending someone signs them out at once and stops them signing in until you reinstate them; their articles and author page stay. Removing someone signs them out everywhere and deletes their email address and password, so they can no longer sign in. Their name stays on the articles they wrote.</p>
</section>
${d.invitations.length ? html`<section aria-labelledby="h-pending"><h2 id="h-pending">Invitations not yet accepted</h2>
<table class="admin-table">
<thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Invited by</th><th scope="col">Link works until</th></tr></thead>
<tbody>${d.invitations.map((i) => html`<tr><td>${i.email}</td><td>${i.role}</td><td>${i.inviter ?? '—'}</td><td><time datetime="${i.expires_at}">${formatDateTime(i.expires_at, st.locale, st.timezone)}</time></td></tr>`)}</tbody>
</table>
<p class="hint">Inviting the same address again replaces its earlier invitation.</p>
</section>` : ''}
${d.bylineOnly.length ? html`<section aria-labelledby="h-bylines"><h2 id="h-bylines">Bylines without an account</h2>
<p class="hint">Removed staff and people added with the demo content: their names appear on articles, but they cannot sign in. To give someone access again, invite them.</p>
<table class="admin-table">
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Author page</th></tr></thead>
<tbody>${d.bylineOnly.map((p) => html`<tr><td>${p.name}</td><td>${p.role}</td><td><a href="/author/${p.slug}">/author/${p.slug}</a></td></tr>`)}</tbody>
</table>
</section>` : ''}
${transferSection(a, d)}`;
}

function unsentLink(u: NonNullable<StaffPageData['unsent']>): Html {
  const reset = u.kind === 'reset';
  return html`<section class="unsent-link" aria-labelledby="h-unsent"><h2 id="h-unsent">Give this link to ${u.email}</h2>
<p>No mail was sent. Copy the link and send it to them yourself, by a channel only they read. It works once, within ${reset ? OWNER_RESET_HOURS : INVITATION_HOURS} hours${reset ? '; using it signs them out everywhere' : ''}.</p>
<p><label for="unsent-link" class="visually-hidden">${reset ? 'Password reset link' : 'Invitation link'}</label><input id="unsent-link" class="copy-link" readonly value="${u.link}"></p>
</section>`;
}

/** Reset link, suspend or reinstate, remove: for others; for oneself only removal (and the profile page). */
function memberActions(a: AdminContext, p: StaffMember): Html {
  const other = p.id !== a.user.id;
  const reset = other && !p.suspended_at
    ? html`<form method="post" action="/admin/staff/${p.id}/reset">${csrfField(a.csrf)}<button type="submit">Send ${p.name} a reset link</button></form>`
    : '';
  const suspension = !other || p.role === 'owner'
    ? ''
    : p.suspended_at
      ? html`<form method="post" action="/admin/staff/${p.id}/reinstate">${csrfField(a.csrf)}<button type="submit">Reinstate ${p.name}</button></form>`
      : html`<form method="post" action="/admin/staff/${p.id}/suspend">${csrfField(a.csrf)}<label><input type="checkbox" name="confirm" value="yes" required> Yes, suspend ${p.name}</label> <button type="submit" class="danger">Suspend</button></form>`;
  return html`${reset}${suspension}<form method="post" action="/admin/staff/${p.id}/remove">${csrfField(a.csrf)}<label><input type="checkbox" name="confirm" value="yes" required> Yes, remove ${p.name}</label> <button type="submit" class="danger">Remove</button></form>`;
}

/** Handing the site over: to someone who can sign in, is not suspended and is not an owner yet. */
function transferSection(a: AdminContext, d: StaffPageData): Html {
  const heirs = d.active.filter((p) => p.role !== 'owner' && !p.suspended_at);
  const e = d.transferErrors;
  const body = heirs.length
    ? html`<form method="post" action="/admin/staff/transfer">
${csrfField(a.csrf)}
${field('to', 'New owner', html`<select id="f-to" name="to" required${invalid('to', e)}><option value="">Choose a member</option>${heirs.map((p) => html`<option value="${p.id}"${String(p.id) === d.transferTo ? html` selected` : ''}>${p.name} (${p.role})</option>`)}</select>`, e)}
<input type="text" name="username" autocomplete="username" value="${a.user.email}" hidden>
${field('transfer_password', 'Your password, to confirm', html`<input id="f-transfer_password" name="password" type="password" autocomplete="current-password" required maxlength="200"${invalid('transfer_password', e)}>`, e)}
<p><button type="submit" class="danger">Transfer ownership</button></p>
</form>`
    : html`<p>There is nobody to hand it to yet: invite someone, or reinstate a suspended member.</p>`;
  return html`<section class="danger-zone" aria-labelledby="h-transfer"><h2 id="h-transfer">Transfer ownership</h2>
<p>The person you choose becomes an owner, and you become an editor at once: you will no longer manage staff or settings. The number of owners stays the same.</p>
${body}
</section>`;
}
