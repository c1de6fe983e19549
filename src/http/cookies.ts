import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The site's two cookies: the session (after someone signs in) and the seed of
 * form tokens (from the first form someone is shown). HttpOnly, SameSite=Lax,
 * Path=/. When the site is served over https they are also Secure and carry the
 * `__Host-` prefix, which browsers only accept from this exact host over https
 * with no Domain attribute, so a neighbouring subdomain cannot plant them.
 */
export class Cookies {
  readonly secure: boolean;
  readonly session: string;
  readonly csrf: string;

  constructor(secure: boolean) {
    this.secure = secure;
    this.session = secure ? '__Host-sz_session' : 'sz_session';
    this.csrf = secure ? '__Host-sz_csrf' : 'sz_csrf';
  }

  read(req: FastifyRequest, name: string): string | undefined {
    const header = req.headers.cookie;
    return header ? parseCookie(header)[name] : undefined;
  }

  /** Sets a cookie; setting the same one twice in an answer keeps only the last, so each is sent once. */
  set(reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number): void {
    const cookie = stringifySetCookie({ name, value, httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/', maxAge: maxAgeSeconds });
    const existing = reply.getHeader('set-cookie');
    const list = (Array.isArray(existing) ? existing : existing ? [String(existing)] : []).filter((c) => !c.startsWith(`${name}=`));
    // Fastify adds to Set-Cookie rather than replacing it, so the old list goes first.
    reply.removeHeader('set-cookie');
    reply.header('set-cookie', [...list, cookie]);
  }

  clear(reply: FastifyReply, name: string): void {
    this.set(reply, name, '', 0);
  }

  readSession(req: FastifyRequest): string | undefined {
    return this.read(req, this.session);
  }

  setSession(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
    this.set(reply, this.session, token, maxAgeSeconds);
  }

  clearSession(reply: FastifyReply): void {
    this.clear(reply, this.session);
  }
}
