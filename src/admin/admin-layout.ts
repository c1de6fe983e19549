import { can } from '../accounts/capabilities.ts';
import type { Assets } from '../http/assets.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import type { AdminContext } from './admin-context.ts';

/** What a signed-out page (sign in, password reset, invitation) knows: whose newsroom it is. */
export interface SignedOut {
  siteName: string;
}

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/**
 * The newsroom's frame: plain HTML that works without JavaScript. The menu and
 * the sign-out button only for someone signed in; the site's name for everyone.
 */
export function adminLayout(assets: Assets, a: AdminContext | SignedOut | null, title: string, main: Html, scripts: string[] = []): string {
  const staff = a && 'user' in a ? a : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} — ${a?.siteName ?? 'Samizdat'} newsroom</title>
<link rel="stylesheet" href="${assets.url('site.css')}">
<link rel="stylesheet" href="${assets.url('admin.css')}">
<link rel="icon" href="${assets.url('icon.svg')}" type="image/svg+xml">
</head>
<body class="admin">
<a class="skip-link" href="#main">Skip to content</a>
<header class="admin-header">
<a class="admin-brand" href="/admin">${a?.siteName ?? 'Samizdat'} · Newsroom</a>
${staff ? staffMenu(staff) : ''}
</header>
<main id="main" class="admin-main" tabindex="-1">
${main}
</main>
${scripts.map((s) => html`<script src="${assets.url(s)}" defer></script>`)}
</body>
</html>
`.value;
}

function staffMenu(a: AdminContext): Html {
  return html`<nav aria-label="Newsroom">
<ul>
<li><a href="/admin">Dashboard</a></li>
<li><a href="/admin/articles">Articles</a></li>
${can(a.user.role, 'write') ? html`<li><a href="/admin/articles/new">New article</a></li>` : ''}
${can(a.user.role, 'curate') ? html`<li><a href="/admin/front-page">Front page</a></li><li><a href="/admin/sections">Sections</a></li><li><a href="/admin/tags">Tags</a></li><li><a href="/admin/pages">Pages</a></li>` : ''}
${can(a.user.role, 'run_polls') ? html`<li><a href="/admin/polls">Polls</a></li>` : ''}
${can(a.user.role, 'moderate') ? html`<li><a href="/admin/moderation">Moderation</a></li>` : ''}
${can(a.user.role, 'upload_media') ? html`<li><a href="/admin/media">Media</a></li>` : ''}
${can(a.user.role, 'manage_staff') ? html`<li><a href="/admin/staff">Staff</a></li>` : ''}
${can(a.user.role, 'manage_settings') ? html`<li><a href="/admin/settings">Settings</a></li><li><a href="/admin/import">Import</a></li>` : ''}
<li><a href="/admin/profile">Your profile</a></li>
<li><a href="/admin/guide">Writing guide</a></li>
<li><a href="/">View site</a></li>
</ul>
</nav>
<form class="admin-signout" method="post" action="/admin/logout">${csrfField(a.csrf)}<span>${a.user.name} (${a.user.role})</span> <button type="submit">Sign out</button></form>`;
}

export function signedOut(s: Services): SignedOut {
  return { siteName: s.settings.get().site_name };
}

export function flash(message: string | undefined, kind: 'ok' | 'error' = 'ok'): Html {
  return message ? html`<p class="flash flash--${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>` : html``;
}

/** An error met in the newsroom, in the newsroom's frame. */
export function adminErrorPage(s: Services, status: number, title: string, message: string): string {
  const main = html`<section class="admin-error">
<p class="kicker">Error ${status}</p>
<h1>${title}</h1>
<p>${message}</p>
<p><a href="/admin">Back to the newsroom</a></p>
</section>`;
  return adminLayout(s.assets, signedOut(s), title, main);
}
