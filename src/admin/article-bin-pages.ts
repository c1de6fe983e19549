import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { BinOutcome } from '../articles/bin.ts';
import { type Actor, BIN_DAYS, type BinFacts, mayBin, mayDelete, type Permission } from '../articles/workflow.ts';
import { Conflict, Forbidden, NotFound } from '../http/errors.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, csrfField } from './admin-layout.ts';

/**
 * Deleting a draft, and moving a published piece to the bin or back. The first
 * POST (from the editor's button) asks for confirmation on a page of its own,
 * so it works without JavaScript; the confirmation posts again with confirm=yes.
 * Restoring undoes a bin, so it needs no confirmation.
 */

const confirmation = z.object({ confirm: z.string().max(10).optional() });

type Removal = 'delete' | 'bin';

const WORDS: Record<Removal, { title: string; explain: string; button: string; done: string }> = {
  delete: {
    title: 'Delete this draft?',
    explain: 'It has never been published, so readers never saw it. Its text is deleted for good; this cannot be undone.',
    button: 'Delete for good',
    done: '/admin/articles?done=deleted',
  },
  bin: {
    title: 'Move this article to the bin?',
    explain: `It leaves the site at once: its address and its history tell readers it is no longer available, and it leaves every listing, feed, sitemap, search and the front page. For ${BIN_DAYS} days you can restore it exactly as it is now; after that it stays withdrawn for good. Its published history is kept either way.`,
    button: 'Move to the bin',
    done: '/admin/articles?status=binned&done=binned',
  },
};

function actorOf(req: FastifyRequest): Actor {
  return { kind: 'person', id: req.user!.id, role: req.user!.role };
}

function articleId(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFound();
  return id;
}

function refused(p: { refused: string; notYours?: boolean }): Error {
  return p.notYours ? new Forbidden(p.refused) : new Conflict(p.refused);
}

function failed(r: Exclude<BinOutcome, { ok: true }>): Error {
  if (r.why === 'missing') return new NotFound();
  return refused({ refused: r.refused, notYours: r.why === 'not-yours' });
}

function confirmPage(s: Services, req: FastifyRequest, reply: FastifyReply, kind: Removal, a: { id: number; title: string }) {
  const ctx = adminContext(s, req, reply);
  const w = WORDS[kind];
  const main = html`<h1>${w.title}</h1>
<p><strong>${a.title || '(untitled)'}</strong></p>
<p>${w.explain}</p>
<form method="post" action="/admin/articles/${a.id}/${kind}">
${csrfField(ctx.csrf)}
<input type="hidden" name="confirm" value="yes">
<p><button type="submit" class="danger">${w.button}</button> <a href="/admin/articles/${a.id}/edit">Cancel</a></p>
</form>`;
  return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, ctx, w.title, main));
}

function removal(s: Services, kind: Removal, rule: (actor: Actor, a: BinFacts) => Permission) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = articleId(req);
    const actor = actorOf(req);
    const a = await s.bin.facts(id);
    if (!a) throw new NotFound();
    const may = rule(actor, a);
    if (may !== true) throw refused(may);
    if (confirmation.safeParse(req.body ?? {}).data?.confirm !== 'yes') return confirmPage(s, req, reply, kind, a);
    const r = kind === 'delete' ? await s.bin.deleteDraft(actor, id) : await s.bin.bin(actor, id);
    if (!r.ok) throw failed(r);
    return reply.redirect(WORDS[kind].done, 303);
  };
}

/** POST /admin/articles/:id/delete — a piece never published. */
export const deleteArticle = (s: Services) => removal(s, 'delete', mayDelete);

/** POST /admin/articles/:id/bin — a piece that was ever published. */
export const binArticle = (s: Services) => removal(s, 'bin', mayBin);

/** POST /admin/articles/:id/restore — back as it was, within the bin's days. */
export function restoreArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const r = await s.bin.restore(actorOf(req), articleId(req));
    if (!r.ok) throw failed(r);
    return reply.redirect('/admin/articles?done=restored', 303);
  };
}
