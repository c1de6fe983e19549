import { type Html, html } from '../render/html.js';
import type { ViewContext } from '../views/context.js';
import { layout } from '../views/layout.js';
import { dateTime } from '../views/partials.js';
import { LINK_LIMITS, LINK_MINUTES, NAME_MAX, type ReaderActivity } from './reader-accounts.js';

/** The reader's pages at /account, in the public site's look; never indexed. */
export function accountPage(ctx: ViewContext, title: string, main: Html): string {
  const head = html`<link rel="stylesheet" href="${ctx.assets.url('account.css')}">`;
  return layout(ctx, { title, noindex: true, head }, html`<div class="account">${main}</div>`);
}

function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

function notice(message: string | undefined, kind: 'ok' | 'error' = 'ok'): Html {
  return message ? html`<p class="account-notice account-notice--${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>` : html``;
}

function emailForm(csrf: string, email: string, error: string | undefined, button: string): Html {
  return html`<form class="account-form" method="post" action="/account/sign-in">
${csrfField(csrf)}
<div class="account-field${error ? ' account-field--error' : ''}">
<label for="account-email">Email address</label>
<input id="account-email" name="email" type="email" autocomplete="email" required maxlength="254" value="${email}"${error ? html` aria-invalid="true" aria-describedby="account-email-error"` : ''}>
${error ? html`<p class="account-field__error" id="account-email-error">${error}</p>` : ''}
</div>
<p><button type="submit">${button}</button></p>
</form>`;
}

export const SIGNED_OUT = { 'signed-out': 'You are signed out.', deleted: 'Your account and everything in it have been deleted.' } as const;

export function signInView(ctx: ViewContext, v: { csrf: string; email?: string; error?: string; done?: string }): string {
  const main = html`<h1>Sign in</h1>
${notice(v.done)}
<p>Type your email address and we will send you a link that signs you in — no password to remember.
If you have no account yet, using the link makes one.</p>
${emailForm(v.csrf, v.email ?? '', v.error, 'Send me a sign-in link')}
<p class="account-aside">We set no cookie until you ask for a link. Signing in keeps you signed in on this device for 30 days, or until you sign out.</p>`;
  return accountPage(ctx, 'Sign in', main);
}

/** The one answer to every request for a link, whether or not the address has an account. */
export const LINK_SENT = 'Check your inbox: if the address is right, a sign-in link is on its way.';

export function linkSentView(ctx: ViewContext, v: { csrf: string; email: string }): string {
  const main = html`<h1>Check your inbox</h1>
<p class="account-notice account-notice--ok" role="status">${LINK_SENT}</p>
<p>The link works once, within ${LINK_MINUTES} minutes. If nothing arrives, look in your spam folder, or check the address and ask again:</p>
${emailForm(v.csrf, v.email, undefined, 'Send another link')}`;
  return accountPage(ctx, 'Check your inbox', main);
}

export function throttledView(ctx: ViewContext, v: { csrf: string; email: string }): string {
  const main = html`<h1>Sign in</h1>
${notice(`Too many sign-in links were asked for. Wait ${LINK_LIMITS.windowMinutes} minutes, then try again — and check your inbox first: an earlier link may already be there.`, 'error')}
${emailForm(v.csrf, v.email, undefined, 'Send me a sign-in link')}`;
  return accountPage(ctx, 'Sign in', main);
}

export function mailFailedView(ctx: ViewContext, v: { csrf: string; email: string }): string {
  const main = html`<h1>Sign in</h1>
${notice('We could not send mail just now. Nothing was sent; please try again in a few minutes.', 'error')}
${emailForm(v.csrf, v.email, undefined, 'Try again')}`;
  return accountPage(ctx, 'Sign in', main);
}

/** A link opened from the mail: one more click signs in, so a mail scanner's visit uses nothing up. */
export function linkConfirmView(ctx: ViewContext, v: { csrf: string; token: string }): string {
  const main = html`<h1>Sign in to ${ctx.settings.site_name}</h1>
<p>Press the button to finish signing in.</p>
<form class="account-form" method="post" action="/account/sign-in/${v.token}">
${csrfField(v.csrf)}
<p><button type="submit">Sign in</button></p>
</form>
<p class="account-aside">Why a button? Some mail programs open links by themselves to check them. If opening the link signed you in, their visit would use it up before you could.</p>`;
  return accountPage(ctx, 'Sign in', main);
}

export function linkGoneView(ctx: ViewContext, v: { csrf: string }): string {
  const main = html`<h1>This sign-in link no longer works</h1>
<p>Each link works once, within ${LINK_MINUTES} minutes of being sent. This one has been used or has expired.</p>
<h2>Get a new link</h2>
${emailForm(v.csrf, '', undefined, 'Send me a new link')}`;
  return accountPage(ctx, 'Link expired', main);
}

export interface AccountViewData {
  csrf: string;
  user: { name: string; email: string | null; role: string };
  staff: boolean;
  activity: ReaderActivity;
  /** What was typed into the name field, when it is shown again with an error. */
  nameValue?: string;
  nameError?: string;
  deleteError?: string;
  done?: string;
}

export function accountView(ctx: ViewContext, d: AccountViewData): string {
  const main = html`<h1>Your account</h1>
${notice(d.done)}
${d.user.email ? html`<p>Signed in as <strong>${d.user.email}</strong>.</p>` : ''}
${nameSection(d)}
${commentsSection(ctx, d.activity)}
${pollsSection(ctx, d.activity)}
<section class="account-section" aria-labelledby="account-signout">
<h2 id="account-signout">Sign out</h2>
<form method="post" action="/account/sign-out">${csrfField(d.csrf)}<button type="submit">Sign out</button></form>
</section>
${deleteSection(d)}`;
  return accountPage(ctx, 'Your account', main);
}

function nameSection(d: AccountViewData): Html {
  if (d.staff) {
    return html`<section class="account-section" aria-labelledby="account-name">
<h2 id="account-name">Your name</h2>
<p>You appear as <strong>${d.user.name}</strong>. Your name is your byline, so it is changed in the newsroom.</p>
</section>`;
  }
  const err = d.nameError;
  return html`<section class="account-section" aria-labelledby="account-name">
<h2 id="account-name">Your name</h2>
<form class="account-form" method="post" action="/account/name">
${csrfField(d.csrf)}
<div class="account-field${err ? ' account-field--error' : ''}">
<label for="account-display-name">Display name</label>
<p class="account-field__hint" id="account-name-hint">Shown with your comments, instead of your email address. Up to ${NAME_MAX} characters.</p>
<input id="account-display-name" name="name" type="text" autocomplete="nickname" required maxlength="${NAME_MAX}" value="${d.nameValue ?? d.user.name}" aria-describedby="account-name-hint${err ? ' account-name-error' : ''}"${err ? html` aria-invalid="true"` : ''}>
${err ? html`<p class="account-field__error" id="account-name-error">${err}</p>` : ''}
</div>
<p><button type="submit">Save name</button></p>
</form>
</section>`;
}

function commentsSection(ctx: ViewContext, a: ReaderActivity): Html {
  return html`<section class="account-section" aria-labelledby="account-comments">
<h2 id="account-comments">Your comments</h2>
${a.comments.length === 0
    ? html`<p class="account-empty">You have not commented yet.</p>`
    : html`<ul class="account-list">${a.comments.map((c) => html`<li><a href="${c.articlePath}">${c.articleTitle}</a> ${dateTime(ctx, c.createdAt)}<p>${c.excerpt}</p></li>`)}</ul>`}
</section>`;
}

function pollsSection(ctx: ViewContext, a: ReaderActivity): Html {
  return html`<section class="account-section" aria-labelledby="account-polls">
<h2 id="account-polls">Polls you voted in</h2>
<p class="account-field__hint">Only which polls: nobody, not even you here, can see how you voted.</p>
${a.polls.length === 0
    ? html`<p class="account-empty">You have not voted in a poll yet.</p>`
    : html`<ul class="account-list">${a.polls.map((p) => html`<li><a href="${p.path}">${p.question}</a> ${dateTime(ctx, p.votedAt)}</li>`)}</ul>`}
</section>`;
}

function deleteSection(d: AccountViewData): Html {
  if (d.staff) {
    return html`<section class="account-section" aria-labelledby="account-delete">
<h2 id="account-delete">Delete my account and data</h2>
<p>This is a newsroom account (${d.user.role}), so it cannot be deleted here: an owner must remove it on the newsroom’s staff page.</p>
</section>`;
  }
  const err = d.deleteError;
  return html`<section class="account-section account-section--danger" aria-labelledby="account-delete">
<h2 id="account-delete">Delete my account and data</h2>
<p>This deletes your account, your name and your sign-ins, at once and for good, and signs you out.</p>
<form class="account-form" method="post" action="/account/delete">
${csrfField(d.csrf)}
<div class="account-field account-field--check${err ? ' account-field--error' : ''}">
<input id="account-delete-confirm" name="confirm" type="checkbox" value="yes" required${err ? html` aria-invalid="true" aria-describedby="account-delete-error"` : ''}>
<label for="account-delete-confirm">I understand that this cannot be undone</label>
${err ? html`<p class="account-field__error" id="account-delete-error">${err}</p>` : ''}
</div>
<p><button type="submit" class="account-danger">Delete my account and data</button></p>
</form>
</section>`;
}
