import MarkdownIt, { type Env, type StateBlock } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { figcaptionHtml, type MediaInfo, pictureHtml, SIZES } from '../media/picture.ts';
import { escapeHtml } from '../render/html.ts';
import { embedHtml, isAllowedPlayer } from './embed.ts';

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
  /** Lines the ::: blocks may still read while looking for their ends (see directiveRule). */
  scanBudget: number;
  /** Lines they have read: a measure of the work, for tests. */
  scanned: number;
}

export interface RenderedBody {
  html: string;
  text: string;
  wordCount: number;
  warnings: string[];
  /** Lines read looking for the ends of ::: blocks: at most a few times the body's length. */
  scannedLines: number;
}

/**
 * Deeper nesting than this (lists in lists, quotes in quotes) is shown flat: no
 * article needs it, and each level multiplies the parser's and the sanitiser's work.
 */
export const MAX_NESTING = 20;

const md = new MarkdownIt({ html: true, linkify: true, typographer: true, maxNesting: MAX_NESTING });
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

/**
 * Each opening line reads ahead for its ":::". A body of many unclosed openers
 * would make that quadratic, so all the reading-ahead of one render shares a
 * budget proportional to the body's length; once it is spent, an opener whose
 * end is not found is shown as text, with a warning for the editor.
 */
function findClose(state: StateBlock, startLine: number, endLine: number): number {
  const env = state.env as RenderEnv;
  let close = startLine + 1;
  while (close < endLine && env.scanBudget > 0 && lineAt(state, close).trim() !== ':::') {
    close++;
    env.scanBudget--;
    env.scanned++;
  }
  if (close < endLine && env.scanBudget > 0) return close;
  if (env.scanBudget <= 0 && !env.warnings.includes(UNCLOSED)) env.warnings.push(UNCLOSED);
  return -1;
}

const UNCLOSED = 'Some ::: blocks have no closing ::: line; they are shown as text.';

function directiveRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const open = OPEN.exec(lineAt(state, startLine));
  if (!open) return false;
  const close = findClose(state, startLine, endLine);
  if (close < 0) return false; // unclosed: leave it as a paragraph the editor can see
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
  // Void elements: sanitize-html's own list lacks <source>, and wrote a stray </source> in every figure.
  selfClosing: ['img', 'br', 'hr', 'source', 'wbr'],
  // Markdown nesting is capped above; raw HTML is capped here.
  nestingLimit: MAX_NESTING * 2,
};

/** Raw HTML the allow-list takes out that a writer meant to show: said in the warnings, so publishing is refused rather than the thing silently missing. */
const MEANT_TO_SHOW = new Set(['iframe', 'script', 'object', 'embed', 'video', 'audio', 'form', 'input', 'button', 'style', 'svg', 'canvas']);

/** The allow-list for one render, reporting what it takes out into that render's warnings. */
function sanitizeOptions(warnings: string[]): sanitizeHtml.IOptions {
  const warn = (w: string) => {
    if (!warnings.includes(w)) warnings.push(w);
  };
  return {
    ...SANITIZE,
    onOpenTag: (name) => {
      if (MEANT_TO_SHOW.has(name)) warn(`The HTML <${name}> in the body is not allowed and would not be shown. For a video or post from another site, use a ::: embed block with a supported player (see the writing guide).`);
    },
    transformTags: {
      // An embed may name only a player the site supports (see embed.ts).
      div: (tagName, attribs) => {
        if (attribs['data-embed-src'] === undefined && attribs['data-embed-provider'] === undefined) return { tagName, attribs };
        if (!isAllowedPlayer(attribs['data-embed-src'], attribs['data-embed-provider'])) {
          warn('An embed in the body names a player the site does not support; it would be shown as a plain link at most.');
          const { 'data-embed-src': _src, 'data-embed-provider': _provider, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        return { tagName, attribs };
      },
    },
  };
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export function renderBody(source: string, media: Map<string, MediaInfo>): RenderedBody {
  const env: RenderEnv = { media, warnings: [], scanBudget: 4 * lineCount(source) + 1000, scanned: 0 };
  const html = sanitizeHtml(md.render(source, env), sanitizeOptions(env.warnings));
  const text = plainText(html);
  return { html, text, wordCount: text.match(WORD)?.length ?? 0, warnings: env.warnings, scannedLines: env.scanned };
}

function lineCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function plainText(html: string): string {
  // A block's end is a word break: "…itself." and a citation that follows must not run together.
  const spaced = html.replace(/<\/(?:p|h[1-6]|li|blockquote|figcaption|figure|td|th|dd|dt|pre|div|aside|caption)>|<br\s*\/?>/gi, '$& ');
  return sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} })
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
