import { createHash } from 'node:crypto';
import transliterate from '@sindresorhus/transliterate';

/**
 * URL-safe slug from a title: lower case, ASCII letters and digits, single
 * hyphens. Other scripts are transliterated first (Greek, Cyrillic, Polish,
 * Nordic and more become readable Latin), so "Новости гавани" is
 * `novosti-gavani`. What no table covers (Chinese, Japanese, emoji) leaves a
 * short hash of the text rather than one shared word, so two such titles or tags
 * never fall onto the same address.
 */
export function slugify(text: string, maxLength = 80): string {
  const s = transliterate(text.normalize('NFC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const slug = s.slice(0, maxLength).replace(/-+$/, '');
  if (slug) return slug;
  return text.trim() ? `t-${createHash('sha256').update(text.trim()).digest('hex').slice(0, 10)}` : 'untitled';
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
