import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Cookies } from './cookies.ts';
import type { FormTokens } from './csrf.ts';
import { Forbidden, SignedOut } from './errors.ts';

/**
 * The one guard, configured by each row of a route table: who is asking, may
 * they, and did a state-changing request come from this site. The route tables
 * (src/routes/) say what each URL needs; this enforces it, the same way for the
 * public site, the reader's account pages and the newsroom. It knows no domain:
 * how to find a session and what a capability allows are handed to it.
 */

/** Who may call a route: anyone, anyone signed in (reader or staff), or staff holding a capability. */
export type Who = 'anyone' | 'signed-in' | { capability: string };

/**
 * How a state-changing request proves it came from one of our pages:
 * - `token`: the form's token (a keyed hash of a cookie), for pages rendered for one visitor;
 * - `origin`: the browser's Origin / Sec-Fetch-Site headers, for forms on cached pages,
 *   which cannot carry a per-visitor token (see docs/architecture.md);
 * - `in-handler`: the handler checks the token itself (an upload's first multipart field).
 */
export type FormCheck = 'token' | 'origin' | 'in-handler';

/** The person behind a session, as far as the guard needs to know. */
export interface Caller {
  id: number;
  role: string;
}

export interface GuardDeps {
  cookies: Cookies;
  forms: FormTokens;
  /** The session behind a token, or null. */
  findSession(token: string): Promise<Caller | null>;
  /** Whether a role holds a capability. */
  allows(role: string, capability: string): boolean;
  /** https://news.example.org: what Origin a same-site form post carries. */
  siteOrigin: string;
}

export interface GuardRule {
  who: Who;
  form?: FormCheck;
  /** Where a signed-out visitor asking for a page is sent (with ?next= for the newsroom). */
  signIn?: (req: FastifyRequest) => string;
  /** Answers depend on who asks: never kept by a browser or a shared cache. */
  private?: boolean;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function guard(deps: GuardDeps, rule: GuardRule) {
  const form = rule.form ?? 'token';
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Set first, so that every answer carries it: pages, redirects and errors alike.
    if (rule.private) reply.header('cache-control', 'no-store');
    if (STATE_CHANGING.has(req.method)) {
      if (form === 'token') deps.forms.check(req);
      else if (form === 'origin') checkOrigin(req, deps.siteOrigin);
    }
    if (rule.who === 'anyone' && !rule.private) return; // public pages never look at the session: the same for every reader
    const token = deps.cookies.readSession(req);
    const caller = token ? await deps.findSession(token) : null;
    (req as { user?: Caller | null }).user = caller;
    if (rule.who === 'anyone') return;
    if (!caller) {
      if ((req.method === 'GET' || req.method === 'HEAD') && rule.signIn) {
        // A plain redirect: it depends on the cookie, so it is never cached.
        reply.header('cache-control', 'no-store');
        return reply.redirect(rule.signIn(req), 303);
      }
      throw new SignedOut();
    }
    if (typeof rule.who === 'object' && !deps.allows(caller.role, rule.who.capability)) throw new Forbidden();
  };
}

/**
 * A form on a cached page carries no per-visitor token. Browsers say where a
 * request comes from: `Sec-Fetch-Site: same-origin` (all current browsers), or
 * an `Origin` header naming this site (every browser on a POST). A request that
 * says neither, or names another site, is refused. Session cookies are
 * SameSite=Lax as well, so another site's form would not carry them anyway.
 */
function checkOrigin(req: FastifyRequest, siteOrigin: string): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin') return;
  const origin = req.headers.origin;
  // The Host a browser sent is the site it was at; another site's page cannot change either header.
  if (!site && typeof origin === 'string' && (origin === siteOrigin || hostOf(origin) === req.headers.host)) return;
  throw new Forbidden((t) => t.formExpired);
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
