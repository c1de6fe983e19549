import { BIO_MAX, NAME_MAX } from '../accounts/bio.ts';
import { LINK_MAX } from '../accounts/profile-links.ts';
import type { Profile, ProfileForm } from '../accounts/profiles.ts';
import type { Pagination } from '../lib/pagination.ts';
import type { LibraryItem } from '../media/library-store.ts';
import { mediaUrl } from '../media/picture.ts';
import { type Html, html } from '../render/html.ts';
import { pagination } from '../views/partials.ts';
import { field, type FieldErrors, invalid, newPasswordFields } from './account-forms.ts';
import type { AdminContext } from './admin-context.ts';
import { csrfField, flash } from './admin-layout.ts';

/** /admin/profile: the signed-in person's public profile, portrait, password and sessions. Markup only. */

export interface ProfilePageData {
  profile: Profile;
  /** What is in the profile form: as saved, or as typed when it comes back with problems. */
  values: ProfileForm;
  errors: FieldErrors;
  passwordErrors: FieldErrors;
  portraitError?: string;
  /** One page of the media library to choose a portrait from; null for those who cannot see it. */
  library: { items: LibraryItem[]; pages: Pagination; current: LibraryItem | null } | null;
  mayUpload: boolean;
  otherSessions: number;
  message?: string;
  error?: string;
}

export function profileMain(a: AdminContext, d: ProfilePageData): Html {
  return html`<h1>Your profile</h1>
${flash(d.message)}
${flash(d.error, 'error')}
<p>You sign in as <strong>${d.profile.email}</strong>. Readers see your name, bio, portrait and links on <a href="/author/${d.profile.slug}">your author page</a> and beside your articles.</p>
${publicSection(a, d)}
${portraitSection(a, d)}
${passwordSection(a, d)}
${sessionsSection(a, d)}`;
}

const LINK_FIELDS = [
  { name: 'website', label: 'Website', type: 'url', hint: 'Your own site or blog: https://…', autocomplete: 'url' },
  { name: 'mastodon', label: 'Mastodon', type: 'text', hint: '@name@instance.social, or your profile’s address.', autocomplete: 'off' },
  { name: 'bluesky', label: 'Bluesky', type: 'text', hint: 'name.bsky.social, or your profile’s address.', autocomplete: 'off' },
  { name: 'x', label: 'X (Twitter)', type: 'text', hint: '@name, or your profile’s address.', autocomplete: 'off' },
  { name: 'email', label: 'Public email address', type: 'email', hint: 'Only if you want readers to write to you. It is shown on your author page.', autocomplete: 'email' },
] as const;

function publicSection(a: AdminContext, d: ProfilePageData): Html {
  const v = d.values;
  const e = d.errors;
  return html`<section aria-labelledby="h-public"><h2 id="h-public">What readers see</h2>
<form method="post" action="/admin/profile" class="profile-form">
${csrfField(a.csrf)}
${field('name', 'Name', html`<input id="f-name" name="name" autocomplete="name" required maxlength="${NAME_MAX}" value="${v.name}"${invalid('name', e)}>`, e, 'As it appears on your bylines. Your author page keeps its address when you change it.')}
${field('bio', 'Bio', html`<textarea id="f-bio" name="bio" rows="6" maxlength="${BIO_MAX}" aria-describedby="hint-bio${e.bio ? ' err-bio' : ''}"${e.bio ? html` aria-invalid="true"` : ''}>${v.bio}</textarea>`, e,
  `Plain text, at most ${BIO_MAX} characters; leave a blank line between paragraphs. The first sentence or two appear under your articles.`)}
<fieldset class="profile-links"><legend>Links</legend>
<p class="hint">Shown on your author page, marked as yours (rel="me"), so Mastodon can verify them. Leave empty what you do not want shown.</p>
${LINK_FIELDS.map((f) => field(f.name, f.label, html`<input id="f-${f.name}" name="${f.name}" type="${f.type}" autocomplete="${f.autocomplete}" maxlength="${LINK_MAX}" value="${v[f.name]}" aria-describedby="hint-${f.name}${e[f.name] ? ` err-${f.name}` : ''}"${e[f.name] ? html` aria-invalid="true"` : ''}>`, e, f.hint))}
</fieldset>
<p><button type="submit">Save profile</button></p>
</form>
</section>`;
}

function portraitSection(a: AdminContext, d: ProfilePageData): Html {
  const lib = d.library;
  const upload = d.mayUpload
    ? html`<a href="/admin/media">Upload a picture to the media library</a> (give it an alt text), then come back and choose it here.`
    : html`To use a new picture, ask an editor to upload it to the media library.`;
  if (!lib) {
    return html`<section aria-labelledby="h-portrait"><h2 id="h-portrait">Portrait</h2>
<p>${d.profile.portraitId ? 'You have a portrait.' : 'You have no portrait.'} Portraits are chosen from the media library, which your role does not show; ask an editor to set yours.</p>
</section>`;
  }
  const onPage = lib.items.filter((m) => m.id !== lib.current?.id);
  const choices = [...(lib.current ? [lib.current] : []), ...onPage];
  return html`<section aria-labelledby="h-portrait"><h2 id="h-portrait">Portrait</h2>
<p>${upload}</p>
<form method="post" action="/admin/profile/portrait">
${csrfField(a.csrf)}
<fieldset class="portrait-picker"${d.portraitError ? html` aria-describedby="err-portrait"` : ''}><legend>Choose your portrait from the library</legend>
${d.portraitError ? html`<p class="field-error" id="err-portrait">${d.portraitError}</p>` : ''}
<ul class="portrait-choices">
<li><input type="radio" id="portrait-none" name="portrait" value="none"${d.profile.portraitId ? '' : html` checked`}><label for="portrait-none">No portrait</label></li>
${choices.map((m) => portraitChoice(m, m.id === d.profile.portraitId))}
</ul>
</fieldset>
${pagination(lib.pages, '/admin/profile')}
<p><button type="submit">Use this portrait</button></p>
</form>
</section>`;
}

function portraitChoice(m: LibraryItem, checked: boolean): Html {
  // The image is the same picture the label names, so it is decorative: the alt text is read once, as the label.
  return html`<li><input type="radio" id="portrait-${m.id}" name="portrait" value="${m.id}"${checked ? html` checked` : ''}>
<label for="portrait-${m.id}">${m.thumb ? html`<img src="${mediaUrl(m.thumb.file)}" width="${m.thumb.width}" height="${m.thumb.height}" alt="" loading="lazy">` : ''}<span>${m.alt || m.slug}${checked ? ' (your portrait now)' : ''}</span></label></li>`;
}

function passwordSection(a: AdminContext, d: ProfilePageData): Html {
  const e = d.passwordErrors;
  return html`<section aria-labelledby="h-password"><h2 id="h-password">Password</h2>
<form method="post" action="/admin/profile/password" class="profile-form">
${csrfField(a.csrf)}
<input type="text" name="username" autocomplete="username" value="${d.profile.email}" hidden>
${field('current_password', 'Current password', html`<input id="f-current_password" name="current_password" type="password" autocomplete="current-password" required maxlength="200"${invalid('current_password', e)}>`, e)}
${newPasswordFields(e, 'New password')}
<p class="hint">After the change you stay signed in here, and every other device or browser you signed in on is signed out.</p>
<p><button type="submit">Change password</button></p>
</form>
</section>`;
}

function sessionsSection(a: AdminContext, d: ProfilePageData): Html {
  const n = d.otherSessions;
  return html`<section aria-labelledby="h-sessions"><h2 id="h-sessions">Where you are signed in</h2>
<p>${n === 0 ? 'You are signed in here only.' : `Besides this browser, you are signed in ${n === 1 ? 'once more' : `${n} more times`} (another device or browser).`}</p>
<form method="post" action="/admin/profile/sign-out-others">${csrfField(a.csrf)}<button type="submit"${n === 0 ? html` disabled` : ''}>Sign out everywhere else</button></form>
</section>`;
}
