import { findRedirect } from '../articles/store.ts';
import type { Db } from '../db/connection.ts';
import { Gone, type HttpError, Redirect } from '../http/errors.ts';
import { toSitePath } from '../http/safe-location.ts';

/**
 * Where an address that no route answers, or whose route found nothing, lives
 * now — in one 301 hop. First the `redirects` table (old slugs, renamed tags and
 * sections, imported WordPress addresses, kept as given: `/2019/05/12/slug/`,
 * `/?p=123`, `/?cat=7`), then the shapes every WordPress site has, mapped onto ours:
 *
 *   /category/news/ → /section/news      /tag/x/feed/ → /tag/x/feed.xml
 *   /author/name/   → /author/name       /feed/, /rss/ → /feed.xml
 *   /category/news/feed/ → /section/news/feed.xml
 *   /author/name/feed/   → /author/name/feed.xml
 */
export async function findOldAddress(db: Db, path: string, query: string): Promise<Redirect | HttpError | null> {
  for (const from of candidates(path, query)) {
    const r = await findRedirect(db.kysely, from);
    if (!r) continue;
    // Retired by a redaction: the address itself held the passage, so it leads nowhere.
    if (r.gone) return new Gone();
    if (r.article_path && r.article_path !== path && r.article_status === 'published') return moved(r.article_path);
    // An article in the bin (or purged from it) was withdrawn: its old addresses say so, as its own does.
    if (r.article_status === 'binned') return new Gone();
    if (r.to_path && r.to_path !== path) return moved(withPage(r.to_path, query));
  }
  return wordpressShape(db, trimSlashes(path));
}

/**
 * WordPress's addresses by query string (its "plain" permalinks, which keep
 * working under any other structure), each with the shape its value takes. The
 * import writes them as `/?cat=7`; a tag's slug may be percent-encoded.
 */
export const WORDPRESS_QUERY_KEYS = ['p', 'page_id', 'attachment_id', 'cat', 'tag', 'author'] as const;
const NUMBER = /^\d{1,12}$/;
const TAG_SLUG = /^[\w%.-]{1,600}$/;

/** The address as asked for, without its trailing slash, and WordPress's query-string forms. */
function candidates(path: string, query: string): string[] {
  const out = new Set<string>();
  const bare = trimSlashes(path);
  const params = query ? new URLSearchParams(query) : null;
  for (const key of WORDPRESS_QUERY_KEYS) {
    const raw = params?.get(key);
    const value = raw && key === 'tag' ? encodeURIComponent(raw) : raw;
    if (value && (key === 'tag' ? TAG_SLUG : NUMBER).test(value)) out.add(`${bare === '/' ? '/' : bare}?${key}=${value}`);
  }
  out.add(path);
  out.add(bare);
  if (bare !== '/') out.add(`${bare}/`);
  return [...out];
}

const FEED = new Set(['feed', 'rss', 'rss2', 'atom']);

async function wordpressShape(db: Db, path: string): Promise<Redirect | null> {
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 1 && FEED.has(parts[0])) return moved(parts[0] === 'atom' ? '/atom.xml' : '/feed.xml');
  const [kind, slug, rest] = parts;
  const feed = rest !== undefined && FEED.has(rest) && parts.length === 3;
  if (!slug || (parts.length > 2 && !feed)) return null;
  if (kind === 'category') {
    const section = await db.kysely.selectFrom('sections').select('slug').where('slug', '=', slug).executeTakeFirst();
    if (section) return moved(`/section/${section.slug}${feed ? '/feed.xml' : ''}`);
    const renamed = await findRedirect(db.kysely, `/section/${slug}`);
    if (renamed?.to_path) return moved(`${renamed.to_path}${feed ? '/feed.xml' : ''}`);
    return null;
  }
  if (kind === 'author' && feed) return moved(`/author/${slug}/feed.xml`);
  if (kind === 'tag' && feed) return moved(`/tag/${slug}/feed.xml`);
  return null;
}

/**
 * A listing's old address keeps the page asked for (/section/opinion?page=2 →
 * /section/views?page=2): the same stories, one hop. Only a well-formed page
 * number rides along, and never onto a feed or a file.
 */
function withPage(to: string, query: string): string {
  const page = query ? new URLSearchParams(query).get('page') : null;
  if (!page || !/^[1-9]\d{0,5}$/.test(page) || page === '1' || to.includes('?') || /\.[a-z]+$/.test(to)) return to;
  return `${to}?page=${page}`;
}

function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end) || '/';
}

function moved(to: string): Redirect {
  return new Redirect(toSitePath(to), 301);
}
