import type { Services } from '../services.ts';
import { newsroomRoutes } from './newsroom.ts';
import { publicRoutes } from './public.ts';
import { readerRoutes } from './reader.ts';

/**
 * WordPress's addresses that the old-address finder (old-addresses.ts) maps
 * onto ours: /category/x/, /feed/, /rss/ … A page there would hide them.
 */
const OLD_SHAPES = ['category', 'feed', 'rss', 'rss2', 'atom'];

/**
 * The first part of every address the site answers itself (`admin`, `search`,
 * `feed.xml`, `account` …), read from the route tables, so a route added later
 * is never hidden by a page an editor made (a page lives at /slug, and must not
 * take one of these). Parameters (`/:slug`, `/:year/…`) name nothing.
 */
export function siteAddressNames(s: Services): Set<string> {
  const names = new Set(OLD_SHAPES);
  for (const row of [...publicRoutes(s), ...readerRoutes(s), ...newsroomRoutes(s)]) {
    const first = row.url.split('/')[1] ?? '';
    if (first && !first.startsWith(':')) names.add(first);
  }
  return names;
}
