import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../accounts/capabilities.ts';
import { formatDateTime } from '../lib/time.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { needsSetup } from './setup-pages.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';
import { type AdminArticleRow, listForAdmin } from './admin-store.ts';

export function articleTable(s: Services, rows: AdminArticleRow[], empty: string): Html {
  const st = s.settings.get();
  if (!rows.length) return html`<p class="empty">${empty}</p>`;
  return html`<table class="admin-table">
<thead><tr><th scope="col">Title</th><th scope="col">Section</th><th scope="col">Status</th><th scope="col">Last change</th></tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td><a href="/admin/articles/${r.id}/edit">${r.title || '(untitled)'}</a>${r.path && r.status === 'published' ? html` · <a href="${r.path}">view</a>` : ''}</td>
<td>${r.section_name}</td>
<td><span class="status status--${r.status}">${r.status}</span>${r.status === 'scheduled' && r.published_at ? html` for ${formatDateTime(r.published_at, st.locale, st.timezone)}` : ''}</td>
<td><time datetime="${r.updated_at}">${formatDateTime(r.updated_at, st.locale, st.timezone)}</time></td>
</tr>`)}</tbody>
</table>`;
}

export function dashboard(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // A site that starts empty has nowhere to file an article: its owner sets it up first.
    if (can(req.user!.role, 'manage_settings') && (await needsSetup(s))) return reply.redirect('/admin/setup', 303);
    const a = adminContext(s, req, reply);
    const db = s.db.kysely;
    // Writers who cannot edit others' work see their own pieces.
    const mine = can(a.user.role, 'edit_others') ? undefined : a.user.id;
    const [drafts, review, scheduled, published] = await Promise.all([
      listForAdmin(db, { status: 'draft', authorId: mine, limit: 10 }),
      listForAdmin(db, { status: 'review', authorId: mine, limit: 10 }),
      listForAdmin(db, { status: 'scheduled', authorId: mine, limit: 10 }),
      listForAdmin(db, { status: 'published', limit: 10 }),
    ]);
    const setUp = (req.query as { done?: unknown }).done === 'setup';
    const main = html`<h1>Dashboard</h1>
${setUp ? html`${flash(`${s.settings.get().site_name} is set up.`)}<p>Next: <a href="/admin/articles/new">write the first article</a>, add <a href="/admin/sections">more sections</a>, <a href="/admin/staff">invite your staff</a>, or choose a logo and colour in <a href="/admin/settings">Settings</a>.</p>` : ''}
<section aria-labelledby="h-review"><h2 id="h-review">Waiting for review</h2>${articleTable(s, review, 'Nothing is waiting for review.')}</section>
<section aria-labelledby="h-drafts"><h2 id="h-drafts">Drafts</h2>${articleTable(s, drafts, 'No drafts.')}</section>
<section aria-labelledby="h-scheduled"><h2 id="h-scheduled">Scheduled</h2>${articleTable(s, scheduled, 'Nothing is scheduled.')}</section>
<section aria-labelledby="h-published"><h2 id="h-published">Recently published</h2>${articleTable(s, published, 'Nothing published yet.')}</section>
<section aria-labelledby="h-account"><h2 id="h-account">Your account</h2>
<form method="post" action="/admin/sign-out-everywhere">${csrfField(a.csrf)}<button type="submit">Sign out on every device</button></form>
</section>`;
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Dashboard', main));
  };
}
