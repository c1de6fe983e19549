import type { Role } from '../db/schema.ts';
import type { AccountStrings } from '../i18n/strings.ts';
import { type Html, html } from '../render/html.ts';
import { type ViewContext, words } from '../views/context.ts';
import { layout } from '../views/layout.ts';
import { dateTime } from '../views/partials.ts';
import { LINK_LIMITS, LINK_MINUTES, NAME_MAX, type Problem } from './reader-accounts.ts';
import { SESSION_DAYS } from './sessions.ts';

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

function emailForm(t: AccountStrings, csrf: string, email: string, error: string | undefined, button: string): Html {
  return html`<form class="account-form" method="post" action="/account/sign-in">
${csrfField(csrf)}
<div class="account-field${error ? ' account-field--error' : ''}">
<label for="account-email">${t.emailLabel}</label>
<input id="account-email" name="email" type="email" autocomplete="email" required maxlength="254" value="${email}"${error ? html` aria-invalid="true" aria-describedby="account-email-error"` : ''}>
${error ? html`<p class="account-field__error" id="account-email-error">${error}</p>` : ''}
</div>
<p><button type="submit">${button}</button></p>
</form>`;
}

/** The notices a redirect asks for by name (?done=…), so a page never shows text from the address bar. */
export type Notice = keyof AccountStrings['notices'];

export function signInView(ctx: ViewContext, v: { csrf: string; email?: string; error?: Problem; done?: Notice }): string {
  const t = words(ctx).account;
  const main = html`<h1>${t.signIn}</h1>
${notice(v.done && t.notices[v.done])}
<p>${t.signInIntro}</p>
${emailForm(t, v.csrf, v.email ?? '', v.error?.(t.problems), t.sendLink)}
<p class="account-aside">${t.cookieNote(SESSION_DAYS)}</p>`;
  return accountPage(ctx, t.signIn, main);
}

/** The one answer to every request for a link, whether or not the address has an account. */
export function linkSentView(ctx: ViewContext, v: { csrf: string; email: string }): string {
  const t = words(ctx).account;
  const main = html`<h1>${t.checkInbox}</h1>
<p class="account-notice account-notice--ok" role="status">${t.linkSent}</p>
<p>${t.linkSentHelp(LINK_MINUTES)}</p>
${emailForm(t, v.csrf, v.email, undefined, t.sendAnother)}`;
  return accountPage(ctx, t.checkInbox, main);
}

export function throttledView(ctx: ViewContext, v: { csrf: string; email: string }): string {
  const t = words(ctx).account;
  const main = html`<h1>${t.signIn}</h1>
${notice(t.throttled(LINK_LIMITS.windowMinutes), 'error')}
${emailForm(t, v.csrf, v.email, undefined, t.sendLink)}`;
  return accountPage(ctx, t.signIn, main);
}

export function mailFailedView(ctx: ViewContext, v: { csrf: string; email: string }): string {
  const t = words(ctx).account;
  const main = html`<h1>${t.signIn}</h1>
${notice(t.mailFailed, 'error')}
${emailForm(t, v.csrf, v.email, undefined, t.tryAgain)}`;
  return accountPage(ctx, t.signIn, main);
}

/** A link opened from the mail: one more click signs in, so a mail scanner's visit uses nothing up. */
export function linkConfirmView(ctx: ViewContext, v: { csrf: string; token: string }): string {
  const t = words(ctx).account;
  const main = html`<h1>${t.signInTo(ctx.settings.site_name)}</h1>
<p>${t.pressButton}</p>
<form class="account-form" method="post" action="/account/sign-in/${v.token}">
${csrfField(v.csrf)}
<p><button type="submit">${t.signIn}</button></p>
</form>
<p class="account-aside">${t.whyButton}</p>`;
  return accountPage(ctx, t.signIn, main);
}

export function linkGoneView(ctx: ViewContext, v: { csrf: string }): string {
  const t = words(ctx).account;
  const main = html`<h1>${t.linkGone}</h1>
<p>${t.linkGoneHelp(LINK_MINUTES)}</p>
<h2>${t.getNewLink}</h2>
${emailForm(t, v.csrf, '', undefined, t.sendNewLink)}`;
  return accountPage(ctx, t.linkExpired, main);
}

export interface AccountViewData {
  csrf: string;
  user: { name: string; email: string | null; role: Role };
  staff: boolean;
  /** What other domains keep about the reader, each a section of the page (see reader-data.ts). */
  kept: Html[];
  /** What was typed into the name field, when it is shown again with an error. */
  nameValue?: string;
  nameError?: Problem;
  /** The delete form was sent without its confirmation tick. */
  deleteError?: boolean;
  done?: Notice;
}

export function accountView(ctx: ViewContext, d: AccountViewData): string {
  const t = words(ctx).account;
  const main = html`<h1>${words(ctx).yourAccount}</h1>
${notice(d.done && t.notices[d.done])}
${d.user.email ? html`<p>${t.signedInAs(html`<strong>${d.user.email}</strong>`)}</p>` : ''}
${nameSection(t, d)}
${d.kept}
<section class="account-section" aria-labelledby="account-signout">
<h2 id="account-signout">${t.signOut}</h2>
<form method="post" action="/account/sign-out">${csrfField(d.csrf)}<button type="submit">${t.signOut}</button></form>
</section>
${deleteSection(t, d)}`;
  return accountPage(ctx, words(ctx).yourAccount, main);
}

function nameSection(t: AccountStrings, d: AccountViewData): Html {
  if (d.staff) {
    return html`<section class="account-section" aria-labelledby="account-name">
<h2 id="account-name">${t.yourName}</h2>
<p>${t.staffName(html`<strong>${d.user.name}</strong>`)}</p>
</section>`;
  }
  const err = d.nameError?.(t.problems);
  return html`<section class="account-section" aria-labelledby="account-name">
<h2 id="account-name">${t.yourName}</h2>
<form class="account-form" method="post" action="/account/name">
${csrfField(d.csrf)}
<div class="account-field${err ? ' account-field--error' : ''}">
<label for="account-display-name">${t.displayName}</label>
<p class="account-field__hint" id="account-name-hint">${t.nameHint(NAME_MAX)}</p>
<input id="account-display-name" name="name" type="text" autocomplete="nickname" required maxlength="${NAME_MAX}" value="${d.nameValue ?? d.user.name}" aria-describedby="account-name-hint${err ? ' account-name-error' : ''}"${err ? html` aria-invalid="true"` : ''}>
${err ? html`<p class="account-field__error" id="account-name-error">${err}</p>` : ''}
</div>
<p><button type="submit">${t.saveName}</button></p>
</form>
</section>`;
}

function deleteSection(t: AccountStrings, d: AccountViewData): Html {
  if (d.staff) {
    return html`<section class="account-section" aria-labelledby="account-delete">
<h2 id="account-delete">${t.deleteAccount}</h2>
<p>${t.staffCannotDelete(t.roles[d.user.role])}</p>
</section>`;
  }
  const err = d.deleteError ? t.deleteUnconfirmed : undefined;
  return html`<section class="account-section account-section--danger" aria-labelledby="account-delete">
<h2 id="account-delete">${t.deleteAccount}</h2>
<p>${t.deleteExplain}</p>
<form class="account-form" method="post" action="/account/delete">
${csrfField(d.csrf)}
<div class="account-field account-field--check${err ? ' account-field--error' : ''}">
<input id="account-delete-confirm" name="confirm" type="checkbox" value="yes" required${err ? html` aria-invalid="true" aria-describedby="account-delete-error"` : ''}>
<label for="account-delete-confirm">${t.deleteConfirm}</label>
${err ? html`<p class="account-field__error" id="account-delete-error">${err}</p>` : ''}
</div>
<p><button type="submit" class="account-danger">${t.deleteAccount}</button></p>
</form>
</section>`;
}
