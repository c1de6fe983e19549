import type { CommentStatus, Role } from '../db/schema.ts';
import type { Refusal, Submission } from './intake/types.ts';
import type { ShownComment } from './store.ts';

/** What the comments domain takes in and gives out (service.ts has the rules). */

export type BanCheck = (who: { userId: number | null; guestEmail: string | null }) => Promise<{ until: string | null; reason: string } | null>;

/** Who is posting or changing a comment: their account, or their browser's comment cookie (as a keyed hash). */
export interface Author {
  user: { id: number; name: string; role: Role } | null;
  tokenHash: string | null;
}

export interface PostRequest {
  articleId: number;
  input: Submission;
  author: Author;
  /** The client address: only a keyed hash of it is used, for the rate limit. */
  address: string;
}

export type PostResult =
  | { ok: true; id: number; status: CommentStatus; articleId: number; parentId: number | null; repeat: boolean }
  | { ok: false; refusal: Refusal };

export type ChangeResult = { ok: true; articleId: number } | { ok: false; problem: 'not-found' | 'not-yours' | 'gone' | 'too-late' } | { ok: false; refusal: Refusal };

/** What moderation and the live stream are told of each new comment, once it is stored. */
export interface PostedComment {
  id: number;
  articleId: number;
  parentId: number | null;
  status: CommentStatus;
  authorUserId: number | null;
  guestName: string | null;
  guestEmail: string | null;
  bodyText: string;
  createdAt: string;
}

export interface Comment extends ShownComment {
  authorUserId: number | null;
  guestName: string | null;
  guestEmail: string | null;
  bodyMd: string;
  notifyReplies: boolean;
  updatedAt: string;
}

