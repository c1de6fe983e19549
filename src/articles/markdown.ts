import MarkdownIt, { type Env, type StateBlock } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { figcaptionHtml, type MediaInfo, pictureHtml, SIZES } from '../media/picture.ts';
import { escapeHtml } from '../render/html.ts';
import { embedHtml } from './embed.ts';

/**
 * Samizdat Markdown: CommonMark plus three fenced blocks (docs/markdown.md):
 *   ::: figure <media-slug>   key: value lines (alt, caption, credit)   :::
 *   ::: pullquote             quote text, last line "— attribution"      :::
 *   ::: embed <url>           optional title line                          :::
 * A thematic break (* * *) is the section divider.
 */
export interface RenderEnv extends Env {
  media: Map<string, MediaInfo>;
  /** Problems an editor should see (unknown media, bad embed URL). */
  warnings: string[];
}

export interface RenderedBody {
  html: string;
  text: string;
  wordCount: number;
  warnings: string[];
}

const md = new MarkdownIt({ html: true, linkify: true, typographer: true });
// markdown-it 15 stopped linking bare domains ("example.org") by default; articles
// written before it rely on them, and a re-render must not unlink published text.
md.linkify.set({ fuzzyLink: true });
md.block.ruler.before('fence', 'samizdat_directive', directiveRule, {
  alt: ['paragraph', 'reference', 'blockquote', 'list'],
});
md.renderer.rules.samizdat_directive = (tokens, idx, _opts, rendererEnv) => {
  const env = rendererEnv as RenderEnv;
  const { name, arg, body } = tokens[idx].meta as unknown as Directive;
  if (name === 'figure') return figure(arg, body, env);
  if (name === 'pullquote') return pullquote(body);
  return embedHtml(arg, body.join(' ').trim(), env.warnings);
};

interface Directive {
  name: 'figure' | 'pullquote' | 'embed';
  arg: string;
  body: string[];
}

const OPEN = /^:::[ \t]*(figure|pullquote|embed)\b[ \t]*(.*)$/;

function lineAt(state: StateBlock, n: number): string {
  return state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
}

function directiveRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const open = OPEN.exec(lineAt(state, startLine));
  if (!open) return false;
  let close = startLine + 1;
  while (close < endLine && lineAt(state, close).trim() !== ':::') close++;
  if (close >= endLine) return false; // unclosed: leave it as a paragraph the editor can see
  if (silent) return true;
  const body: string[] = [];
  for (let n = startLine + 1; n < close; n++) body.push(lineAt(state, n));
  const token = state.push('samizdat_directive', '', 0);
  token.meta = { name: open[1] as Directive['name'], arg: open[2].trim(), body } satisfies Directive;
  token.map = [startLine, close + 1];
  state.line = close + 1;
  return true;
}

function fields(body: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of body) {
    const m = /^\s*(alt|caption|credit)\s*:\s*(.*)$/i.exec(line);
    if (m) out[m[1].toLowerCase()] = m[2].trim();
  }
  return out;
}

function figure(slug: string, body: string[], env: RenderEnv): string {
  const media = env.media.get(slug);
  if (!media) {
    env.warnings.push(`Figure "${slug}" refers to no image in the media library.`);
    return '';
  }
  const f = fields(body);
  const caption = f.caption ?? media.caption;
  const credit = f.credit ?? media.credit;
  const picture = pictureHtml(media, { alt: f.alt ?? media.alt, sizes: SIZES.body });
  return `<figure class="figure">${picture}${figcaptionHtml(caption ? md.renderInline(caption) : '', credit)}</figure>\n`;
}

function pullquote(body: string[]): string {
  const lines = body.map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  const hasCite = /^(—|--|-)\s*\S/.test(last) && lines.length > 1;
  const quote = (hasCite ? lines.slice(0, -1) : lines).join(' ');
  const cite = hasCite ? `<figcaption>${escapeHtml(last.replace(/^(—|--|-)\s*/, ''))}</figcaption>` : '';
  return `<figure class="pullquote"><blockquote><p>${md.renderInline(quote)}</p></blockquote>${cite}</figure>\n`;
}

/** Allow-list for article bodies: what our renderer produces and ordinary editorial HTML. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'mark', 'small',
    'blockquote', 'q', 'cite', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'hr', 'br', 'code', 'pre', 'kbd', 'abbr',
    'figure', 'figcaption', 'picture', 'source', 'img', 'span', 'div', 'aside',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding', 'fetchpriority'],
    source: ['srcset', 'type', 'sizes'],
    figure: ['class'],
    span: ['class'],
    div: ['class', 'data-embed-src', 'data-embed-provider'],
    aside: ['class'],
    p: ['class'],
    ol: ['start'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    abbr: ['title'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
};

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export function renderBody(source: string, media: Map<string, MediaInfo>): RenderedBody {
  const env: RenderEnv = { media, warnings: [] };
  const html = sanitizeHtml(md.render(source, env), SANITIZE);
  const text = plainText(html);
  return { html, text, wordCount: text.match(WORD)?.length ?? 0, warnings: env.warnings };
}

export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Media slugs a body refers to, so the caller can load them before rendering. */
export function referencedMedia(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(/^[ \t]{0,3}:::[ \t]*figure[ \t]+(\S+)/gm)) out.add(m[1]);
  return [...out];
}

export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 230));
}
