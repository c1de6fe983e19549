import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { normaliseEmail } from '../accounts/accounts-service.ts';
import { STAFF_ROLES, type StaffRole } from '../accounts/capabilities.ts';
import { acceptInvitation, findInvitation, type Invitation, pendingInvitations, sendInvitation } from '../accounts/invitations.ts';
import { OWNER_RESET_HOURS } from '../accounts/password-reset.ts';
import { SESSION_DAYS } from '../accounts/sessions.ts';
import { changeStaffRole, listStaff as staffList, removeStaff as removeMember } from '../accounts/staff.ts';
import { NotFound } from '../http/errors.ts';
import { MailError } from '../mail/mailer.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { emailProblem, field, type FieldErrors, invalid, linkGone, linkToken, newPasswordErrors, newPasswordFields, sendPage } from './account-forms.ts';
import { adminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';
import { type StaffPageData, staffMain } from './staff-view.ts';

const text = z.string().catch('');
const inviteForm = z.object({ email: text, role: text });
const roleForm = z.object({ role: text });
const removeForm = z.object({ confirm: text });
const acceptForm = z.object({ name: text, password: text, password_again: text });

const DONE: Record<string, string> = {
  invited: 'Invitation sent.',
  role: 'Role changed. It applies from their next page.',
  removed: 'Removed. They have been signed out and can no longer sign in; their name stays on their articles.',
  reset: `A reset link has been mailed to them. It works once, within ${OWNER_RESET_HOURS} hours; using it signs them out everywhere.`,
  suspended: 'Suspended. They have been signed out everywhere and cannot sign in until you reinstate them.',
  reinstated: 'Reinstated. They can sign in again.',
};

const LAST_OWNER = {
  role: 'You are the only owner, so you cannot give up the role: someone must be able to manage staff and settings. Make another person an owner first.',
  remove: 'You are the only owner, so you cannot remove yourself: someone must be able to manage staff and settings. Make another person an owner first.',
};

function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

export function staffId(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFound();
  return id;
}

export const NO_SUCH_PERSON = 'There is no such member of staff who can sign in. They may have been removed already.';

export async function staffPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, d: Partial<StaffPageData>) {
  const a = adminContext(s, req, reply);
  const [{ active, bylineOnly }, invitations] = await Promise.all([staffList(s.db), pendingInvitations(s.db)]);
  const data: StaffPageData = { active, bylineOnly, invitations, invite: { email: '', role: '' }, errors: {}, transferErrors: {}, ...d };
  return sendPage(s, reply, a, status, 'Staff', staffMain(a, s.settings.get(), data));
}

export function listStaff(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const done = (req.query as { done?: string }).done;
    return staffPage(s, req, reply, 200, { message: done ? DONE[done] : undefined });
  };
}

export function inviteStaff(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = inviteForm.parse(req.body ?? {});
    const email = normaliseEmail(form.email);
    const errors: FieldErrors = {
      email: emailProblem(email) ?? undefined,
      role: isStaffRole(form.role) ? undefined : 'Choose a role from the list.',
    };
    if (errors.email || errors.role || !isStaffRole(form.role)) {
      return staffPage(s, req, reply, 422, { invite: form, errors, error: 'The invitation was not sent; see below.' });
    }
    const result = await sendInvitation(s.db, s.outbox.immediate, {
      email, role: form.role, inviter: req.user!, siteName: s.settings.get().site_name, siteUrl: s.config.siteUrl,
    });
    if (result.ok && result.unsentLink) {
      // Said plainly: no mail went anywhere. The owner may copy the link and pass it on.
      return staffPage(s, req, reply, 200, {
        unsent: { email: result.email, link: result.unsentLink },
        message: 'The invitation was made, but no mail was sent: this site has no mail server (SMTP_URL is not set).',
      });
    }
    if (result.ok) return reply.redirect('/admin/staff?done=invited', 303);
    if (result.reason === 'has_account') {
      return staffPage(s, req, reply, 409, {
        invite: form,
        errors: {
          email: result.reader
            ? 'This address belongs to a reader’s account, and a reader account cannot be turned into a staff one. Invite another address.'
            : 'This address already belongs to a member of staff. To change what they may do, change their role below.',
        },
        error: 'The invitation was not sent; see below.',
      });
    }
    req.log.warn({ err: result.error }, 'invitation mail not sent');
    const refused = result.error instanceof MailError && result.error.permanent;
    return staffPage(s, req, reply, 502, {
      invite: form,
      error: refused
        ? 'The mail server refused to deliver the invitation to this address. Check the address; nothing was saved.'
        : 'The invitation could not be sent: the mail server did not accept it. Nothing was saved; try again in a few minutes.',
    });
  };
}

export function changeRole(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = staffId(req);
    const { role } = roleForm.parse(req.body ?? {});
    if (!isStaffRole(role)) return staffPage(s, req, reply, 422, { error: 'Choose a role from the list.' });
    const result = await changeStaffRole(s.db, id, role);
    if (result === 'not_found') throw new NotFound(NO_SUCH_PERSON);
    if (result === 'last_owner') return staffPage(s, req, reply, 409, { error: LAST_OWNER.role });
    if (result === 'suspended') return staffPage(s, req, reply, 409, { error: 'A suspended member cannot be made an owner. Reinstate them first.' });
    return reply.redirect('/admin/staff?done=role', 303);
  };
}

export function removeStaff(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = staffId(req);
    if (removeForm.parse(req.body ?? {}).confirm !== 'yes') {
      return staffPage(s, req, reply, 422, { error: 'Tick “Yes, remove” beside the person to confirm, then press Remove.' });
    }
    const result = await removeMember(s.db, id);
    if (result === 'not_found') throw new NotFound(NO_SUCH_PERSON);
    if (result === 'last_owner') return staffPage(s, req, reply, 409, { error: LAST_OWNER.remove });
    if (id === req.user!.id) {
      s.cookies.clearSession(reply);
      return reply.redirect('/admin/login', 303);
    }
    return reply.redirect('/admin/staff?done=removed', 303);
  };
}

// --- accepting an invitation (public: the link is the credential) -------------------

function acceptPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, token: string, inv: Invitation, name: string, errors: FieldErrors) {
  const csrf = s.forms.token(req, reply);
  const site = s.settings.get().site_name;
  const main = html`<section class="admin-login">
<h1>Join ${site}</h1>
<p>${inv.inviter ?? 'The newsroom'} invited you to join as ${/^[aeiou]/.test(inv.role) ? 'an' : 'a'} ${inv.role}. Choose the name readers will see on your articles, and a password.</p>
${Object.values(errors).some(Boolean) ? flash('Your account was not created yet; see below.', 'error') : ''}
<form method="post" action="/admin/invitation/${token}">
${csrfField(csrf)}
${field('email', 'Email address', html`<input id="f-email" type="email" autocomplete="username" readonly value="${inv.email}">`, {}, 'You sign in with this address.')}
${field('name', 'Your name', html`<input id="f-name" name="name" autocomplete="name" required maxlength="100" value="${name}"${invalid('name', errors)}>`, errors)}
${newPasswordFields(errors)}
<p><button type="submit">Create my account</button></p>
</form>
</section>`;
  return sendPage(s, reply, null, status, `Join ${site}`, main);
}

export function showAcceptInvite(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = linkToken(req.params);
    const inv = token ? await findInvitation(s.db, token) : null;
    if (!inv) return linkGone(s, reply, 'invitation');
    return acceptPage(s, req, reply, 200, token, inv, '', {});
  };
}

export function acceptInvite(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = linkToken(req.params);
    const inv = token ? await findInvitation(s.db, token) : null;
    if (!inv) return linkGone(s, reply, 'invitation');
    const form = acceptForm.parse(req.body ?? {});
    const name = form.name.trim();
    const errors: FieldErrors = {
      name: !name ? 'Give your name.' : name.length > 100 ? 'Use at most 100 characters.' : undefined,
      ...newPasswordErrors(form.password, form.password_again, [inv.email, name]),
    };
    if (Object.values(errors).some(Boolean)) return acceptPage(s, req, reply, 422, token, inv, form.name, errors);
    const result = await acceptInvitation(s.db, token, { name, password: form.password });
    if (!result.ok && result.reason === 'gone') return linkGone(s, reply, 'invitation');
    if (!result.ok) {
      return sendPage(s, reply, null, 409, 'Account exists', html`<section class="admin-login"><h1>You already have an account</h1>
<p>There is already an account with the address ${inv.email}, so this invitation cannot make another. If it is a staff account, <a href="/admin/login">sign in</a> (or <a href="/admin/reset">choose a new password</a>); otherwise ask whoever invited you.</p></section>`);
    }
    s.cookies.setSession(reply, result.sessionToken, SESSION_DAYS * 86400);
    s.forms.renew(reply);
    return reply.redirect('/admin', 303);
  };
}
