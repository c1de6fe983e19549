import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../accounts/capabilities.ts';
import { formatDateTime } from '../lib/time.ts';
import { listPages, pagePath } from '../pages/store.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, flash } from './admin-layout.ts';

/** /admin/pages: every static page, its address, whether it is public, and whether the menu links to it. */
export function pageList(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = adminContext(s, req, reply);
    const st = s.settings.get();
    const rows = await listPages(s.db.kysely);
    const done = (req.query as { done?: string }).done;
    const main = html`<h1>Pages</h1>
${flash(done === 'deleted' ? 'The draft was deleted.' : undefined)}
<p>Pages that stand apart from the news: About, Contact, the masthead, your corrections policy, terms. Each lives at an address you choose, such as /about, and keeps a public history like an article’s. ${can(a.user.role, 'manage_settings') ? html`To put one in the site menu, add its address under <a href="/admin/settings">Settings</a>.` : 'The owner puts pages in the site menu, under Settings.'}</p>
<p><a href="/admin/pages/new">Write a new page</a></p>
${rows.length
  ? html`<table class="admin-table">
<thead><tr><th scope="col">Title</th><th scope="col">Address</th><th scope="col">Status</th><th scope="col">Last change</th></tr></thead>
<tbody>${rows.map((p) => html`<tr>
<td><a href="/admin/pages/${p.id}/edit">${p.title || '(untitled)'}</a>${s.pages.inMenu(pagePath(p.slug)) ? html` <span class="hint">(in the menu)</span>` : ''}</td>
<td>${p.status === 'published' ? html`<a href="${pagePath(p.slug)}">${pagePath(p.slug)}</a>` : pagePath(p.slug)}</td>
<td><span class="status status--${p.status}">${p.status}</span></td>
<td><time datetime="${p.updated_at}">${formatDateTime(p.updated_at, st.locale, st.timezone)}</time></td>
</tr>`)}</tbody>
</table>`
  : html`<p class="empty">No pages yet.</p>`}`;
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Pages', main));
  };
}
