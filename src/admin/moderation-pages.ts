import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Forbidden, HttpError, NotFound } from '../http/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import { liveBans } from '../moderation/bans.ts';
import type { ActionResult } from '../moderation/service.ts';
import * as store from '../moderation/store.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { pagination } from '../views/partials.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, flash } from './admin-layout.ts';
import type { FieldErrors } from './form-fields.ts';
import {
  actionForms, type ActionForms, appealsView, bansView, commentBox, historyList, mailNotice, moderationNav, queueView, reportList,
} from './moderation-views.ts';

/**
 * /admin/moderation (capability `moderate`): the queue, one comment and the
 * actions on it, bans, appeals. Each POST: the form → one service call → back
 * to the page with what happened (and whether the author was told), or the
 * same page with the problem beside the field.
 */

type Req = FastifyRequest;
const QUEUE_PAGE = 30;

const actionForm = z.object({
  reason: z.string().max(500).catch(''),
  note: z.string().max(4000).catch(''),
  length: z.string().max(10).catch(''),
  decision: z.string().max(20).catch(''),
});

function idOf(req: Req): number {
  const n = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFound();
  return n;
}

const when = (s: Services) => (iso: string) => formatDateTime(iso, s.settings.get().locale, s.settings.get().timezone);

async function openAppeals(s: Services): Promise<number> {
  const r = await s.db.kysely.selectFrom('appeals').select((eb) => eb.fn.countAll<number>().as('n')).where('decided_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function render(s: Services, req: Req, reply: FastifyReply, status: number, title: string, body: Html, message?: string) {
  const a = adminContext(s, req, reply);
  const main = html`<h1>${title}</h1>
${moderationNav(a, await openAppeals(s))}
${flash(message)}
${body}`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, title, main));
}

/** What a redirect's ?done=…&mail=… asks the page to say. */
function doneMessage(req: Req): string | undefined {
  const q = req.query as { done?: string; mail?: string };
  const done: Record<string, string> = {
    approve: 'Approved.', remove: 'Removed.', ban: 'Banned.', lift: 'Ban lifted.', decided: 'Appeal decided.', reasons: 'Reasons saved.',
  };
  const said = q.done && Object.hasOwn(done, q.done) ? done[q.done] : undefined;
  return said ? [said, mailNotice(q.mail)].filter(Boolean).join(' ') : undefined;
}

// ---- the queue ---------------------------------------------------------------------

export function showQueue(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const n = Math.max(1, Math.min(10_000, Number((req.query as { page?: string }).page) || 1));
    const page = pageOf(n, QUEUE_PAGE);
    const { items, total } = await store.queue(s.db.kysely, page.size, page.offset);
    const reports = await store.reportsOf(s.db.kysely, items.map((c) => c.id));
    const body = html`<p>Comments waiting for approval come first, then reported comments, most reported first. Reports never hide a comment: only a decision here does.</p>
${queueView(items, reports, when(s))}
${pagination(paginate(page, total), '/admin/moderation')}`;
    return render(s, req, reply, 200, 'Moderation', body, doneMessage(req));
  };
}

// ---- one comment ---------------------------------------------------------------------

async function commentPage(s: Services, req: Req, reply: FastifyReply, id: number, status = 200, failed?: ActionForms['failed'], problem?: string) {
  const c = await store.findComment(s.db.kysely, id);
  if (!c) throw new NotFound();
  const [reports, history, open] = await Promise.all([store.reportsOf(s.db.kysely, [id]), store.logOfComment(s.db.kysely, id), store.openReportCount(s.db.kysely, id)]);
  const a = adminContext(s, req, reply);
  const body = html`${problem ? flash(problem, 'error') : ''}
${commentBox(c, when(s), html`<strong>Comment ${c.id}</strong>`)}
<section aria-labelledby="h-reports"><h2 id="h-reports">Reports</h2>${reports.length ? reportList(reports, when(s)) : html`<p class="hint">Nobody has reported it.</p>`}</section>
<section aria-labelledby="h-history"><h2 id="h-history">Decisions so far</h2>${historyList(history, when(s))}</section>
${actionForms({ csrf: a.csrf, comment: c, openReports: open, reasons: s.moderation.reasons(), failed })}`;
  return render(s, req, reply, status, `Comment by ${c.authorName}`, body, doneMessage(req));
}

export function showComment(s: Services) {
  return async (req: Req, reply: FastifyReply) => commentPage(s, req, reply, idOf(req));
}

/** Where a refused action's problem goes: beside its field (422) or at the top of the page. */
function fieldErrors(r: Exclude<ActionResult, { ok: true }>): FieldErrors {
  return r.field ? { [r.field]: r.problem } : {};
}

function act(s: Services, form: 'approve' | 'remove' | 'ban') {
  return async (req: Req, reply: FastifyReply) => {
    const id = idOf(req);
    const f = actionForm.parse(req.body ?? {});
    const me = req.user!.id;
    const input = { reason: f.reason, note: f.note };
    const r = form === 'approve' ? await s.moderation.approve(me, id, input)
      : form === 'remove' ? await s.moderation.remove(me, id, input)
      : await s.moderation.ban(me, id, { ...input, length: f.length });
    if (r.ok) {
      await s.moderation.mail.deliver(reply, r.letter);
      return reply.redirect(`/admin/moderation/comments/${id}?done=${form}${form === 'approve' ? '' : `&mail=${r.mail}`}`, 303);
    }
    if (r.status === 404) throw new NotFound();
    const values = { reason: f.reason, note: f.note, length: f.length };
    return commentPage(s, req, reply, id, r.status, { form, values, errors: fieldErrors(r) }, r.field ? undefined : r.problem);
  };
}

export const approveComment = (s: Services) => act(s, 'approve');
export const removeComment = (s: Services) => act(s, 'remove');
export const banAuthor = (s: Services) => act(s, 'ban');

// ---- bans ----------------------------------------------------------------------------

async function bansPage(s: Services, req: Req, reply: FastifyReply, status = 200, failed?: Parameters<typeof bansView>[4], problem?: string) {
  const a = adminContext(s, req, reply);
  const bans = await liveBans(s.db.kysely);
  const body = html`${problem ? flash(problem, 'error') : ''}<p>Bans in force. A ban holds the author’s account, or a keyed hash of the address a guest gave; lifting one is logged like any decision.</p>
${bansView(a.csrf, bans, s.moderation.reasons().keep, when(s), failed)}`;
  return render(s, req, reply, status, 'Bans', body, doneMessage(req));
}

export function showBans(s: Services) {
  return async (req: Req, reply: FastifyReply) => bansPage(s, req, reply);
}

export function liftBan(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const id = idOf(req);
    const f = actionForm.parse(req.body ?? {});
    const r = await s.moderation.liftBan(req.user!.id, id, { reason: f.reason, note: f.note });
    if (r.ok) {
      await s.moderation.mail.deliver(reply, r.letter);
      return reply.redirect(`/admin/moderation/bans?done=lift&mail=${r.mail}`, 303);
    }
    if (r.status === 404) throw new NotFound();
    return bansPage(s, req, reply, r.status, { id, values: { reason: f.reason, note: f.note }, errors: fieldErrors(r) }, r.field ? undefined : r.problem);
  };
}

// ---- appeals -------------------------------------------------------------------------

async function appealsPage(s: Services, req: Req, reply: FastifyReply, status = 200, failed?: Parameters<typeof appealsView>[5], problem?: string) {
  const a = adminContext(s, req, reply);
  const items = await s.appeals.list();
  const body = html`${problem ? flash(problem, 'error') : ''}<p>An author may appeal a removal or a ban once, in writing. The moderator who took the decision cannot decide its appeal. Granting an appeal restores the comment or lifts the ban; either way the decision goes in the public log.</p>
${appealsView(a.csrf, a.user.id, items, s.moderation.reasons(), when(s), failed)}`;
  return render(s, req, reply, status, 'Appeals', body, doneMessage(req));
}

export function showAppeals(s: Services) {
  return async (req: Req, reply: FastifyReply) => appealsPage(s, req, reply);
}

export function decideAppeal(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const id = idOf(req);
    const f = actionForm.parse(req.body ?? {});
    const r = await s.appeals.decide(req.user!.id, id, { reason: f.reason, note: f.note, decision: f.decision });
    if (r.ok) {
      await s.moderation.mail.deliver(reply, r.letter);
      return reply.redirect(`/admin/moderation/appeals?done=decided&mail=${r.mail}`, 303);
    }
    if (r.status === 404) throw new NotFound();
    if (r.status === 403) throw new Forbidden(r.problem);
    if (r.status === 409 && !r.field) throw new HttpError(409, r.problem);
    return appealsPage(s, req, reply, r.status, { id, decision: f.decision, values: { reason: f.reason, note: f.note }, errors: fieldErrors(r) }, r.field ? undefined : r.problem);
  };
}
