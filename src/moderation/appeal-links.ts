import { timingSafeEqual } from 'node:crypto';
import { keyedHash } from '../lib/keyed-hash.ts';

/**
 * Where an author writes an appeal. A reader with an account appeals from their
 * account (signed in, so nothing in the link stands for them). A guest has only
 * the address they gave, so their link carries a token signed by the site for
 * that one decision; it works once, because a decision takes one appeal.
 */

export function appealToken(secret: Buffer, logId: number): string {
  return keyedHash(secret, 'appeal', String(logId));
}

export function appealTokenIsValid(secret: Buffer, logId: number, token: string): boolean {
  const want = Buffer.from(appealToken(secret, logId));
  const got = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

export function appealPath(secret: Buffer, logId: number, authorUserId: number | null): string {
  return authorUserId !== null ? `/account/appeals/${logId}` : `/appeal/${logId}/${appealToken(secret, logId)}`;
}

export function appealUrl(d: { secret: Buffer; siteUrl: string }, logId: number, authorUserId: number | null): string {
  return `${d.siteUrl}${appealPath(d.secret, logId, authorUserId)}`;
}
