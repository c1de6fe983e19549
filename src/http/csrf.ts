import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { keyedHash } from '../lib/keyed-hash.ts';
import type { Cookies } from './cookies.ts';
import { Forbidden } from './errors.ts';

/**
 * Double-submit form tokens: a random cookie, and in every form a keyed hash of
 * it that a page on another site cannot compute. Works before sign-in too, so
 * the sign-in form is protected as well.
 */
export class FormTokens {
  private readonly secret: Buffer;
  private readonly cookies: Cookies;

  constructor(secret: Buffer, cookies: Cookies) {
    this.secret = secret;
    this.cookies = cookies;
  }

  /** The token for this visitor's forms; gives them a seed cookie first when they have none. */
  token(req: FastifyRequest, reply: FastifyReply): string {
    let seed = this.cookies.read(req, this.cookies.csrf);
    if (!seed || seed.length < 20) {
      seed = randomBytes(24).toString('base64url');
      this.cookies.set(reply, this.cookies.csrf, seed);
    }
    return keyedHash(this.secret, 'csrf', seed);
  }

  /**
   * A new seed when someone signs in, so a token seen before sign-in (on a shared
   * computer, in a form left open) is worthless afterwards.
   */
  renew(reply: FastifyReply): void {
    this.cookies.set(reply, this.cookies.csrf, randomBytes(24).toString('base64url'));
  }

  /** The posted form's token (or the X-CSRF-Token header of a script's request). */
  check(req: FastifyRequest): void {
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
    this.checkToken(req, sent);
  }

  /**
   * For a token read from somewhere other than a parsed body: an upload's
   * multipart stream carries it as its first field (see admin/upload-form.ts).
   * Never from the address, where it would end up in history and logs.
   */
  checkToken(req: FastifyRequest, sent: unknown): void {
    const seed = this.cookies.read(req, this.cookies.csrf);
    const expected = seed ? keyedHash(this.secret, 'csrf', seed) : '';
    const ok = typeof sent === 'string' && expected !== '' && sent.length === expected.length &&
      timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
    if (!ok) throw new Forbidden((t) => t.formExpired);
  }
}
