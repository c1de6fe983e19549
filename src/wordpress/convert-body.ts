import { EMBED_HOSTS } from './figures.ts';
import { type BodyContext, markdownService } from './markdown-rules.ts';
import { expandShortcodes } from './shortcodes.ts';

/**
 * A WordPress body — classic HTML with WordPress's paragraph rules and
 * shortcodes, block-editor markup, or both — as Samizdat Markdown, with the
 * list of what could not be converted. Order: block comments read (the blocks
 * WordPress makes when a page is shown have nothing to keep, and are named),
 * paragraphs made where the classic editor left blank lines, shortcodes made
 * into their HTML, then the HTML converted (markdown-rules.ts).
 */

export interface ConvertedBody {
  markdown: string;
  /** What was left out or kept as HTML, in words for the report; empty when all converted. */
  notes: string[];
}

export type { BodyContext };

/**
 * Blocks that hold no content of their own: WordPress fills them in when a
 * page is shown (latest posts, a search box, the comment form …). Containers
 * (group, columns, cover) hold their content and are simply unwrapped.
 */
const SHOWN_BY_WORDPRESS = /^(?:latest-posts|latest-comments|archives|categories|calendar|rss|search|tag-cloud|page-list|loginout|navigation|navigation-link|social-links?|query(?:-.*)?|post-.+|comments?(?:-.*)?|comment-.+|site-.+|avatar|read-more|term-description|footnotes|home-link|legacy-widget|widget-group|block|template-part|pattern)$/;
const IGNORED = new Set(['more', 'nextpage', 'spacer']);

export function convertBody(content: string, ctx: BodyContext): ConvertedBody {
  const notes = new Set<string>();
  let html = content.replace(/\r\n?/g, '\n');
  const hasBlocks = /<!--\s+wp:/.test(html);
  if (hasBlocks) {
    noteDynamicBlocks(html, notes);
    html = paragraphsOutsideBlocks(html);
  } else {
    html = autop(html);
  }
  // WordPress's page break and "more" marks: a divider, and nothing.
  html = html.replace(/<!--\s*nextpage\s*-->/g, '<hr>').replace(/<!--\s*more\b[^>]*-->/g, '');
  const shortcodes = expandShortcodes(html, ctx.attachedTo);
  for (const d of shortcodes.dropped) notes.add(d);
  for (const name of shortcodes.unknown) notes.add(`the shortcode [${name}] (left as its text)`);
  const markdown = markdownService(ctx, notes).turndown(shortcodes.html);
  return { markdown: tidy(markdown), notes: grouped(notes) };
}

/** "a picture not in the import …: <address>" said once with every address, not once per picture. */
function grouped(notes: Set<string>): string[] {
  const groups = new Map<string, string[]>();
  for (const n of notes) {
    const m = /^(.*?): (https?:\/\/\S+)$/.exec(n);
    const [key, detail] = m ? [m[1], m[2]] : [n, ''];
    groups.set(key, [...(groups.get(key) ?? []), ...(detail ? [detail] : [])]);
  }
  return [...groups].map(([key, details]) => (details.length > 1 ? `${key} (${details.length}): ${details.join(', ')}` : details.length ? `${key}: ${details[0]}` : key));
}

function noteDynamicBlocks(html: string, notes: Set<string>): void {
  const shown = new Set<string>();
  for (const m of html.matchAll(/<!--\s+wp:([a-z0-9-]+\/)?([a-z0-9-]+)[\s\S]*?-->/g)) {
    const [ns, name] = [m[1] ?? '', m[2]];
    if (IGNORED.has(name) && !ns) continue;
    if (!ns && SHOWN_BY_WORDPRESS.test(name)) shown.add(name);
    else if (ns && ns !== 'core-embed/' && ns !== 'core/') notes.add(`the “${ns}${name}” block (from a plugin: its HTML was converted as it stood)`);
  }
  if (shown.size) notes.add(`blocks WordPress filled in when showing the page, with nothing to keep: ${[...shown].join(', ')}`);
}

/** Classic text between blocks (the "freeform" parts) gets paragraphs; block interiors have theirs already. */
function paragraphsOutsideBlocks(html: string): string {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  for (const m of html.matchAll(/<!--\s+(\/)?wp:[a-z0-9/-]+[\s\S]*?(\/)?-->/g)) {
    const between = html.slice(last, m.index);
    out.push(depth === 0 ? autop(between) : between, m[0]);
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (!m[2]) depth++;
    last = m.index + m[0].length;
  }
  const rest = html.slice(last);
  out.push(depth === 0 ? autop(rest) : rest);
  return out.join('');
}

const BLOCK = 'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|script|object';
const OPENS_BLOCK = new RegExp(`^<(?:${BLOCK})[\\s/>]`, 'i');
const CLOSES_BLOCK = new RegExp(`</(?:${BLOCK})>$`, 'i');

/**
 * WordPress's paragraph rule for classic text: blank lines part paragraphs,
 * a single line break is a <br>, and block-level HTML stands on its own.
 * <pre> keeps its lines; a web address alone in a paragraph from a site
 * WordPress embeds becomes the embed it was shown as.
 */
export function autop(text: string): string {
  if (!text.trim()) return text;
  const kept: string[] = [];
  let s = text.replace(/<pre\b[\s\S]*?<\/pre>/gi, (pre) => `<pre data-kept="${kept.push(pre) - 1}"></pre>`);
  s = s.replace(new RegExp(`(<(?:${BLOCK})[\\s/>])`, 'gi'), '\n\n$1').replace(new RegExp(`(</(?:${BLOCK})>)`, 'gi'), '$1\n\n');
  const chunks = s.split(/\n\s*\n/).map((c) => c.trim()).filter(Boolean);
  const out = chunks.map((c) => {
    if (OPENS_BLOCK.test(c) || CLOSES_BLOCK.test(c)) return c;
    if (/^https?:\/\/\S+$/.test(c) && isEmbedHost(c)) return `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">${c}</div></figure>`;
    return `<p>${c.replace(/\n/g, '<br>\n')}</p>`;
  });
  return out.join('\n\n').replace(/<pre data-kept="(\d+)"><\/pre>/g, (_m, i: string) => kept[Number(i)]);
}

function isEmbedHost(url: string): boolean {
  try {
    return EMBED_HOSTS.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

function tidy(markdown: string): string {
  return markdown
    .replace(/[ \t]+\n/g, '\n')
    // A line break that ends a paragraph, a quote or a block breaks nothing.
    .replace(/\\+\n(?=>?[ \t]*\n|:::|$)/g, '\n')
    .replace(/\\+$/, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
