import type { FastifyReply } from 'fastify';
import { INVITATION_HOURS } from '../accounts/invitations.ts';
import { RESET_MINUTES } from '../accounts/password-reset.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../accounts/passwords.ts';
import { parseAddress } from '../mail/mailer.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import type { AdminContext } from './admin-context.ts';
import { adminLayout, signedOut } from './admin-layout.ts';
import { type FieldErrors, field } from './form-fields.ts';

/** Pieces shared by the staff, invitation and password-reset pages. */

export { type FieldErrors, field };

/** aria attributes for a control whose field may carry an error. */
export function invalid(name: string, errors: FieldErrors): Html {
  return errors[name] ? html` aria-invalid="true" aria-describedby="err-${name}"` : html``;
}

/** One plain address, as our mailer will accept it; null when it is not one. */
export function emailProblem(email: string): string | null {
  if (!email) return 'Give an email address.';
  if (email.length > 254 || parseAddress(email)?.address !== email || !/@[^@]+\.[^@]+$/.test(email)) return 'That does not look like an email address.';
  return null;
}

/** "New password" and "the same again", for invitations and resets. */
export function newPasswordFields(errors: FieldErrors, label = 'Password'): Html {
  return html`${field('password', label, html`<input id="f-password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="200"${invalid('password', errors)}>`, errors, `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`)}
${field('password_again', 'The same password again', html`<input id="f-password_again" name="password_again" type="password" autocomplete="new-password" required maxlength="200"${invalid('password_again', errors)}>`, errors)}`;
}

/** `personal`: the person's name and address, which a password must not be built from. */
export function newPasswordErrors(password: string, again: string, personal: string[] = []): FieldErrors {
  const problem = passwordProblem(password, personal);
  if (problem) return { password: problem };
  if (password !== again) return { password_again: 'The two passwords are not the same.' };
  return {};
}

/** A newsroom page; for someone not signed in (a = null), the same frame under the site's name. */
export function sendPage(s: Services, reply: FastifyReply, a: AdminContext | null, status: number, title: string, main: Html): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a ?? signedOut(s), title, main));
}

/** 410 for a link that was used, has expired, or never existed: the same words for each. */
export function linkGone(s: Services, reply: FastifyReply, what: 'invitation' | 'reset'): FastifyReply {
  const main = what === 'invitation'
    ? html`<section class="admin-login">
<h1>This invitation cannot be used</h1>
<p>This invitation has expired or has been used; ask for a new one. Invitations work once, within ${INVITATION_HOURS} hours of being sent.</p>
<p>Already accepted it? <a href="/admin/login">Sign in</a>.</p>
</section>`
    : html`<section class="admin-login">
<h1>This link cannot be used</h1>
<p>This password reset link has expired or has been used. Links work once, within ${RESET_MINUTES} minutes.</p>
<p><a href="/admin/reset">Ask for a new link</a> or <a href="/admin/login">sign in</a>.</p>
</section>`;
  return sendPage(s, reply, null, 410, what === 'invitation' ? 'Invitation expired' : 'Link expired', main);
}

/** The `:token` of an emailed link; anything that cannot be one of ours is treated as an unknown link. */
export function linkToken(params: unknown): string {
  const token = (params as { token?: string }).token ?? '';
  return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : '';
}
