import sanitizeHtml from 'sanitize-html';
import { slugify, SLUG_PATTERN } from '../lib/slug.ts';

/**
 * Small conversions of WordPress's text fields: titles and excerpts hold HTML
 * and entities ("Markup: Title <em>With</em> &amp; Entities"), slugs are stored
 * percent-encoded, dates are "YYYY-MM-DD HH:MM:SS" with a zero date for "none".
 */

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' };
const BASIC: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The words of a bit of HTML: tags dropped, every entity decoded, runs of space made one. */
export function htmlToText(html: string): string {
  // sanitize-html decodes every entity while parsing and escapes only these five again.
  return sanitizeHtml(html, TEXT_ONLY).replace(/&(amp|lt|gt|quot|#39);/g, (e) => BASIC[e]).replace(/\s+/g, ' ').trim();
}

/** A slug as WordPress stored it (percent-encoded UTF-8), decoded; undecodable stays as it is. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/**
 * Our slug for a WordPress slug: kept when it is already one of ours (so
 * addresses that carry it can stay the same), else made from it or from the
 * name; `fallback` when neither has a Latin letter or digit in it.
 */
export function localSlug(wpSlug: string, name: string, fallback: string, maxLength = 80): string {
  const decoded = decodeSlug(wpSlug).toLowerCase();
  if (SLUG_PATTERN.test(decoded) && decoded.length <= maxLength) return decoded;
  for (const source of [decoded, name]) {
    const s = slugify(source, maxLength);
    if (s !== 'untitled' || /untitled/i.test(source)) return s;
  }
  return fallback;
}

const ZERO_DATE = /^0000-00-00/;

/** "2013-01-10 20:15:40" (UTC) as ISO text, or null for WordPress's zero date or nonsense. */
export function wpDate(gmt: string, local = ''): string | null {
  for (const value of [gmt, local]) {
    if (!value || ZERO_DATE.test(value)) continue;
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
    if (!m) continue;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return null;
}

/** The path (and WordPress's ?p= style query) of an address on the old site, or null. */
export function oldPath(link: string): string | null {
  try {
    const u = new URL(link);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const query = [...u.searchParams].find(([k, v]) => ['p', 'page_id', 'cat', 'tag', 'author'].includes(k) && /^[\w-]{1,80}$/.test(v));
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : '/';
    return query ? `${path}?${query[0]}=${query[1]}` : path === '/' ? null : path;
  } catch {
    return null;
  }
}

/**
 * The forms of an old path the old-address finder may be asked for: as
 * WordPress wrote it and, when it holds percent-escapes, with them in upper
 * case (as a browser writes a typed address).
 */
export function pathForms(path: string): string[] {
  const upper = path.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
  const lower = path.replace(/%[0-9a-f]{2}/gi, (e) => e.toLowerCase());
  return [...new Set([path, upper, lower])];
}
