import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { normaliseEmail } from '../accounts/accounts-service.ts';
import { completePasswordReset, requestPasswordReset, RESET_MINUTES, resetLinkIsValid } from '../accounts/password-reset.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import { THROTTLE } from '../accounts/throttle.ts';
import { passwordResetMail } from '../mail/templates.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { emailProblem, field, type FieldErrors, invalid, linkGone, linkToken, newPasswordErrors, newPasswordFields, sendPage } from './account-forms.ts';
import { csrfField, flash } from './admin-layout.ts';

const text = z.string().catch('');
const requestForm = z.object({ email: text });
const passwordForm = z.object({ password: text, password_again: text });

function requestPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, email: string, errors: FieldErrors, error?: string) {
  const csrf = s.forms.token(req, reply);
  const main = html`<section class="admin-login">
<h1>Forgot your password?</h1>
${flash(error, 'error')}
<p>Give the email address you sign in with. We will send a link to choose a new password; it works once, within ${RESET_MINUTES} minutes.</p>
<form method="post" action="/admin/reset">
${csrfField(csrf)}
${field('email', 'Email address', html`<input id="f-email" name="email" type="email" autocomplete="username" required maxlength="254" value="${email}"${invalid('email', errors)}>`, errors)}
<p><button type="submit">Send me a link</button></p>
</form>
<p><a href="/admin/login">Back to sign in</a></p>
</section>`;
  return sendPage(s, reply, null, status, 'Reset your password', main);
}

export function showResetRequest(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => requestPage(s, req, reply, 200, '', {});
}

/**
 * The same page, status and timing whether or not the account exists: the mail
 * is sent after the answer, and a failure to send it only goes to the log.
 */
export function requestReset(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { email: typed } = requestForm.parse(req.body ?? {});
    const email = normaliseEmail(typed);
    const problem = emailProblem(email);
    if (problem) return requestPage(s, req, reply, 422, typed, { email: problem });
    const result = await requestPasswordReset(s.db, s.secret, email, keyedHash(s.secret, 'address', req.ip));
    if (result.throttled) {
      return requestPage(s, req, reply, 429, typed, {},
        `Too many requests for a reset link. Wait ${THROTTLE.windowMinutes} minutes, then try again; the links already sent still work.`);
    }
    if (!s.mailer.delivers) {
      // The same answer whether or not the account exists: no mail could have gone anywhere.
      return sendPage(s, reply, null, 200, 'No mail can be sent', html`<section class="admin-login">
<h1>No mail can be sent</h1>
<p role="status">This site has no mail server set up yet, so no reset link was sent to anyone.</p>
<p>Ask the site’s owner to send you a new password link from the newsroom’s Staff page: they can copy it and give it to you.</p>
<p><a href="/admin/login">Back to sign in</a></p>
</section>`);
    }
    const sendTo = result.sendTo;
    if (sendTo) {
      // After the answer has gone, so that building and queueing the mail cannot show in its timing.
      // Queued, not sent here: a restart does not lose it, and a mail server that is away is tried again while the link lasts.
      setImmediate(() => {
        const mail = passwordResetMail(s.settings.get().site_name, `${s.config.siteUrl}/admin/reset/${sendTo.token}`, RESET_MINUTES);
        const expires = new Date(Date.now() + RESET_MINUTES * 60_000);
        s.outbox.enqueueMail({ to: sendTo.email, ...mail }, { discardAfter: expires }).catch((err: unknown) => s.log.warn({ err }, 'password reset mail not queued'));
      });
    }
    return sendPage(s, reply, null, 200, 'Check your mail', html`<section class="admin-login">
<h1>Check your mail</h1>
<p role="status">If an account exists for that address, we have sent a link to it. The link works once, within ${RESET_MINUTES} minutes.</p>
<p>Nothing arrived? Check your spam folder, or ask the site’s owner whether your account uses another address.</p>
<p><a href="/admin/login">Back to sign in</a></p>
</section>`);
  };
}

function resetPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, token: string, errors: FieldErrors) {
  const csrf = s.forms.token(req, reply);
  const main = html`<section class="admin-login">
<h1>Choose a new password</h1>
${Object.values(errors).some(Boolean) ? flash('Your password was not changed yet; see below.', 'error') : ''}
<p>After the change you are signed out on every device; sign in again with the new password.</p>
<form method="post" action="/admin/reset/${token}">
${csrfField(csrf)}
${newPasswordFields(errors)}
<p><button type="submit">Change my password</button></p>
</form>
</section>`;
  return sendPage(s, reply, null, status, 'Choose a new password', main);
}

export function showResetForm(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = linkToken(req.params);
    if (!token || !(await resetLinkIsValid(s.db, token))) return linkGone(s, reply, 'reset');
    return resetPage(s, req, reply, 200, token, {});
  };
}

export function resetPassword(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = linkToken(req.params);
    if (!token || !(await resetLinkIsValid(s.db, token))) return linkGone(s, reply, 'reset');
    const form = passwordForm.parse(req.body ?? {});
    const errors = newPasswordErrors(form.password, form.password_again);
    if (Object.values(errors).some(Boolean)) return resetPage(s, req, reply, 422, token, errors);
    if (!(await completePasswordReset(s.db, s.secret, token, form.password)).ok) return linkGone(s, reply, 'reset');
    s.cookies.clearSession(reply);
    return reply.redirect('/admin/login?reset=1', 303);
  };
}
