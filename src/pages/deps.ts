/**
 * The name a static page goes by in the page cache (cache/page-cache.ts): the
 * page and its history show it, and every public change to the page touches it
 * (with `archive`, for the sitemap's list of addresses).
 */
export const pageDep = (id: number) => `page:${id}`;
