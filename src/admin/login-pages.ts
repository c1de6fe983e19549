import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signInWithPassword } from '../accounts/accounts-service.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import { endAllSessions, endSession, SESSION_DAYS } from '../accounts/sessions.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminLayout, csrfField, flash, signedOut } from './admin-layout.ts';
import { field } from './form-fields.ts';

// A field sent twice, or missing, reads as empty: the answer is the usual
// "do not match", never an error page. Any length is checked against the hash;
// argon2 does not slow down with long passwords, and the body size is capped.
const text = z.string().catch('');
const loginForm = z.object({
  email: text.transform((e) => e.trim()),
  password: text,
  next: z.string().catch('/admin'),
});

/** Only paths inside the newsroom: never an open redirect to another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[\w\-/]*)?(\?[\w=&%-]*)?$/.test(next) ? next : '/admin';
}

function loginPage(s: Services, csrf: string, values: { email: string; next: string }, error?: string, notice?: string): string {
  const main = html`<section class="admin-login">
<h1>Sign in to the newsroom</h1>
${flash(notice)}
${flash(error, 'error')}
<form method="post" action="/admin/login">
${csrfField(csrf)}
<input type="hidden" name="next" value="${values.next}">
${field('email', 'Email address', html`<input id="f-email" name="email" type="email" autocomplete="username" required value="${values.email}">`, {})}
${field('password', 'Password', html`<input id="f-password" name="password" type="password" autocomplete="current-password" required>`, {})}
<p><button type="submit">Sign in</button></p>
</form>
<p><a href="/admin/reset">Forgot your password?</a></p>
</section>`;
  return adminLayout(s.assets, signedOut(s), 'Sign in', main);
}

export function showLogin(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const next = safeNext((req.query as { next?: string }).next);
    if (req.user) return reply.redirect(next, 303);
    const csrf = s.forms.token(req, reply);
    const notice = (req.query as { reset?: string }).reset === '1'
      ? 'Your password has been changed and you have been signed out on every device. Sign in with your new password.'
      : undefined;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(s, csrf, { email: '', next }, undefined, notice));
  };
}

const REFUSALS = {
  invalid: { status: 401, message: 'That email address and password do not match an account.' },
  throttled: { status: 429, message: 'Too many failed attempts. Wait fifteen minutes and try again, or ask the site’s owner to send you a reset link.' },
  suspended: { status: 403, message: 'Your account is suspended, so you cannot sign in. Ask the site’s owner if you think this is a mistake.' },
} as const;

export function doLogin(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = loginForm.parse(typeof req.body === 'object' && req.body ? req.body : {});
    const next = safeNext(form.next);
    const addressKey = keyedHash(s.secret, 'address', req.ip);
    const result = await signInWithPassword(s.db, s.secret, form.email, form.password, addressKey);
    if (result.ok) {
      s.cookies.setSession(reply, result.token, SESSION_DAYS * 86400);
      s.forms.renew(reply);
      return reply.redirect(next, 303);
    }
    const csrf = s.forms.token(req, reply);
    const refusal = REFUSALS[result.reason];
    return reply
      .code(refusal.status)
      .type('text/html; charset=utf-8')
      .send(loginPage(s, csrf, { email: form.email, next }, refusal.message));
  };
}

export function doLogout(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = s.cookies.readSession(req);
    if (token) await endSession(s.db, token);
    s.cookies.clearSession(reply);
    return reply.redirect('/admin/login', 303);
  };
}

export function doSignOutEverywhere(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    await endAllSessions(s.db, req.user!.id);
    s.cookies.clearSession(reply);
    return reply.redirect('/admin/login', 303);
  };
}
