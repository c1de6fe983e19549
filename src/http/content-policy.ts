import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of every answer: nothing loads from another host
 * (except a video player's frame after a reader clicks for it), no inline
 * script, and no inline style except the one block the layout writes for the
 * site's accent colour, allowed by its hash rather than by 'unsafe-inline'.
 */
export function contentSecurityPolicy(inlineStyles: readonly string[], imageOrigins: readonly string[] = []): string {
  const hashes = inlineStyles.map((css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`);
  return [
    "default-src 'self'",
    // A CDN that /media/<file> redirects to (S3_PUBLIC_URL) is the one other host pictures may come from.
    `img-src 'self' data:${imageOrigins.map((o) => ` ${o}`).join('')}`,
    `style-src 'self'${hashes.length ? ` ${hashes.join(' ')}` : ''}`,
    "script-src 'self'",
    'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** The one inline style: the accent colour, a validated #rrggbb. */
export function accentStyle(colour: string): string {
  return `:root{--accent:${colour}}`;
}
