import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Gone, NotFound } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { readUnsubscribeToken } from './notify.ts';
import { deletePage, editPage, unsubscribePage, yoursPage } from './pages-view.ts';
import { authorOf, field, idParam, wantsJson } from './post-pages.ts';
import type { ChangeResult } from './service.ts';
import { articleForComments } from './store.ts';
import { commentHtml } from './views.ts';
import { commentWords } from './words.ts';

/**
 * What an author does with their own comments: edit within the first minutes,
 * delete at any time, see the list of them; and the one-click stop for reply
 * emails. A guest is known by the token their browser got with their first
 * comment, a reader by their account. These pages are drawn for one person and
 * never cached.
 */

const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

async function ownComment(s: Services, req: FastifyRequest) {
  const id = idParam(req);
  const c = await s.comments.get(id);
  if (!c) throw new NotFound();
  const author = authorOf(s, req);
  if (!(await s.comments.owns(id, author))) throw new Forbidden(commentWords(s.settings.get().language).notYours);
  if (c.status === 'removed' || c.status === 'deleted') throw new Gone(commentWords(s.settings.get().language).gone);
  const article = await articleForComments(s.db.kysely, c.articleId);
  if (!article) throw new NotFound();
  return { c, author, article: { title: article.title, path: article.path ?? '/' } };
}

/** Refusals of an edit or delete, as errors the error handler words for the reader. */
function problemOf(s: Services, r: Exclude<ChangeResult, { ok: true }>): Error | null {
  const w = commentWords(s.settings.get().language);
  if (!('problem' in r)) return null;
  if (r.problem === 'not-found') return new NotFound();
  if (r.problem === 'not-yours') return new Forbidden(w.notYours);
  if (r.problem === 'gone') return new Gone(w.gone);
  return new Forbidden(w.editOver);
}

export function showEdit(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { c, article } = await ownComment(s, req);
    const until = s.comments.editableUntil(c);
    if (until.getTime() < Date.now()) throw new Forbidden(commentWords(s.settings.get().language).editOver);
    return html(reply, 200, editPage(await s.siteData.viewContext(), { article, id: c.id, body: c.bodyMd, until }));
  };
}

export function saveEdit(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = idParam(req);
    const body = field(req, 'body');
    const r = await s.comments.edit(id, authorOf(s, req), body);
    if (r.ok) {
      if (!wantsJson(req)) return reply.redirect(`/comments/${id}#comment-${id}`, 303);
      const shown = await s.comments.shown(id);
      return reply.send({ ok: true, id, html: shown ? commentHtml(await s.siteData.viewContext(), shown, { open: true }).value : null });
    }
    const problem = problemOf(s, r);
    if (problem) throw problem;
    const refusal = (r as { refusal: import('./intake/types.ts').Refusal }).refusal;
    const message = commentWords(s.settings.get().language).refusals[refusal.code](refusal.detail ?? {});
    if (wantsJson(req)) return reply.code(refusal.status).send({ ok: false, code: refusal.code, message });
    const { c, article } = await ownComment(s, req);
    return html(reply, refusal.status, editPage(await s.siteData.viewContext(), { article, id, body, until: s.comments.editableUntil(c), error: message }));
  };
}

export function showDelete(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { c, article } = await ownComment(s, req);
    return html(reply, 200, deletePage(await s.siteData.viewContext(), { article, comment: c }));
  };
}

export function deleteComment(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = idParam(req);
    const r = await s.comments.deleteOwn(id, authorOf(s, req));
    if (!r.ok) throw problemOf(s, r) ?? new NotFound();
    if (wantsJson(req)) return reply.send({ ok: true, id, html: `<article class="comment comment--deleted" id="comment-${id}"><p class="comment__marker">${commentWords(s.settings.get().language).deleted}</p></article>` });
    return reply.redirect('/comments/yours', 303);
  };
}

/** GET /comments/yours — what this browser and account posted. */
export function showYours(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const list = await s.comments.yours(authorOf(s, req));
    return html(reply, 200, yoursPage(await s.siteData.viewContext(), { list, editableUntil: (c) => s.comments.editableUntil(c), now: new Date() }));
  };
}

/** GET /comments/yours.json?article=ID — for comments.js on a cached page: who is signed in, and which comments there are theirs. */
export function yoursJson(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const articleId = Number((req.query as { article?: string }).article);
    const author = authorOf(s, req);
    const mine = Number.isSafeInteger(articleId) ? await s.comments.yoursOn(articleId, author) : [];
    return reply.send({
      signedIn: req.user ? { name: req.user.name } : null,
      mine: mine.map((c) => ({ id: c.id, editableUntil: s.comments.editableUntil(c).toISOString() })),
    });
  };
}

/** GET /comments/unsubscribe/:token — a button, so that a link scanner opening the mail stops nothing. */
export function showStopReplies(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const token = (req.params as { token: string }).token;
    const id = readUnsubscribeToken(s.secret, token);
    const c = id === null ? undefined : await s.comments.get(id);
    const ctx = await s.siteData.viewContext();
    if (!c) return html(reply, 403, unsubscribePage(ctx, { state: 'bad' }));
    const article = await articleForComments(s.db.kysely, c.articleId);
    return html(reply, 200, unsubscribePage(ctx, { state: 'ask', token, articleTitle: article?.title ?? '' }));
  };
}

/** POST /comments/unsubscribe/:token — the button, or a mail program's one-click request (RFC 8058): no cookie, no form token. */
export function stopReplies(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = readUnsubscribeToken(s.secret, (req.params as { token: string }).token);
    const ctx = await s.siteData.viewContext();
    if (id === null) return html(reply, 403, unsubscribePage(ctx, { state: 'bad' }));
    await s.comments.stopReplyMail(id);
    return html(reply, 200, unsubscribePage(ctx, { state: 'done' }));
  };
}
