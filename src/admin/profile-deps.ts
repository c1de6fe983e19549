import { articleDep, authorDep } from '../articles/deps.ts';
import { EVERYTHING } from '../cache/page-cache.ts';
import type { Db } from '../db/connection.ts';

/**
 * A member's name shows on every card and page of their published articles
 * (bylines, feeds, JSON-LD), and their bio and portrait in the box under each
 * article; all of it on their author page. So a profile change forgets the
 * author page and each of their published articles — every listing that shows
 * one of those cards names it too. Past a few hundred articles one change
 * message would carry too many names: the whole cache is forgotten instead,
 * which costs less than it sounds for a change made this rarely.
 */
const MAX_NAMED = 500;

export async function bylineDeps(db: Db, userId: number): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('article_authors')
    .select('article_id')
    .where('user_id', '=', userId)
    .where('published_at', 'is not', null)
    .limit(MAX_NAMED + 1)
    .execute();
  if (rows.length > MAX_NAMED) return [EVERYTHING];
  return [authorDep(userId), ...rows.map((r) => articleDep(r.article_id))];
}
