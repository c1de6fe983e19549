import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { askForLink, deleteAccount, saveName, showAccount, showLink, showSignIn, signOut, useLink } from '../accounts/reader-pages.ts';
import { findSession } from '../accounts/sessions.ts';
import type { Services } from '../services.ts';
import { SignedOut } from './errors.ts';

type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Who may use a page: anyone (the sign-in pages), or only someone signed in (reader or staff). */
export type Who = 'anyone' | 'signed-in';

export interface AccountRoute {
  method: 'GET' | 'POST';
  url: string;
  who: Who;
  handler: Handler;
}

/** Every reader account page, in one table. Nothing here grants a newsroom capability. */
export function accountRouteTable(s: Services): AccountRoute[] {
  return [
    { method: 'GET', url: '/account/sign-in', who: 'anyone', handler: showSignIn(s) },
    { method: 'POST', url: '/account/sign-in', who: 'anyone', handler: askForLink(s) },
    { method: 'GET', url: '/account/sign-in/:token', who: 'anyone', handler: showLink(s) },
    { method: 'POST', url: '/account/sign-in/:token', who: 'anyone', handler: useLink(s) },
    { method: 'POST', url: '/account/sign-out', who: 'anyone', handler: signOut(s) },

    { method: 'GET', url: '/account', who: 'signed-in', handler: showAccount(s) },
    { method: 'POST', url: '/account/name', who: 'signed-in', handler: saveName(s) },
    { method: 'POST', url: '/account/delete', who: 'signed-in', handler: deleteAccount(s) },
  ];
}

export function accountRoutes(app: FastifyInstance, s: Services): void {
  if (!app.hasRequestDecorator('user')) app.decorateRequest('user', null);
  for (const r of accountRouteTable(s)) {
    app.route({ method: r.method, url: r.url, preHandler: guard(s, r.who), handler: r.handler });
  }
}

/** Never cached, who is asking, did the form come from us, and must they be signed in. */
function guard(s: Services, who: Who) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // Set first so that every answer carries it: pages, redirects and errors alike.
    reply.header('cache-control', 'no-store');
    const token = s.cookies.readSession(req);
    req.user = token ? await findSession(s.db, token) : null;
    if (req.method === 'POST') s.forms.check(req);
    if (who === 'anyone' || req.user) return;
    // A plain redirect, not a thrown Redirect: that one is cacheable, and this answer depends on the cookie.
    if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect('/account/sign-in', 303);
    throw new SignedOut();
  };
}
