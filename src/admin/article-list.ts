import { can } from '../accounts/capabilities.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseQuery } from '../http/query.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import { listForAdmin } from './admin-store.ts';
import { articleTable } from './dashboard.ts';

const STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished'] as const;
const filters = {
  status: z.enum(['', ...STATUSES] as const, { error: 'Unknown status.' }).optional(),
  q: z.string().max(200, 'Search for at most 200 characters.').optional(),
  section: z.string().regex(/^\d*$/, 'Unknown section.').optional(),
};

export function articleList(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = adminContext(s, req, reply);
    const f = parseQuery(filters, req.query);
    const sections = await s.db.kysely.selectFrom('sections').select(['id', 'name']).orderBy('position').execute();
    const rows = await listForAdmin(s.db.kysely, {
      status: f.status || undefined,
      q: f.q?.trim() || undefined,
      sectionId: f.section ? Number(f.section) : undefined,
      // Drafts, pieces in review and the schedule are for those who may edit them.
      ownOrPublicFor: can(a.user.role, 'edit_others') ? undefined : a.user.id,
      limit: 200,
    });
    const main = html`<h1>Articles</h1>
<form class="admin-filters" method="get" action="/admin/articles">
<label>Status <select name="status"><option value="">Any</option>${STATUSES.map((st) => html`<option value="${st}"${f.status === st ? html` selected` : ''}>${st}</option>`)}</select></label>
<label>Section <select name="section"><option value="">Any</option>${sections.map((sec) => html`<option value="${sec.id}"${f.section === String(sec.id) ? html` selected` : ''}>${sec.name}</option>`)}</select></label>
<label>Title contains <input type="search" name="q" value="${f.q ?? ''}" maxlength="200"></label>
<button type="submit">Filter</button>
</form>
${articleTable(s, rows, 'No articles match.')}`;
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Articles', main));
  };
}
