import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redactPassage } from '../articles/redaction.ts';
import { NotFound } from '../http/errors.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';

const redactionForm = z.object({
  passage: z.string().max(20_000).default(''),
  reason: z.string().trim().min(5, 'Give the public reason, e.g. "on legal advice following a court order".').max(300),
});

async function article(s: Services, req: FastifyRequest) {
  const id = Number((req.params as { id: string }).id);
  const a = Number.isInteger(id) ? await s.db.kysely.selectFrom('articles').select(['id', 'title', 'path', 'status']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!a) throw new NotFound();
  return a;
}

function page(s: Services, req: FastifyRequest, reply: FastifyReply, a: { id: number; title: string }, v: Record<string, unknown>, error?: string, status = 200) {
  const ctx = adminContext(s, req, reply);
  const main = html`<h1>Legal redaction</h1>
<p>Removes a passage from <strong>${a.title}</strong> and from <em>every</em> earlier revision. Where it was, readers see a dated notice with the reason you give. This cannot be undone.</p>
${flash(error, 'error')}
<form method="post" action="/admin/articles/${a.id}/redact">
${csrfField(ctx.csrf)}
<div class="field"><label for="f-passage">Exact passage to remove</label><textarea id="f-passage" name="passage" rows="5" required>${String(v.passage ?? '')}</textarea></div>
<div class="field"><label for="f-reason">Public reason</label><input id="f-reason" name="reason" value="${String(v.reason ?? '')}" required maxlength="300"></div>
<p><button type="submit" class="danger">Redact</button> <a href="/admin/articles/${a.id}/edit">Cancel</a></p>
</form>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, ctx, 'Legal redaction', main));
}

/** The confirmation says where the passage was found, so the editor can tell the lawyer exactly what was done. */
function done(s: Services, req: FastifyRequest, reply: FastifyReply, a: { id: number; title: string }, r: { replaced: number; places: string[] }) {
  const ctx = adminContext(s, req, reply);
  const main = html`<h1>Redaction made</h1>
<p role="status">The passage was removed ${r.replaced === 1 ? 'once' : html`${r.replaced} times`}. A dated notice with your reason stands where it was, and the article's history records the redaction.</p>
<h2>Where it was removed from</h2>
<ul>${r.places.map((p) => html`<li>${p}</li>`)}</ul>
<p>Search, feeds, sitemaps and every server's page cache were updated at once. Copies outside this site (search engines, feed readers, archives) are not ours to change.</p>
<p><a href="/admin/articles/${a.id}/edit">Back to the article</a></p>`;
  return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, ctx, 'Redaction made', main));
}

export function showRedaction(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => page(s, req, reply, await article(s, req), {});
}

export function redactArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = await article(s, req);
    const parsed = redactionForm.safeParse(req.body ?? {});
    if (!parsed.success) return page(s, req, reply, a, (req.body ?? {}) as Record<string, unknown>, parsed.error.issues[0].message, 422);
    const st = s.settings.get();
    const result = await redactPassage(s.db, s.changes, {
      articleId: a.id, passage: parsed.data.passage, reason: parsed.data.reason, editorId: req.user!.id, locale: st.locale, timeZone: st.timezone,
    });
    if (!result.ok) return page(s, req, reply, a, parsed.data, result.message, 422);
    return done(s, req, reply, a, result);
  };
}
