import { STAFF_ROLES } from '../accounts/capabilities.ts';
import { INVITATION_HOURS, type Invitation } from '../accounts/invitations.ts';
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
  /** An invitation made without a mail server: its link, for the owner to pass on. */
  unsent?: { email: string; link: string };
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
${d.unsent ? html`<section class="unsent-link" aria-labelledby="h-unsent"><h2 id="h-unsent">Give this link to ${d.unsent.email}</h2>
<p>Copy it and send it to them yourself (by a channel only they read). It works once, within ${INVITATION_HOURS} hours.</p>
<p><label for="unsent-link" class="visually-hidden">Invitation link</label><input id="unsent-link" class="copy-link" readonly value="${d.unsent.link}"></p>
</section>` : ''}
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
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">Remove</th></tr></thead>
<tbody>${d.active.map((p) => html`<tr>
<td>${p.name}${p.id === a.user.id ? ' (you)' : ''}</td>
<td>${p.email}</td>
<td><form method="post" action="/admin/staff/${p.id}/role">${csrfField(a.csrf)}<label class="visually-hidden" for="role-${p.id}">Role of ${p.name}</label><select id="role-${p.id}" name="role">${roleOptions(p.role)}</select> <button type="submit">Change role</button></form></td>
<td><time datetime="${p.created_at}">${formatDate(p.created_at, st.locale, st.timezone)}</time></td>
<td><form method="post" action="/admin/staff/${p.id}/remove">${csrfField(a.csrf)}<label><input type="checkbox" name="confirm" value="yes" required> Yes, remove ${p.name}</label> <button type="submit" class="danger">Remove</button></form></td>
</tr>`)}</tbody>
</table>
<p class="hint">Removing someone signs them out everywhere and deletes their email address and password, so they can no longer sign in. Their name stays on the articles they wrote.</p>
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
</section>` : ''}`;
}
