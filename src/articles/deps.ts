/**
 * The names articles give the things a public page can show, for the page cache
 * (cache/page-cache.ts): a page lists the ones it shows, a change the ones it
 * touched. `*` (everything) is the cache's own.
 */

/** The newest published articles: the front page, every sidebar, the site's feeds, prev/next links. */
export const LATEST = 'latest';
/** Every published address and its last change: the sitemap. */
export const ARCHIVE = 'archive';
/** Which tags are in use and how often: the sidebar's topics. */
export const TAG_LIST = 'tag-list';

export const articleDep = (id: number) => `article:${id}`;
export const sectionDep = (id: number) => `section:${id}`;
export const tagDep = (id: number) => `tag:${id}`;
export const authorDep = (id: number) => `author:${id}`;

/** What readers could see of one article: enough to tell what a change to it touched. */
export interface PublicFacts {
  id: number;
  published: boolean;
  publishedAt: string | null;
  sectionId: number;
  tagIds: number[];
  authorIds: number[];
}

/**
 * What a save touched. A change inside an article (its words, its picture)
 * touches the pages that show it; a change to where it is listed (published or
 * not, its date, section, tags or byline) touches those listings too. A draft
 * that never was public touches nothing.
 */
export function changeDeps(before: PublicFacts | null, after: PublicFacts): string[] {
  if (!before?.published && !after.published) return [];
  const deps = new Set([articleDep(after.id), ARCHIVE]);
  const same = (a: number[], b: number[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  const moved = !before || before.published !== after.published || before.publishedAt !== after.publishedAt || before.sectionId !== after.sectionId ||
    !same(before.tagIds, after.tagIds) || !same(before.authorIds, after.authorIds);
  if (moved) {
    deps.add(LATEST).add(TAG_LIST);
    for (const f of [before, after]) {
      if (!f) continue;
      deps.add(sectionDep(f.sectionId));
      for (const t of f.tagIds) deps.add(tagDep(t));
      for (const a of f.authorIds) deps.add(authorDep(a));
    }
  }
  return [...deps];
}

/** The page shows these lists of cards: each article on them, and whatever the lists are of. */
export function showsCards(shows: Set<string>, lists: string[], ...cards: { id: number }[][]): void {
  for (const l of lists) shows.add(l);
  for (const list of cards) for (const c of list) shows.add(articleDep(c.id));
}

/** The sidebar: the newest articles and the topics in use. */
export function showsSidebar(shows: Set<string>, side: { latest: { id: number }[]; pollId?: number }): void {
  shows.add(LATEST).add(TAG_LIST);
  for (const c of side.latest) shows.add(articleDep(c.id));
  // The sidebar's poll form (its question and options; votes change neither). Named as polls/deps.ts names it.
  if (side.pollId !== undefined) shows.add(`poll:${side.pollId}`);
}
