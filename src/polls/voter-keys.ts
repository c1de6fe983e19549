import { createHmac } from 'node:crypto';
import type { Poll } from './store.ts';

/**
 * Who a vote comes from, as the poll's policy counts people: a signed-in
 * reader, a browser (a random cookie), or a browser and its address. Only keyed
 * hashes are kept, under the poll's own key, which is destroyed when the poll
 * closes: after that no one — not the operator either — can tell whether a
 * given reader, browser or address voted.
 */

export interface Voter {
  /** The signed-in reader's (or staff member's) id. */
  userId: number | null;
  /** The browser's voting cookie, if it has one. */
  browser: string | null;
  /** The client address, as the trusted proxy (or the connection) gives it. */
  address: string;
}

export const POLICIES = ['account', 'browser', 'browser_address'] as const;

const hash = (secret: string, what: string) => createHmac('sha256', Buffer.from(secret, 'base64url')).update(what).digest('base64url');

/** The keys that mark this voter as having voted; null when the policy needs what the voter lacks (a sign-in). */
export function voterKeys(poll: Pick<Poll, 'policy' | 'secret'>, v: Voter): string[] | null {
  if (!poll.secret) return [];
  switch (poll.policy) {
    case 'account':
      return v.userId === null ? null : [hash(poll.secret, `account:${v.userId}`)];
    case 'browser':
      return v.browser ? [hash(poll.secret, `browser:${v.browser}`)] : null;
    case 'browser_address':
      return v.browser ? [hash(poll.secret, `browser:${v.browser}`), hash(poll.secret, `address:${v.address}`)] : null;
  }
}

/** The rate-limit key for an address on one poll (a keyed hash, under the poll's key). */
export function addressLimitKey(poll: Pick<Poll, 'id' | 'secret'>, address: string): string {
  return `poll:${poll.id}:${hash(poll.secret ?? '', `limit:${address}`)}`;
}
