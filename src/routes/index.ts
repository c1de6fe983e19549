import type { FastifyInstance } from 'fastify';
import { can } from '../accounts/capabilities.ts';
import { findSession } from '../accounts/sessions.ts';
import type { GuardDeps } from '../http/guard.ts';
import type { Role } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { mount } from './mount.ts';
import { newsroomRoutes, newsroomSignIn } from './newsroom.ts';
import { publicRoutes } from './public.ts';
import { readerRoutes } from './reader.ts';
import './request-user.ts';

/**
 * The three surfaces, each its own table behind the one guard: the public site
 * (the same for everyone, cacheable), the reader's account pages and the
 * newsroom (both private to whoever asks). Kept apart so that no reader row can
 * name a newsroom capability.
 */
export function mountRoutes(app: FastifyInstance, s: Services): void {
  const deps: GuardDeps = {
    cookies: s.cookies,
    forms: s.forms,
    findSession: (token) => findSession(s.db, token),
    allows: (role, capability) => can(role as Role, capability as Parameters<typeof can>[1]),
    siteOrigin: new URL(s.config.siteUrl).origin,
  };
  app.decorateRequest('user', null);
  mount(app, publicRoutes(s), {}, deps);
  mount(app, readerRoutes(s), { private: true, signIn: () => '/account/sign-in' }, deps);
  mount(app, newsroomRoutes(s), { private: true, signIn: newsroomSignIn }, deps);
  // Refuse to start with a newsroom address that no table row describes with a capability.
  for (const r of newsroomRoutes(s)) {
    if (!r.url.startsWith('/admin') || !r.capability) throw new Error(`newsroom route ${r.method} ${r.url} has no capability`);
  }
}
