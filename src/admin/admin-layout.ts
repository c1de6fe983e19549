import { can } from '../accounts/capabilities.js';
import type { Assets } from '../http/assets.js';
import { type Html, html } from '../render/html.js';
import type { AdminContext } from './admin-context.js';

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/** The newsroom's frame: plain HTML that works without JavaScript. */
export function adminLayout(assets: Assets, a: AdminContext | null, title: string, main: Html, scripts: string[] = []): string {
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
${a ? html`<nav aria-label="Newsroom">
<ul>
<li><a href="/admin">Dashboard</a></li>
<li><a href="/admin/articles">Articles</a></li>
${can(a.user.role, 'write') ? html`<li><a href="/admin/articles/new">New article</a></li>` : ''}
${can(a.user.role, 'upload_media') ? html`<li><a href="/admin/media">Media</a></li>` : ''}
${can(a.user.role, 'manage_staff') ? html`<li><a href="/admin/staff">Staff</a></li>` : ''}
${can(a.user.role, 'manage_settings') ? html`<li><a href="/admin/settings">Settings</a></li>` : ''}
<li><a href="/">View site</a></li>
</ul>
</nav>
<form class="admin-signout" method="post" action="/admin/logout">${csrfField(a.csrf)}<span>${a.user.name} (${a.user.role})</span> <button type="submit">Sign out</button></form>` : ''}
</header>
<main id="main" class="admin-main" tabindex="-1">
${main}
</main>
${scripts.map((s) => html`<script src="${assets.url(s)}" defer></script>`)}
</body>
</html>
`.value;
}

export function flash(message: string | undefined, kind: 'ok' | 'error' = 'ok'): Html {
  return message ? html`<p class="flash flash--${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>` : html``;
}
