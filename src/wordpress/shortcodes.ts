/**
 * WordPress shortcodes in a body, turned into the HTML WordPress itself would
 * have shown, so one set of HTML rules (markdown-rules.ts) converts both:
 *
 *   [caption id="attachment_9"]<img …> Words[/caption] → <figure><img …><figcaption>Words</figcaption></figure>
 *   [gallery ids="1,2"] (or none: the post's attached images) → a figure of images by attachment id
 *   [embed]https://…[/embed]          → the embed block's HTML
 *   [audio src=…] [video mp4=…]        → <audio>/<video> (linked: the library holds pictures only)
 *
 * `[[caption]]` is WordPress's way of writing the text "[caption]". Any other
 * shortcode is left as its text and named in `unknown`.
 */

export interface ShortcodeResult {
  html: string;
  unknown: string[];
  /** What was dropped, in words for the report. */
  dropped: string[];
}

const KNOWN = 'caption|wp_caption|gallery|embed|audio|video|playlist';
const SHORTCODE = new RegExp(`\\[(\\[?)(${KNOWN})(?![\\w-])([^\\]]*?)(\\/?)\\](?:([\\s\\S]*?)\\[\\/\\2\\])?(\\]?)`, 'g');
/** An enclosing shortcode's end must not be looked for past the next opening of the same name. */
const OTHER = /\[([a-z][a-z0-9_-]*)(\s[^\]]*=[^\]]*)?\](?:[\s\S]*?\[\/\1\])?/g;

export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  const re = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) out[m[1].toLowerCase()] = m[2];
    else if (m[3]) out[m[3].toLowerCase()] = m[4];
    else if (m[5]) out[m[5].toLowerCase()] = m[6];
    else out[String(n++)] = m[7] ?? m[8];
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function expandShortcodes(html: string, attachedTo: string[]): ShortcodeResult {
  const dropped: string[] = [];
  const expanded = html.replace(SHORTCODE, (whole, open: string, name: string, attrText: string, _selfClose: string, inner: string | undefined, close: string) => {
    if (open === '[' && close === ']') return whole.slice(1, -1);
    const attrs = parseAttributes(attrText);
    const body = inner ?? '';
    if (name === 'caption' || name === 'wp_caption') return caption(attrs, body);
    if (name === 'gallery') return gallery(attrs, attachedTo);
    if (name === 'embed') return embed(body.trim() || attrs.src || attrs['0'] || '');
    if (name === 'playlist') dropped.push('a [playlist] shortcode (playlists are not kept)');
    if (name === 'playlist') return '';
    const shown = media(name as 'audio' | 'video', attrs);
    if (!shown) dropped.push(`an [${name}] shortcode naming no file`);
    return shown;
  });
  const unknown = new Set<string>();
  for (const m of expanded.matchAll(OTHER)) if (!/^(https?|mailto)$/.test(m[1])) unknown.add(m[1]);
  return { html: expanded, unknown: [...unknown], dropped };
}

/** The caption is the text after the image (or the attribute, in older exports). */
function caption(attrs: Record<string, string>, body: string): string {
  const image = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(body);
  if (!image) return body;
  const words = (attrs.caption ?? image[2]).trim();
  return `<figure>${image[1]}${words ? `<figcaption>${words}</figcaption>` : ''}</figure>`;
}

function gallery(attrs: Record<string, string>, attachedTo: string[]): string {
  const ids = attrs.ids ? attrs.ids.split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)) : attachedTo;
  if (!ids.length) return '';
  return `<figure data-wp-gallery>${ids.map((id) => `<img data-wp-id="${esc(id)}" alt="">`).join('')}</figure>`;
}

function embed(url: string): string {
  return `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">${esc(url)}</div></figure>`;
}

function media(kind: 'audio' | 'video', attrs: Record<string, string>): string {
  const keys = kind === 'audio' ? ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'flac', '0'] : ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv', '0'];
  const src = keys.map((k) => attrs[k]).find(Boolean);
  return src ? `<${kind} src="${esc(src)}"></${kind}>` : '';
}
