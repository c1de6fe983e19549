import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import { formatDateTime } from '../lib/time.ts';
import type { Services } from '../services.ts';
import type { FormState } from './form-view.ts';
import { formStamp } from './intake/timing.ts';
import type { Refusal, Submission } from './intake/types.ts';
import { answerPage, replyPage } from './pages-view.ts';
import type { Author } from './service.ts';
import { articleForComments, isId } from './store.ts';
import { commentHtml } from './views.ts';
import { commentWords } from './words.ts';

/**
 * Posting a comment, from the form on the cached article page (or a reply
 * page): as a plain form post answered with a redirect to the comment or a
 * page that says what to change, or with JSON for comments.js.
 */

const GUEST_COOKIE_AGE = 365 * 24 * 3600;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json');

export function idParam(req: FastifyRequest): number {
  const n = Number((req.params as { id: string }).id);
  if (!isId(n)) throw new NotFound();
  return n;
}

export function field(req: FastifyRequest, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

function guestCookie(s: Services): string {
  return s.cookies.secure ? '__Host-sz_commenter' : 'sz_commenter';
}

/** Who is asking: their account (the guard read the session), and the token their browser got with its first comment. */
export function authorOf(s: Services, req: FastifyRequest): Author & { token: string | null } {
  const raw = s.cookies.read(req, guestCookie(s));
  const token = raw && TOKEN.test(raw) ? raw : null;
  const u = req.user;
  return { user: u ? { id: u.id, name: u.name, role: u.role } : null, token, tokenHash: token ? keyedHash(s.secret, 'commenter', token) : null };
}

/**
 * The comment a post replies to: none when the field is empty (a new thread),
 * else an id as this site writes them. Anything else is refused rather than
 * read as "no parent": a reply must never turn into a new thread unseen.
 */
function parentField(raw: string): number | null | 'malformed' {
  if (raw === '') return null;
  const n = Number(raw);
  return /^[1-9]\d*$/.test(raw) && isId(n) ? n : 'malformed';
}

function submission(req: FastifyRequest, parentId: number | null): Submission {
  return {
    body: field(req, 'body'), name: field(req, 'name'), email: field(req, 'email'), notify: field(req, 'notify') !== '',
    parentId, trap: field(req, 'website'), formStamp: field(req, 't'),
  };
}

async function refuse(s: Services, req: FastifyRequest, reply: FastifyReply, article: { id: number; title: string; path: string }, input: Submission, r: Refusal) {
  const st = s.settings.get();
  const w = commentWords(st.language);
  const detail = { ...r.detail };
  // A ban's end as the site writes times, not as stored.
  if (typeof detail.until === 'string') detail.until = formatDateTime(detail.until, st.locale, st.timezone);
  const message = w.refusals[r.code](detail);
  if (wantsJson(req)) return reply.code(r.status).send({ ok: false, code: r.code, field: r.field ?? null, message });
  const ctx = await s.siteData.viewContext();
  // The text comes back as typed, with a new stamp: a person caught by a spam check sends again with one click.
  const state: FormState = {
    articleId: article.id, parentId: input.parentId, stamp: formStamp(s.secret, article.id, new Date()), linkLimit: st.comments_link_limit,
    body: input.body, name: input.name, email: input.email, notify: input.notify, error: { field: r.field, message },
    signedInAs: req.user?.name,
  };
  const html = answerPage(ctx, { article, title: w.formHeading, message: `${message} ${r.code === 'closed' ? '' : w.sendAgain}`.trim(), kind: 'error', form: r.code === 'closed' ? undefined : { state, who: st.comments_who } });
  return reply.code(r.status).type('text/html; charset=utf-8').send(html);
}

/** POST /articles/:id/comments */
export function postComment(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const articleId = idParam(req);
    const article = await articleForComments(s.db.kysely, articleId);
    if (!article?.path || article.status !== 'published') throw new NotFound();
    const link = { id: article.id, title: article.title, path: article.path };
    const parent = parentField(field(req, 'parent'));
    const input = submission(req, parent === 'malformed' ? null : parent);
    if (parent === 'malformed') return refuse(s, req, reply, link, input, { code: 'bad-parent', status: 422 });
    const author = authorOf(s, req);
    // A guest's browser gets its token with its first comment (not before: no cookie until a reader acts).
    const fresh = !author.user && !author.token ? randomBytes(16).toString('base64url') : null;
    if (fresh) author.tokenHash = keyedHash(s.secret, 'commenter', fresh);
    const r = await s.comments.post({ articleId, input, author, address: req.ip });
    if (!r) throw new NotFound();
    if (!r.ok) return refuse(s, req, reply, link, input, r.refusal);
    if (fresh) s.cookies.set(reply, guestCookie(s), fresh, GUEST_COOKIE_AGE);
    const w = commentWords(s.settings.get().language);
    if (wantsJson(req)) {
      const shown = r.status === 'visible' ? await s.comments.shown(r.id) : undefined;
      const ctx = await s.siteData.viewContext();
      return reply.send({
        ok: true, id: r.id, status: r.status, parentId: shown?.parentId ?? null,
        html: shown ? commentHtml(ctx, shown, { open: true }).value : null, message: r.status === 'pending' ? w.pending : w.posted,
      });
    }
    if (r.status === 'pending') {
      const ctx = await s.siteData.viewContext();
      return reply.code(200).type('text/html; charset=utf-8').send(answerPage(ctx, { article: link, title: w.formHeading, message: w.pending, kind: 'ok' }));
    }
    return reply.redirect(await s.comments.whereIs(r.id, article.path), 303);
  };
}

/** GET /comments/:id/reply — replying without JavaScript: the comment, and a form under it. */
export function showReply(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const parent = await s.comments.shown(idParam(req));
    if (!parent || parent.status !== 'visible') throw new NotFound();
    const article = await articleForComments(s.db.kysely, parent.articleId);
    if (!article?.path || article.status !== 'published') throw new NotFound();
    const st = s.settings.get();
    const ctx = await s.siteData.viewContext();
    const link = { title: article.title, path: article.path };
    if (!s.comments.isOpen(article)) {
      const w = commentWords(st.language);
      return reply.code(403).type('text/html; charset=utf-8').send(answerPage(ctx, { article: link, title: w.formHeading, message: w.closed, kind: 'error' }));
    }
    const form: FormState = {
      articleId: article.id, parentId: parent.id, stamp: formStamp(s.secret, article.id, new Date()), linkLimit: st.comments_link_limit,
      replyTo: parent.authorName, signedInAs: req.user?.name,
    };
    return reply.type('text/html; charset=utf-8').send(replyPage(ctx, { article: link, parent, form, who: st.comments_who }));
  };
}

/** GET /comments/:id/html — one comment's HTML, for a page that was told of it by the live stream. */
export function commentPiece(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const c = await s.comments.shown(idParam(req));
    if (!c || c.status !== 'visible') return reply.code(404).header('cache-control', 'no-store').send({ ok: false });
    const article = await articleForComments(s.db.kysely, c.articleId);
    if (!article || article.status !== 'published') return reply.code(404).header('cache-control', 'no-store').send({ ok: false });
    const ctx = await s.siteData.viewContext();
    const html = commentHtml(ctx, c, { open: s.comments.isOpen(article) }).value;
    return reply.header('cache-control', 'no-store').send({ ok: true, id: c.id, parentId: c.parentId, threadId: c.threadId, html });
  };
}

/** GET /articles/:id/comments/stream — server-sent events; anything but an EventSource is told so. */
export function commentStream(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const articleId = idParam(req);
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      return reply.code(406).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('This address is a stream of server-sent events (Accept: text/event-stream).');
    }
    const article = await articleForComments(s.db.kysely, articleId);
    if (!article || article.status !== 'published') throw new NotFound();
    // Where the page's comments end, or (reconnecting) the last one this browser was told of.
    const after = Math.max(Number((req.query as { after?: string }).after) || 0, Number(req.headers['last-event-id']) || 0);
    return s.commentStream.serve(req, reply, articleId, Number.isSafeInteger(after) && after > 0 ? after : 0);
  };
}
