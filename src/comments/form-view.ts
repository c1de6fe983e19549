import { type Html, html } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { LIMITS } from './intake/phases.ts';
import { commentWords } from './words.ts';

/**
 * The comment form. On the article page it is the same for everyone (cached),
 * so it carries no token and no name: the post's origin is checked instead
 * (docs/architecture.md), and who is posting comes from the session. Shown
 * again with a message beside the field and the text kept when a post is
 * refused, and under the comment replied to on a reply page.
 */
export interface FormState {
  articleId: number;
  parentId: number | null;
  /** The form's signed drawing time (intake/timing.ts). */
  stamp: string;
  linkLimit: number;
  body?: string;
  name?: string;
  email?: string;
  notify?: boolean;
  error?: { field?: 'body' | 'name' | 'email'; message: string };
  /** On a reply page: whom the reply is to. */
  replyTo?: string;
  /** Signed in (pages drawn for one reader only): the guest fields are left out. */
  signedInAs?: string;
}

export function commentForm(ctx: ViewContext, f: FormState, opts: { who: 'guests' | 'readers'; headingLevel?: 2 | 3 }): Html {
  const w = commentWords(ctx.settings.language);
  const err = (field: 'body' | 'name' | 'email') => (f.error?.field === field ? f.error.message : undefined);
  const described = (field: string, hint: boolean) => [hint ? `c-${field}-hint` : '', err(field as 'body') ? `c-${field}-error` : ''].filter(Boolean).join(' ');
  const invalid = (field: 'body' | 'name' | 'email') => (err(field) ? html` aria-invalid="true"` : '');
  const fieldError = (field: 'body' | 'name' | 'email') => (err(field) ? html`<p class="field-error" id="c-${field}-error">${err(field)}</p>` : '');
  const guests = opts.who === 'guests' && !f.signedInAs;
  return html`<form class="comment-form" id="comment-form" method="post" action="/articles/${f.articleId}/comments" aria-labelledby="comment-form-heading" data-comment-form>
${opts.headingLevel === 2
    ? html`<h2 id="comment-form-heading" data-form-heading>${f.replyTo ? w.replyHeading(f.replyTo) : w.formHeading}</h2>`
    : html`<h3 id="comment-form-heading" data-form-heading>${f.replyTo ? w.replyHeading(f.replyTo) : w.formHeading}</h3>`}
${f.error && !f.error.field ? html`<p class="comment-form__problem" role="alert">${f.error.message}</p>` : ''}
${f.signedInAs ? html`<p class="comment-form__who">${w.commentingAs(f.signedInAs)}</p>` : html`<p class="comment-form__who" data-commenting-as hidden></p>`}
${opts.who === 'readers' && !f.signedInAs ? html`<p class="comment-form__readers" data-readers-only>${w.readersOnly} <a href="/account/sign-in">${w.signIn}</a></p>` : ''}
<input type="hidden" name="parent" value="${f.parentId ?? ''}" data-parent>
<input type="hidden" name="t" value="${f.stamp}">
<div class="field${err('body') ? ' field--error' : ''}"><label for="c-body">${w.bodyLabel}</label>
<p class="hint" id="c-body-hint">${w.bodyHint(LIMITS.bodyChars, f.linkLimit)}</p>
<textarea id="c-body" name="body" rows="5" required aria-describedby="${described('body', true)}"${invalid('body')}>${f.body ?? ''}</textarea>${fieldError('body')}</div>
${guests ? html`<div class="comment-form__guest" data-guest-fields>
<div class="field${err('name') ? ' field--error' : ''}"><label for="c-name">${w.nameLabel}</label>
<p class="hint" id="c-name-hint">${w.nameHint}</p>
<input id="c-name" name="name" autocomplete="name" maxlength="${LIMITS.nameChars}" value="${f.name ?? ''}" aria-describedby="${described('name', true)}"${invalid('name')}>${fieldError('name')}</div>
<div class="field${err('email') ? ' field--error' : ''}"><label for="c-email">${w.emailLabel}</label>
<p class="hint" id="c-email-hint">${w.emailHint}</p>
<input id="c-email" name="email" type="email" autocomplete="email" maxlength="${LIMITS.emailChars}" value="${f.email ?? ''}" aria-describedby="${described('email', true)}"${invalid('email')}>${fieldError('email')}</div>
</div>` : ''}
<div class="field field--check"><input type="checkbox" id="c-notify" name="notify" value="1"${f.notify ? html` checked` : ''}> <label for="c-notify">${w.notifyLabel}</label></div>
<div class="comment-form__trap" aria-hidden="true"><label for="c-website">${w.trapLabel}</label><input id="c-website" name="website" tabindex="-1" autocomplete="off"></div>
<p class="comment-form__actions"><button type="submit">${w.submit}</button>${f.replyTo ? '' : html` <button type="button" class="comment-form__cancel" data-cancel-reply hidden>${w.cancelReply}</button>`}</p>
<p class="comment-form__note">${w.guidelines}</p>
</form>`;
}
