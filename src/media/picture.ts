import type { Media, MediaVariant } from '../db/schema.ts';
import { escapeHtml } from '../render/html.ts';

export interface MediaInfo {
  slug: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: MediaVariant[];
}

export function toMediaInfo(m: Pick<Media, 'slug' | 'width' | 'height' | 'alt' | 'caption' | 'credit' | 'variants'>): MediaInfo {
  return { slug: m.slug, width: m.width, height: m.height, alt: m.alt, caption: m.caption, credit: m.credit, variants: parsedVariants(m.variants) };
}

/**
 * Every card on every page carries its image's variant list as JSON; the same
 * few lists recur, so each is parsed once (frozen, as it is shared).
 */
const variantLists = new Map<string, readonly MediaVariant[]>();

function parsedVariants(json: string): MediaVariant[] {
  let list = variantLists.get(json);
  if (!list) {
    list = Object.freeze((JSON.parse(json) as MediaVariant[]).map((v) => Object.freeze(v)));
    if (variantLists.size >= 5_000) variantLists.clear();
    variantLists.set(json, list);
  }
  return list as MediaVariant[];
}

export function mediaUrl(file: string): string {
  return `/media/${file}`;
}

/** The layout widths images are shown at, for the browser's choice among variants. */
export const SIZES = {
  lead: '(min-width: 72rem) 46rem, (min-width: 48rem) 66vw, 100vw',
  body: '(min-width: 48rem) 40rem, 100vw',
  card: '(min-width: 48rem) 22rem, 100vw',
  thumb: '8rem',
} as const;

/**
 * A responsive <picture>: WebP first, the original format as fallback, width and
 * height set so the page does not jump while images load.
 */
export function pictureHtml(m: MediaInfo, opts: { alt?: string; sizes: string; eager?: boolean }): string {
  const alt = escapeHtml(opts.alt ?? m.alt);
  const webp = m.variants.filter((v) => v.format === 'webp');
  const fallback = m.variants.filter((v) => v.format !== 'webp');
  const srcset = (vs: MediaVariant[]) => vs.map((v) => `${mediaUrl(v.file)} ${v.width}w`).join(', ');
  const main = fallback.find((v) => v.width >= 960) ?? fallback[fallback.length - 1] ?? webp[webp.length - 1];
  if (!main) return '';
  const loading = opts.eager ? 'fetchpriority="high"' : 'loading="lazy"';
  const source = webp.length && fallback.length
    ? `<source type="image/webp" srcset="${srcset(webp)}" sizes="${opts.sizes}">`
    : '';
  return (
    `<picture>${source}<img src="${mediaUrl(main.file)}" srcset="${srcset(fallback.length ? fallback : webp)}" ` +
    `sizes="${opts.sizes}" width="${m.width}" height="${m.height}" alt="${alt}" ${loading} decoding="async"></picture>`
  );
}

/** "Illustration: X" stays as written; a bare name reads as a photo credit. */
function creditLabel(credit: string): string {
  return /^[\p{L} ]{2,30}:/u.test(credit) ? credit : `Photo: ${credit}`;
}

export function figcaptionHtml(captionHtml: string, credit: string): string {
  if (!captionHtml && !credit) return '';
  const c = credit ? ` <span class="credit">${escapeHtml(creditLabel(credit))}</span>` : '';
  return `<figcaption>${captionHtml ? `<span class="caption">${captionHtml}</span>` : ''}${c}</figcaption>`;
}
