import { can } from '../accounts/capabilities.ts';
import type { ArticleStatus, Role } from '../db/schema.ts';

/**
 * Who may move an article where. Every caller gets the same answer: the
 * newsroom's editor, the scheduler, the importer, the command line. Pure rules;
 * the service (service.ts) applies them with what it reads from the database.
 *
 *   draft ──submit──▶ review ──send back──▶ draft
 *     │                 │
 *     └──publish/schedule (a publisher)──▶ scheduled ──(its time)──▶ published ──unpublish──▶ unpublished
 */

export const ACTIONS = ['save', 'submit', 'publish', 'schedule', 'send_back', 'unpublish'] as const;
export type EditorAction = (typeof ACTIONS)[number];

/** Who is acting: a member of staff, or the site itself (the scheduler, an import, the command line). */
export type Actor = { kind: 'person'; id: number; role: Role } | { kind: 'system'; what: string };

export const SYSTEM = (what: string): Actor => ({ kind: 'system', what });

/** What the rules need to know about an article that exists. */
export interface ArticleFacts {
  status: ArticleStatus;
  authorIds: number[];
  createdBy: number | null;
}

function isOwn(actor: Actor & { kind: 'person' }, a: ArticleFacts): boolean {
  return a.authorIds.includes(actor.id) || a.createdBy === actor.id;
}

/** Writers edit their own pieces (contributors only until publication); editors edit anyone's. */
export function mayEdit(actor: Actor, a: ArticleFacts): boolean {
  if (actor.kind === 'system') return true;
  if (can(actor.role, 'edit_others')) return true;
  if (!isOwn(actor, a) || !can(actor.role, 'write')) return false;
  return can(actor.role, 'publish') || (a.status !== 'published' && a.status !== 'scheduled');
}

/** Publishing, scheduling and unpublishing: a publisher's own pieces, or anyone's for an editor. */
export function mayPublish(actor: Actor, a: ArticleFacts | null): boolean {
  if (actor.kind === 'system') return true;
  if (!can(actor.role, 'publish')) return false;
  return !a || can(actor.role, 'edit_others') || isOwn(actor, a);
}

/** The status an action leads to, or why it may not be taken. */
export function nextStatus(action: EditorAction, current: ArticleStatus, actor: Actor, existing: ArticleFacts | null): ArticleStatus | { refused: string } {
  const publisher = mayPublish(actor, existing);
  switch (action) {
    case 'save': return current;
    case 'submit': return 'review';
    case 'publish': return publisher ? 'published' : { refused: 'You cannot publish. Submit the article for review instead.' };
    case 'schedule': return publisher ? 'scheduled' : { refused: 'You cannot schedule articles.' };
    case 'unpublish': return publisher && current === 'published' ? 'unpublished' : { refused: 'You cannot unpublish this article.' };
    case 'send_back': {
      const editor = actor.kind === 'system' || can(actor.role, 'edit_others');
      return editor && current === 'review' ? 'draft' : { refused: 'Only an editor can send an article back.' };
    }
  }
}

/** Roles whose names may stand in a byline. */
export const WRITER_ROLES = ['owner', 'editor', 'author', 'contributor'] as const;

/**
 * Bylines are honest: only editors put someone else's name on a piece. A writer
 * may keep the byline an editor gave their piece, or name themselves.
 */
export function bylineProblem(actor: Actor, authorIds: number[], existing: ArticleFacts | null): string | null {
  if (actor.kind === 'system' || can(actor.role, 'edit_others') || !authorIds.length) return null;
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(authorIds, [actor.id]) || (existing && same(authorIds, existing.authorIds))) return null;
  return 'Only an editor can put someone else’s name on a piece. Leave yourself as the author.';
}
