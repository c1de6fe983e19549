import type { ReaderDataKeeper } from '../accounts/reader-data.ts';
import { Appeals } from './appeals.ts';
import { moderationKeeper } from './reader-data.ts';
import { type ModerationDeps, ModerationService } from './service.ts';

/** The moderation domain: reports, the moderators' actions and their log, bans, appeals; and what it keeps about readers. */
export function createModeration(deps: ModerationDeps): { moderation: ModerationService; appeals: Appeals; keeper: ReaderDataKeeper } {
  const moderation = new ModerationService(deps);
  return { moderation, appeals: new Appeals(moderation), keeper: moderationKeeper(deps.db, deps.changes) };
}
