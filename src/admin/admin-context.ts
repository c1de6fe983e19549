import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../accounts/sessions.ts';
import type { Services } from '../services.ts';

/** What every admin page needs: the signed-in person and a CSRF token for its forms. */
export interface AdminContext {
  user: SessionUser;
  csrf: string;
  siteName: string;
}

export function adminContext(s: Services, req: FastifyRequest, reply: FastifyReply): AdminContext {
  return {
    user: req.user!,
    csrf: s.forms.token(req, reply),
    siteName: s.settings.get().site_name,
  };
}
