import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { keyedHash } from '../accounts/server-keys.ts';
import { CSRF_COOKIE, readCookie, setCookie } from './cookies.ts';
import { Forbidden } from './errors.ts';

/**
 * Double-submit CSRF tokens: a random cookie, and in every form a keyed hash of
 * it that a page on another site cannot compute. Works before sign-in too, so
 * the sign-in form is protected as well.
 */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, secret: Buffer, secure: boolean): string {
  let seed = readCookie(req, CSRF_COOKIE);
  if (!seed || seed.length < 20) {
    seed = randomBytes(24).toString('base64url');
    setCookie(reply, CSRF_COOKIE, seed, { secure });
  }
  return keyedHash(secret, 'csrf', seed);
}

/**
 * A new seed when someone signs in, so a token seen before sign-in (on a shared
 * computer, in a form left open) is worthless afterwards.
 */
export function renewCsrf(reply: FastifyReply, secure: boolean): void {
  setCookie(reply, CSRF_COOKIE, randomBytes(24).toString('base64url'), { secure });
}

export function checkCsrf(req: FastifyRequest, secret: Buffer): void {
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
  checkCsrfToken(req, sent, secret);
}

/**
 * For a token read from somewhere other than a parsed body: an upload's
 * multipart stream carries it as its first field (see admin/upload-form.ts).
 * Never from the address, where it would end up in history and logs.
 */
export function checkCsrfToken(req: FastifyRequest, sent: unknown, secret: Buffer): void {
  const seed = readCookie(req, CSRF_COOKIE);
  const expected = seed ? keyedHash(secret, 'csrf', seed) : '';
  const ok = typeof sent === 'string' && expected !== '' && sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok) throw new Forbidden((t) => t.formExpired);
}
