import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import {
  deleteReader, isStaff, type LinkDeps, linkIsUsable, parseDisplayName, parseEmail, renameReader,
  requestSignInLink, useSignInLink,
} from './reader-accounts.ts';
import {
  type AccountViewData, accountView, linkConfirmView, linkGoneView, linkSentView, mailFailedView, type Notice, signInView,
  throttledView,
} from './reader-views.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import { endSession, SESSION_DAYS } from './sessions.ts';

/**
 * The handlers behind /account (see http/account-routes.ts). Each one: who is
 * asking (the guard has set req.user) → validate → one service call → redirect
 * or render.
 */

type Req = FastifyRequest;
const linkToken = (req: Req): string => (req.params as { token: string }).token;

function field(req: Req, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

async function send(s: Services, reply: FastifyReply, status: number, render: (ctx: ViewContext) => string) {
  const ctx = await s.siteData.viewContext();
  return reply.code(status).type('text/html; charset=utf-8').send(render(ctx));
}

const csrf = (s: Services, req: Req, reply: FastifyReply) => s.forms.token(req, reply);

function linkDeps(s: Services): LinkDeps {
  const { site_name, language } = s.settings.get();
  return { db: s.db, secret: s.secret, mailer: s.outbox.immediate, log: s.log, siteUrl: s.config.siteUrl, siteName: site_name, language };
}

/** ?done=… on a redirect, and the notice it asks for. */
function doneNotice(req: Req, allowed: Record<string, Notice>): Notice | undefined {
  const done = (req.query as { done?: string }).done ?? '';
  return Object.hasOwn(allowed, done) ? allowed[done] : undefined;
}

// ---- signing in ---------------------------------------------------------------

const SIGNED_OUT: Record<string, Notice> = { 'signed-out': 'signedOut', deleted: 'deleted' };

export function showSignIn(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    if (req.user) return reply.redirect('/account', 303);
    const done = doneNotice(req, SIGNED_OUT);
    return send(s, reply, 200, (ctx) => signInView(ctx, { csrf: csrf(s, req, reply), done }));
  };
}

export function askForLink(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const typed = field(req, 'email').slice(0, 1000);
    const email = parseEmail(typed);
    if (!email.ok) return send(s, reply, 422, (ctx) => signInView(ctx, { csrf: csrf(s, req, reply), email: typed, error: email.problem }));
    // The client address is throttled by a keyed hash of it; the address itself is never stored.
    const result = await requestSignInLink(linkDeps(s), email.value, keyedHash(s.secret, 'address', req.ip));
    const v = { csrf: csrf(s, req, reply), email: email.value };
    if (result === 'throttled') return send(s, reply, 429, (ctx) => throttledView(ctx, v));
    if (result === 'mail-failed') return send(s, reply, 503, (ctx) => mailFailedView(ctx, v));
    return send(s, reply, 200, (ctx) => linkSentView(ctx, v));
  };
}

/** Opening the link only shows a button: a GET must not use the link up (mail scanners follow links). */
export function showLink(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const usable = await linkIsUsable(s.db, linkToken(req));
    const token = csrf(s, req, reply);
    if (!usable) return send(s, reply, 410, (ctx) => linkGoneView(ctx, { csrf: token }));
    return send(s, reply, 200, (ctx) => linkConfirmView(ctx, { csrf: token, token: linkToken(req) }));
  };
}

export function useLink(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const signedIn = await useSignInLink(s.db, linkToken(req));
    if (!signedIn) return send(s, reply, 410, (ctx) => linkGoneView(ctx, { csrf: csrf(s, req, reply) }));
    // Whoever was signed in on this device before is signed out first.
    const previous = s.cookies.readSession(req);
    if (previous) await endSession(s.db, previous);
    s.cookies.setSession(reply, signedIn.sessionToken, SESSION_DAYS * 86400);
    s.forms.renew(reply);
    return reply.redirect('/account', 303);
  };
}

export function signOut(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const token = s.cookies.readSession(req);
    if (token) await endSession(s.db, token);
    s.cookies.clearSession(reply);
    return reply.redirect('/account/sign-in?done=signed-out', 303);
  };
}

// ---- the account page ---------------------------------------------------------

const DONE: Record<string, Notice> = { name: 'nameSaved' };

async function renderAccount(s: Services, req: Req, reply: FastifyReply, status: number, extra: Partial<AccountViewData> = {}) {
  const user = req.user!;
  const ctx = await s.siteData.viewContext();
  const kept = await s.readerData.describe(user.id, ctx);
  const data: AccountViewData = { csrf: csrf(s, req, reply), user, staff: isStaff(user.role), kept, ...extra };
  return send(s, reply, status, (c) => accountView(c, data));
}

export function showAccount(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    return renderAccount(s, req, reply, 200, { done: doneNotice(req, DONE) });
  };
}

export function saveName(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    if (isStaff(req.user!.role)) throw new Forbidden((t) => t.bylineInNewsroom);
    const typed = field(req, 'name').slice(0, 1000);
    const name = parseDisplayName(typed);
    if (!name.ok) return renderAccount(s, req, reply, 422, { nameValue: typed, nameError: name.problem });
    await renameReader(s.db, req.user!.id, name.value);
    return reply.redirect('/account?done=name', 303);
  };
}

export function deleteAccount(s: Services) {
  return async (req: Req, reply: FastifyReply) => {
    const user = req.user!;
    if (isStaff(user.role)) throw new Forbidden((t) => t.newsroomAccount);
    if (field(req, 'confirm') !== 'yes') return renderAccount(s, req, reply, 422, { deleteError: true });
    if (await deleteReader(s.db, s.secret, user, s.readerData)) await s.readerData.afterErase(user.id);
    s.cookies.clearSession(reply);
    return reply.redirect('/account/sign-in?done=deleted', 303);
  };
}
