import type { SessionUser } from '../accounts/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, found by the guard (http/guard.ts) on routes that need to know; null otherwise. */
    user: SessionUser | null;
  }
}
