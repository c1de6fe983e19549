import MarkdownIt, { type StateBlock } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { RenderedComment } from './intake/types.ts';

/**
 * The small Markdown of comments: paragraphs, line breaks, *emphasis* and
 * **strong**, links, > quotes and `inline code`. Everything else a reader types
 * (HTML, headings, lists, images, tables) is shown as the text it is. A separate
 * instance from the articles' one, started from markdown-it's "zero" preset so
 * only the rules named here exist; its output then goes through an allow-list
 * that knows only these elements, as a second line of defence.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true, typographer: false, maxNesting: 10 });
md.enable(['blockquote', 'newline', 'emphasis', 'link', 'autolink', 'backticks', 'escape', 'entity', 'linkify']);
// Only web addresses become links; "javascript:", "data:", relative and protocol-relative ones stay text.
md.validateLink = (url) => /^https?:\/\/[^\s/?#]+/i.test(url.trim());
// Links to bare domains ("example.org") are not made: text with a full stop in it is not a link by accident.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
// Quotes nest three deep; a deeper ">" is shown as it was typed (markdown-it would drop text past its nesting limit).
const QUOTE_DEPTH = 3;
const blockquote = (md.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule }[] }).__rules__.find((r) => r.name === 'blockquote')!.fn;
// Quotes are the only blocks that nest here, so the state's level is the depth of quotes.
md.block.ruler.at('blockquote', (state, start, end, silent) => state.level < QUOTE_DEPTH && blockquote(state, start, end, silent), {
  alt: ['paragraph', 'reference', 'blockquote', 'list'],
});

type BlockRule = (state: StateBlock, start: number, end: number, silent: boolean) => boolean;

export const REL = 'nofollow ugc noopener';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'blockquote', 'code'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Anything else is shown as text rather than silently dropped.
  disallowedTagsMode: 'escape',
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: REL } }) },
};

/** The comment as HTML (sanitised), as plain text (for mail and the moderators), and how many links it has. */
export function renderComment(source: string): RenderedComment {
  const tokens = md.parse(source, {});
  let links = 0;
  for (const t of tokens) for (const c of t.children ?? []) if (c.type === 'link_open') links++;
  const html = sanitizeHtml(md.renderer.render(tokens, md.options, {}), ALLOWED).trim();
  return { html, text: plainText(html), links };
}

/**
 * The words of rendered comment HTML, with paragraphs and line breaks kept as
 * line ends. The HTML is this module's own output (the allow-list's few elements,
 * text escaped), so taking the tags out is enough; the result is text, escaped
 * again wherever it is shown.
 */
export function plainText(html: string): string {
  const spaced = html.replace(/<br\s*\/?>\n?/g, '\n').replace(/<\/(p|blockquote)>\n?/g, '\n\n');
  return decodeEntities(spaced.replace(/<[^>]*>/g, '')).replace(/\n{3,}/g, '\n\n').trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_, e: string) => ENTITIES[e]);
}

/**
 * The text with case, spacing and invisible characters evened out, for finding
 * the same comment posted twice (and for matching the blocklist).
 */
export function normalisedText(source: string): string {
  return source.normalize('NFKC').toLowerCase().replace(/[\u00ad\u200b-\u200f\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}
