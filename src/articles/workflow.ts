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
  // A restore puts a binned piece back exactly as it was, so nothing moves it meanwhile.
  if (current === 'binned') return { refused: 'This article is in the bin. Restore it before changing it.' };
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

/** Statuses whose text readers see, now or at a set time. */
export function goesOut(status: ArticleStatus): boolean {
  return status === 'published' || status === 'scheduled';
}

/**
 * Nothing goes out to readers with problems the renderer found in its body (a
 * figure naming no picture, an embed that is not allowed): the page would
 * silently lack part of the piece. Drafts and pieces in review may hold them
 * while the writer works. The message that heads the list, or null.
 */
export function bodyRefusal(status: ArticleStatus, problems: readonly string[]): string | null {
  if (!problems.length || !goesOut(status)) return null;
  const what = status === 'scheduled' ? 'scheduled' : 'published';
  return `This cannot be ${what} until ${problems.length === 1 ? 'this problem in the body is' : 'these problems in the body are'} fixed (the preview shows ${problems.length === 1 ? 'it' : 'them'} too).`;
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

/*
 * Removing an article. A piece that was never published leaves no public trace,
 * so it can be deleted outright. One that was ever published has a public
 * history, and that is never erased: it can only go to the bin, where it
 * answers 410 Gone and can be restored as it was for BIN_DAYS days; after that
 * it stays for good as a tombstone (see bin.ts).
 */

/** How long a binned article can still be restored. */
export const BIN_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** What the rules for deleting, binning and restoring need to know. */
export interface BinFacts extends ArticleFacts {
  /** Published at least once: it has a public history. */
  everPublished: boolean;
  binnedAt: string | null;
  /** What a restore puts back; null once the bin was purged. */
  binnedStatus: ArticleStatus | null;
}

/** Allowed, or why not; `notYours` when the person may not, rather than the article cannot. */
export type Permission = true | { refused: string; notYours?: true };

/** Deleting: a never-published piece, by whoever may edit it (a writer their own, an editor anyone's). */
export function mayDelete(actor: Actor, a: BinFacts): Permission {
  if (a.everPublished || a.status === 'binned') return { refused: 'This article has been published, so its history is kept: move it to the bin instead.' };
  if (!mayEdit(actor, a)) return { refused: 'You can delete only your own drafts.', notYours: true };
  return true;
}

/** Binning: a piece that was ever published, by whoever may publish and withdraw it. */
export function mayBin(actor: Actor, a: BinFacts): Permission {
  if (a.status === 'binned') return { refused: 'This article is already in the bin.' };
  if (!a.everPublished) return { refused: 'This article was never published: delete it instead.' };
  if (!mayPublish(actor, a)) return { refused: 'Only an editor, or its author if they may publish, can move this article to the bin.', notYours: true };
  return true;
}

/** Restoring: within BIN_DAYS of binning, by whoever may publish it. */
export function mayRestore(actor: Actor, a: BinFacts, now: string): Permission {
  if (a.status !== 'binned') return { refused: 'This article is not in the bin.' };
  if (!a.binnedStatus || !a.binnedAt || binDaysLeft(a.binnedAt, now) === 0) {
    return { refused: `This article has been in the bin for more than ${BIN_DAYS} days and can no longer be restored.` };
  }
  if (!mayPublish(actor, a)) return { refused: 'Only an editor, or its author if they may publish, can restore this article.', notYours: true };
  return true;
}

/** When a binned article can no longer be restored. */
export function binExpiry(binnedAt: string): string {
  return new Date(Date.parse(binnedAt) + BIN_DAYS * DAY_MS).toISOString();
}

/** Whole days (rounded up) until then; 0 once passed. */
export function binDaysLeft(binnedAt: string, now: string): number {
  const left = Date.parse(binExpiry(binnedAt)) - Date.parse(now);
  return left > 0 ? Math.ceil(left / DAY_MS) : 0;
}
