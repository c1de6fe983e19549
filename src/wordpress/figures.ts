/**
 * The Samizdat Markdown that WordPress's pictures, quotes and embeds become
 * (docs/markdown.md): `::: figure`, `::: pullquote`, `::: embed`.
 */

export interface PictureRef {
  /** The picture's slug in the media library. */
  slug: string;
  /** The texts the library has for it: a figure repeats only what differs. */
  alt: string;
  caption: string;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A caption that ends in a credit ("… Photo: Ann Lee", "… Credit: Reuters") is split in two. */
export function splitCredit(caption: string): { caption: string; credit: string } {
  const m = /^(.*?)[\s.,;:|–—-]*\b((?:photo(?:graph)?|image|illustration|picture|map|graphic|credit|photo credit|source)s?\s*:\s*\S.*)$/i.exec(oneLine(caption));
  if (!m) return { caption: oneLine(caption), credit: '' };
  const credit = m[2].replace(/^(?:credit|photo credit)\s*:\s*/i, (label) => (/photo/i.test(label) ? 'Photo: ' : ''));
  return { caption: m[1].trim(), credit: credit.trim() };
}

export function figureMarkdown(pic: PictureRef, texts: { alt: string; caption: string }): string {
  const { caption, credit } = splitCredit(texts.caption);
  const alt = oneLine(texts.alt);
  const lines = [`::: figure ${pic.slug}`];
  if (alt && alt !== pic.alt) lines.push(`alt: ${alt}`);
  if (caption && caption !== oneLine(pic.caption)) lines.push(`caption: ${caption}`);
  if (credit) lines.push(`credit: ${credit}`);
  lines.push(':::');
  return `\n\n${lines.join('\n')}\n\n`;
}

/** A picture the import could not bring in: a plain link to where it was, so nothing vanishes unseen. */
export function missingPictureMarkdown(src: string, texts: { alt: string; caption: string }, escape: (s: string) => string): string {
  const label = oneLine(texts.alt) || 'Picture';
  const caption = oneLine(texts.caption);
  return `\n\n[${escape(label)}](${linkTarget(src)})${caption ? ` — ${caption}` : ''}\n\n`;
}

export function pullquoteMarkdown(quote: string, cite: string): string {
  const lines = ['::: pullquote', oneLine(quote)];
  if (cite) lines.push(`— ${oneLine(cite)}`);
  lines.push(':::');
  return `\n\n${lines.join('\n')}\n\n`;
}

/**
 * The address a reader would visit for an embedded player: YouTube's and
 * Vimeo's player addresses become their watch pages (which our embed knows),
 * and http becomes https (every provider answers there; the embed takes https only).
 */
export function embedAddress(src: string): string | null {
  let url: URL;
  try {
    url = new URL(src.trim().replace(/^\/\//, 'https://'));
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.protocol = 'https:';
  const yt = /^(?:www\.)?youtube(?:-nocookie)?\.com$/.test(url.hostname) && /^\/embed\/([\w-]{11})/.exec(url.pathname);
  if (yt) return `https://www.youtube.com/watch?v=${yt[1]}`;
  const vimeo = url.hostname === 'player.vimeo.com' && /^\/video\/(\d+)/.exec(url.pathname);
  if (vimeo) return `https://vimeo.com/${vimeo[1]}`;
  return url.toString();
}

export function embedMarkdown(address: string, title: string): string {
  const t = oneLine(title);
  return `\n\n::: embed ${address}\n${t ? `${t}\n` : ''}:::\n\n`;
}

/** A link target Markdown reads whole: parentheses and spaces escaped. */
export function linkTarget(href: string): string {
  return href.trim().replace(/ /g, '%20').replace(/([()])/g, '\\$1');
}

/** Hosts whose addresses, alone on a line, WordPress showed as an embedded player or post. */
export const EMBED_HOSTS = /^(?:www\.|m\.)?(?:youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com|bsky\.app|instagram\.com|facebook\.com|flickr\.com|soundcloud\.com|open\.spotify\.com|tiktok\.com|dailymotion\.com|wordpress\.tv|videopress\.com|ted\.com|reddit\.com|tumblr\.com|imgur\.com|scribd\.com|slideshare\.net|mixcloud\.com|kickstarter\.com|issuu\.com)$/;
