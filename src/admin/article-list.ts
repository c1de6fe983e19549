import { can } from '../accounts/capabilities.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BinnedArticle } from '../articles/bin.ts';
import { BIN_DAYS } from '../articles/workflow.ts';
import { parseQuery } from '../http/query.ts';
import { formatDateTime } from '../lib/time.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { type AdminContext, adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';
import { listForAdmin } from './admin-store.ts';
import { articleTable } from './dashboard.ts';

const STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished'] as const;
/** What the last delete, bin or restore did, said once on the page it led to. */
const DONE = {
  deleted: 'The draft was deleted.',
  binned: `Moved to the bin. Readers now find it gone; it can be restored from here for ${BIN_DAYS} days.`,
  restored: 'Restored: the article is back exactly as it was.',
} as const;
const filters = {
  status: z.enum(['', ...STATUSES, 'binned'] as const, { error: 'Unknown status.' }).optional(),
  q: z.string().max(200, 'Search for at most 200 characters.').optional(),
  section: z.string().regex(/^\d*$/, 'Unknown section.').optional(),
  done: z.enum(Object.keys(DONE) as [keyof typeof DONE]).optional().catch(undefined),
};

export function articleList(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = adminContext(s, req, reply);
    const f = parseQuery(filters, req.query);
    const sections = await s.db.kysely.selectFrom('sections').select(['id', 'name']).orderBy('position').execute();
    // Drafts, pieces in review, the schedule and the bin are for those who may edit them.
    const ownFor = can(a.user.role, 'edit_others') ? undefined : a.user.id;
    const inBin = f.status === 'binned';
    const list = inBin ? binTable(s, a, await s.bin.list({ ownFor })) : await otherArticles(s, f, ownFor);
    const main = html`<h1>${inBin ? 'Bin' : 'Articles'}</h1>
${flash(f.done ? DONE[f.done] : undefined)}
<form class="admin-filters" method="get" action="/admin/articles">
<label>Status <select name="status"><option value="">Any</option>${STATUSES.map((st) => html`<option value="${st}"${f.status === st ? html` selected` : ''}>${st}</option>`)}<option value="binned"${inBin ? html` selected` : ''}>in the bin</option></select></label>
<label>Section <select name="section"><option value="">Any</option>${sections.map((sec) => html`<option value="${sec.id}"${f.section === String(sec.id) ? html` selected` : ''}>${sec.name}</option>`)}</select></label>
<label>Title contains <input type="search" name="q" value="${f.q ?? ''}" maxlength="200"></label>
<button type="submit">Filter</button>
</form>
${inBin ? '' : html`<p><a href="/admin/articles?status=binned">Bin</a>: articles taken down in the last ${BIN_DAYS} days, which can still be restored.</p>`}
${list}`;
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, inBin ? 'Bin' : 'Articles', main));
  };
}

async function otherArticles(s: Services, f: { status?: string; q?: string; section?: string }, ownFor: number | undefined): Promise<Html> {
  const rows = await listForAdmin(s.db.kysely, {
    status: (f.status || undefined) as (typeof STATUSES)[number] | undefined,
    q: f.q?.trim() || undefined,
    sectionId: f.section ? Number(f.section) : undefined,
    ownOrPublicFor: ownFor,
    limit: 200,
  });
  // What is in the bin has its own view.
  return articleTable(s, rows.filter((r) => r.status !== 'binned'), 'No articles match.');
}

/** The bin: when each piece went in, how long it can still come back, and the button that brings it. */
function binTable(s: Services, a: AdminContext, rows: BinnedArticle[]): Html {
  if (!rows.length) return html`<p class="empty">The bin is empty.</p>`;
  const st = s.settings.get();
  const mayRestore = can(a.user.role, 'publish');
  return html`<p>Articles in the bin answer “no longer available” to readers. Each can be restored exactly as it was until its days run out; after that it stays withdrawn for good, its published history kept.</p>
<table class="admin-table">
<thead><tr><th scope="col">Title</th><th scope="col">Section</th><th scope="col">Binned</th><th scope="col">Days left</th>${mayRestore ? html`<th scope="col">Restore</th>` : ''}</tr></thead>
<tbody>${rows.map((r) => html`<tr>
<td>${r.title || '(untitled)'} <span class="status status--${r.was}">was ${r.was}</span></td>
<td>${r.sectionName}</td>
<td><time datetime="${r.binnedAt}">${formatDateTime(r.binnedAt, st.locale, st.timezone)}</time></td>
<td>${r.daysLeft === 1 ? '1 day' : `${r.daysLeft} days`}</td>
${mayRestore ? html`<td><form method="post" action="/admin/articles/${r.id}/restore">${csrfField(a.csrf)}<button type="submit" aria-label="Restore “${r.title || '(untitled)'}”">Restore</button></form></td>` : ''}
</tr>`)}</tbody>
</table>`;
}
