import { keyedHash } from '../../lib/keyed-hash.ts';

/**
 * The comment form carries the time it was drawn, signed with the server
 * secret, so intake can tell a form sent within a second or two of being drawn
 * (a program) from one a person filled in.
 *
 * The article page is cached and the same for everyone, so the stamp is the
 * time the cached page was drawn, not the time this reader opened it: a page
 * from the cache is older than the reader's own reading time, never younger.
 * A person is therefore never refused for being quick on a fresh page; a
 * program that fetches a cached page and posts at once may pass, and is left
 * to the other measures (the honeypot, rate limits, duplicates, the blocklist).
 * A refused form comes back with a new stamp and the text kept, so a person
 * caught by it sends again with one click.
 */

const PURPOSE = 'comment-form';
/** A form older than this was not drawn for the page a reader has open now. */
export const STAMP_MAX_AGE_MS = 2 * 24 * 3600_000;

export function formStamp(secret: Buffer, articleId: number, drawnAt: Date): string {
  const ms = drawnAt.getTime().toString(36);
  return `${ms}.${keyedHash(secret, PURPOSE, `${articleId}:${ms}`).slice(0, 22)}`;
}

/** When the form was drawn, if the stamp is one this site signed for this article; otherwise null. */
export function readStamp(secret: Buffer, articleId: number, stamp: string): Date | null {
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/.exec(stamp);
  if (!m || keyedHash(secret, PURPOSE, `${articleId}:${m[1]}`).slice(0, 22) !== m[2]) return null;
  return new Date(parseInt(m[1], 36));
}
