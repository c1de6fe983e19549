import { escapeHtml } from '../render/html.ts';

/**
 * Embeds load nothing from another host until the reader asks: the page holds a
 * link; static/js/embed.js swaps in the player's iframe on click.
 */
interface Provider {
  name: string;
  match: RegExp;
  /** Privacy-preserving player URL, or null for posts that stay a link. */
  player: (m: RegExpExecArray) => string | null;
}

const PROVIDERS: Provider[] = [
  {
    name: 'YouTube',
    match: /^https:\/\/(?:www\.|m\.)?(?:youtube\.com\/watch\?(?:.*&)?v=|youtu\.be\/|youtube\.com\/shorts\/)([\w-]{11})/,
    player: (m) => `https://www.youtube-nocookie.com/embed/${m[1]}?autoplay=1`,
  },
  {
    name: 'Vimeo',
    match: /^https:\/\/(?:www\.)?vimeo\.com\/(\d+)/,
    player: (m) => `https://player.vimeo.com/video/${m[1]}?dnt=1&autoplay=1`,
  },
  { name: 'X', match: /^https:\/\/(?:www\.)?(?:twitter|x)\.com\/\w+\/status\/\d+/, player: () => null },
  { name: 'Bluesky', match: /^https:\/\/bsky\.app\/profile\/[^/]+\/post\/\w+/, player: () => null },
  { name: 'Mastodon', match: /^https:\/\/[\w.-]+\/@\w+\/\d+/, player: () => null },
];

/**
 * The players a page may load after a click: exactly the addresses built above.
 * The sanitiser keeps data-embed-src only when it is one of these, so raw HTML
 * in an article cannot make the embed script frame anything else.
 */
const PLAYER = /^https:\/\/(?:www\.youtube-nocookie\.com\/embed\/[\w-]{11}\?autoplay=1|player\.vimeo\.com\/video\/\d{1,20}\?dnt=1&autoplay=1)$/;
const PLAYER_NAMES = new Set(['YouTube', 'Vimeo']);

export function isAllowedPlayer(src: string | undefined, provider: string | undefined): boolean {
  return typeof src === 'string' && PLAYER.test(src) && (provider === undefined || PLAYER_NAMES.has(provider));
}

export function embedHtml(url: string, title: string, warnings: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    warnings.push(`Embed "${url}" is not a web address.`);
    return '';
  }
  if (parsed.protocol !== 'https:') {
    warnings.push(`Embed "${url}" must use https.`);
    return '';
  }
  const provider = PROVIDERS.find((p) => p.match.test(url));
  const name = provider?.name ?? parsed.hostname;
  const player = provider ? provider.player(provider.match.exec(url)!) : null;
  const label = escapeHtml(title || `${player ? 'Video' : 'Post'} on ${name}`);
  const data = player ? ` data-embed-src="${escapeHtml(player)}" data-embed-provider="${escapeHtml(name)}"` : '';
  return (
    `<div class="embed"${data}><p class="embed-title">${label}</p>` +
    `<p><a href="${escapeHtml(url)}" rel="noopener nofollow">${player ? 'Watch' : 'Read'} on ${escapeHtml(name)}</a></p></div>\n`
  );
}
