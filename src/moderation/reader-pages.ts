import type { FastifyReply, FastifyRequest } from 'fastify';
import { articleDep } from '../articles/deps.ts';
import { isId } from '../comments/store.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import type { Rendered } from '../http/page-handler.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { appealTokenIsValid } from './appeal-links.ts';
import type { AppealSubmit } from './appeals.ts';
import { MODERATION_LOG } from './deps.ts';
import { logPageView } from './log-view.ts';
import { optOut, optOutHashOf } from './mail.ts';
import { APPEAL_MAX, APPEAL_MIN, NOTE_MAX } from './rules.ts';
import { appealLinkBadView, appealView, reportView, unsubscribeView } from './reader-views.ts';
import { logPage } from './store.ts';
import * as store from './store.ts';
import { moderationWords } from './words.ts';

/**
 * The reader's side of moderation: the public log, reporting a comment,
 * appealing a decision, and stopping moderation mail. Each handler: who is
 * asking (the guard has checked) → validate → one service call → page or redirect.
 */

type Req = FastifyRequest;
const LOG_PAGE_SIZE = 50;

/** Comment and log ids alike (PostgreSQL `serial`s): a number past them is no row, not a database error. */
function idParam(req: Req, name: string): number {
  const n = Number((req.params as Record<string, string>)[name]);
  if (!isId(n)) throw new NotFound();
  return n;
}

function field(req: Req, name: string, max: number): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

async function send(s: Services, reply: FastifyReply, status: number, render: (ctx: ViewContext) => string) {
  const ctx = await s.siteData.viewContext();
  return reply.code(status).type('text/html; charset=utf-8').send(render(ctx));
}

const words = (s: Services) => moderationWords(s.settings.get().language);

// ---- the public log -------------------------------------------------------------

/** GET /moderation: cached, the same for everyone; forgotten by every new entry. */
export async function renderModerationLog(s: Services, req: Req, ctx: ViewContext, shows: Set<string>): Promise<Rendered> {
  const n = Number((req.query as { page?: string }).page ?? 1);
  if (!Number.isSafeInteger(n) || n < 1) throw new NotFound();
  const page = pageOf(n, LOG_PAGE_SIZE);
  const { entries, total } = await logPage(s.db.kysely, page.size, page.offset);
  if (n > 1 && !entries.length) throw new NotFound();
  shows.add(MODERATION_LOG);
  for (const e of entries) if (e.articleId !== null) shows.add(articleDep(e.articleId));
  return { body: logPageView(ctx, entries, paginate(page, total)) };
}

// ---- reporting a comment --------------------------------------------------------

async function reportable(s: Services, req: Req) {
  const c = await store.findComment(s.db.kysely, idParam(req, 'id'));
  // A comment waiting for approval (or on an article that is not out) is not public: readers cannot know it exists.
  if (!c || c.status === 'pending' || !c.articlePublished) throw new NotFound();
  return c;
}

export function showReport(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const c = await reportable(s, req);
    const w = words(s);
    const csrf = s.forms.token(req, reply);
    const base = { csrf, comment: c, reasons: s.moderation.reasons().remove };
    if (c.status !== 'visible') return send(s, reply, 410, (ctx) => reportView(ctx, { ...base, state: { message: w.notReportable, kind: 'error' } }));
    const done = (req.query as { done?: string }).done === '1';
    const mine = await store.findReport(s.db.kysely, c.id, req.user!.id);
    if (mine) return send(s, reply, 200, (ctx) => reportView(ctx, { ...base, state: done ? { message: w.reported, kind: 'ok' } : { message: w.alreadyReported, kind: 'ok' } }));
    if (c.authorUserId === req.user!.id) return send(s, reply, 403, (ctx) => reportView(ctx, { ...base, state: { message: w.ownComment, kind: 'error' } }));
    return send(s, reply, 200, (ctx) => reportView(ctx, base));
  };
}

export function sendReport(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const c = await reportable(s, req);
    const w = words(s);
    const values = { reason: field(req, 'reason', 500), note: field(req, 'note', NOTE_MAX * 4) };
    const r = await s.moderation.report(req.user!.id, c.id, values);
    if (r.ok) return reply.redirect(`/comments/${c.id}/report?done=1`, 303);
    const base = { csrf: s.forms.token(req, reply), comment: c, reasons: s.moderation.reasons().remove, values };
    const answer = (status: number, d: Partial<Parameters<typeof reportView>[1]>) => send(s, reply, status, (ctx) => reportView(ctx, { ...base, ...d }));
    switch (r.code) {
      case 'not-found': throw new NotFound();
      case 'not-reportable': return answer(410, { state: { message: w.notReportable, kind: 'error' } });
      case 'own': return answer(403, { state: { message: w.ownComment, kind: 'error' } });
      case 'already': return answer(409, { state: { message: w.alreadyReported, kind: 'error' } });
      case 'throttled': return answer(429, { state: { message: w.reportThrottled, kind: 'error' } });
      case 'reason': return answer(422, { errors: { reason: w.chooseReason } });
      case 'note': return answer(422, { errors: { note: w.noteTooLong(NOTE_MAX) } });
    }
  };
}

// ---- appeals ----------------------------------------------------------------------

type Appellant = { userId: number } | { guest: true };

/** Who may appeal here: the signed-in author of the decision, or a guest holding the link signed for it. */
async function appealFor(s: Services, req: Req): Promise<{ logId: number; by: Appellant; action: string } | null> {
  const logId = idParam(req, 'logId');
  const token = (req.params as { token?: string }).token;
  if (token !== undefined) return appealTokenIsValid(s.secret, logId, token) ? { logId, by: { guest: true }, action: `/appeal/${logId}/${token}` } : null;
  return { logId, by: { userId: req.user!.id }, action: `/account/appeals/${logId}` };
}

async function appealTarget(s: Services, req: Req) {
  const who = await appealFor(s, req);
  const target = who ? await s.appeals.target(who.logId) : null;
  const mine = who && target?.comment && ('userId' in who.by ? target.entry.subjectUserId === who.by.userId : target.comment.authorUserId === null);
  return who && target && mine ? { who, target } : null;
}

export function showAppeal(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const found = await appealTarget(s, req);
    if (!found) return send(s, reply, 404, (ctx) => appealLinkBadView(ctx));
    const sent = (req.query as { done?: string }).done === 'sent';
    return send(s, reply, 200, (ctx) => appealView(ctx, { csrf: s.forms.token(req, reply), action: found.who.action, target: found.target, sent }));
  };
}

export function sendAppeal(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const found = await appealTarget(s, req);
    if (!found) return send(s, reply, 404, (ctx) => appealLinkBadView(ctx));
    const text = field(req, 'text', APPEAL_MAX * 4);
    const r: AppealSubmit = await s.appeals.submit(found.who.logId, found.who.by, text);
    if (r.ok) return reply.redirect(`${found.who.action}?done=sent`, 303);
    const w = words(s);
    const target = (await s.appeals.target(found.who.logId)) ?? found.target;
    const error = r.code === 'short' ? w.appealTooShort(APPEAL_MIN) : r.code === 'long' ? w.appealTooLong(APPEAL_MAX) : undefined;
    const status = error ? 422 : r.code === 'already' ? 409 : r.code === 'too-late' ? 410 : 404;
    return send(s, reply, status, (ctx) => appealView(ctx, { csrf: s.forms.token(req, reply), action: found.who.action, target, value: text, error }));
  };
}

// ---- stopping moderation mail ------------------------------------------------------

function tokenParam(req: Req): string {
  return String((req.params as { token: string }).token).slice(0, 200);
}

export function showUnsubscribe(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const token = tokenParam(req);
    if (!optOutHashOf(s.secret, token)) throw new NotFound();
    return send(s, reply, 200, (ctx) => unsubscribeView(ctx, { token, done: false }));
  };
}

/** Also the one-click POST a mail program sends (RFC 8058): the signed token in the address is the proof, not a form token. */
export function unsubscribe(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const token = tokenParam(req);
    const hash = optOutHashOf(s.secret, token);
    // A POST whose link is not one we signed is refused like any POST without its proof.
    if (!hash) throw new Forbidden();
    await optOut(s.db, hash);
    return send(s, reply, 200, (ctx) => unsubscribeView(ctx, { token, done: true }));
  };
}
