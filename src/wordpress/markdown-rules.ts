import sanitizeHtml from 'sanitize-html';
import TurndownService from 'turndown';
import { embedAddress, embedMarkdown, figureMarkdown, linkTarget, missingPictureMarkdown, type PictureRef, pullquoteMarkdown } from './figures.ts';

/**
 * HTML → Samizdat Markdown with turndown, taught our blocks: images become
 * `::: figure` (when the import brought the picture into the library), block
 * quotes keep their citation, pull quotes and embeds their own blocks, `<hr>`
 * is the `* * *` divider, simple tables become Markdown tables. What has no
 * Markdown form is either kept as sanitised HTML the body allows (a table
 * with merged cells) or dropped (scripts, forms, players from unknown sites),
 * and each is named in `notes` for the import report.
 */

export interface BodyContext {
  /** The library picture an image became, found by attachment id or by its address on the old site. */
  picture(ref: { id?: string; src?: string }): PictureRef | null;
  /** Where an attachment's file was on the old site, for a link when its picture was not imported. */
  attachmentUrl(id: string): string | null;
  /** The old site's origin (https://example.org): links to it become paths here, which its redirects answer. */
  siteOrigin: string | null;
  /** The post's attached images, for a [gallery] that names none. */
  attachedTo: string[];
}

type El = HTMLElement;

const INLINE_KEPT = ['SUB', 'SUP', 'U', 'MARK', 'SMALL', 'KBD'];
const DROPPED = ['SCRIPT', 'STYLE', 'NOSCRIPT', 'OBJECT', 'EMBED', 'APPLET', 'FORM', 'INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'CANVAS', 'SVG', 'TEMPLATE'];

/** The allow-list for HTML kept as it is (tables with merged cells): structure and inline text only. */
const KEPT_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'p', 'br', 'a', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'code', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href'], th: ['scope', 'colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

const is = (node: Node, name: string) => node.nodeName === name;
const hasClass = (node: El, cls: string) => (` ${node.getAttribute('class') ?? ''} `).includes(` ${cls} `);
const all = (node: El, selector: string) => Array.from(node.querySelectorAll(selector)) as El[];

export function markdownService(ctx: BodyContext, notes: Set<string>): TurndownService {
  const td = new TurndownService({ headingStyle: 'atx', hr: '* * *', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*', strongDelimiter: '**', br: '\\' });
  const baseEscape = td.escape.bind(td);
  // Text that happens to start a line with ::: must not open one of our blocks.
  // An ampersand that reads as an entity ("&nbsp;" written out as text) must stay text too.
  td.escape = (s: string) => baseEscape(s).replace(/^:::/gm, '\\:::').replace(/&(?=#?\w+;)/g, '\\&');
  const inline = (html: string) => td.turndown(html).replace(/\\\n/g, ' ').replace(/\s*\n+\s*/g, ' ').replace(/\\$/, '').trim();
  const picture = (img: El, caption: string) => pictureMarkdown(td, ctx, notes, img, caption);

  for (const name of DROPPED) {
    td.addRule(`drop-${name}`, {
      filter: (node) => is(node, name),
      replacement: () => {
        notes.add(`<${name.toLowerCase()}> (removed: the body takes no ${name === 'SCRIPT' || name === 'STYLE' ? 'scripts or styles' : 'forms, plug-ins or drawings'})`);
        return '';
      },
    });
  }
  td.addRule('h1', { filter: 'h1', replacement: (content) => `\n\n## ${content.trim()}\n\n` });
  td.addRule('strike', { filter: ['del', 's', 'strike'] as TurndownService.TagName[], replacement: (content) => (content.trim() ? `~~${content}~~` : '') });
  td.addRule('inline-kept', { filter: (node) => INLINE_KEPT.includes(node.nodeName), replacement: (content, node) => `<${node.nodeName.toLowerCase()}>${content}</${node.nodeName.toLowerCase()}>` });
  td.addRule('summary', { filter: 'summary', replacement: (content) => `\n\n**${content.trim()}**\n\n` });
  td.addRule('preformatted', {
    filter: (node) => is(node, 'PRE') && !(node.firstChild && is(node.firstChild, 'CODE')),
    replacement: (_c, node) => verseOrCode(td, node as El),
  });
  // The classic editor's paragraph rule put <br> into code written over several lines: that is a code block.
  td.addRule('code-lines', {
    filter: (node) => is(node, 'CODE') && !(node.parentNode && is(node.parentNode, 'PRE')) && Boolean((node as El).querySelector('br')),
    replacement: (_c, node) => verseOrCode(td, brToNewline(node as El)),
  });
  td.addRule('image-link', {
    filter: (node) => is(node, 'A') && onlyChildImage(node as El) !== null,
    replacement: (_c, node) => picture(onlyChildImage(node as El)!, ''),
  });
  td.addRule('image', { filter: 'img', replacement: (_c, node) => picture(node as El, '') });
  td.addRule('link', { filter: (node) => is(node, 'A') && Boolean((node as El).getAttribute('href')), replacement: (content, node) => link(ctx, content, node as El) });
  td.addRule('figure', { filter: 'figure', replacement: (content, node) => figure(td, ctx, notes, node as El, content, inline, picture) });
  td.addRule('cite', { filter: (node) => is(node, 'CITE') && Boolean(node.parentNode && is(node.parentNode, 'BLOCKQUOTE')), replacement: (content) => `\n\n— ${content.trim()}\n\n` });
  td.addRule('tweet', {
    filter: (node) => is(node, 'BLOCKQUOTE') && (hasClass(node as El, 'twitter-tweet') || hasClass(node as El, 'instagram-media')),
    replacement: (content, node) => {
      const href = all(node as El, 'a').map((a) => a.getAttribute('href') ?? '').reverse().find((h) => /\/status\/\d+|instagram\.com\/p\//.test(h));
      const address = href ? embedAddress(href) : null;
      return address ? embedMarkdown(address, '') : `\n\n${content}\n\n`;
    },
  });
  td.addRule('iframe', { filter: 'iframe', replacement: (_c, node) => iframe(notes, node as El) });
  td.addRule('player', { filter: ['video', 'audio'], replacement: (_c, node) => player(td, notes, node as El) });
  td.addRule('table', { filter: 'table', replacement: (_c, node) => table(notes, node as El, inline) });
  return td;
}

function onlyChildImage(a: El): El | null {
  const elements = Array.from(a.childNodes).filter((n) => n.nodeType === 1 || (n.nodeType === 3 && n.textContent!.trim()));
  return elements.length === 1 && is(elements[0], 'IMG') ? (elements[0] as El) : null;
}

function pictureMarkdown(td: TurndownService, ctx: BodyContext, notes: Set<string>, img: El, caption: string): string {
  const alt = img.getAttribute('alt') ?? '';
  // WordPress's own emoji images stand for the character in their alt text.
  if (/\b(wp-smiley|emoji)\b/.test(img.getAttribute('class') ?? '')) return td.escape(alt);
  const id = img.getAttribute('data-wp-id') ?? /\bwp-image-(\d+)\b/.exec(img.getAttribute('class') ?? '')?.[1] ?? img.getAttribute('data-id') ?? undefined;
  const src = img.getAttribute('src') ?? (id ? ctx.attachmentUrl(id) : null) ?? '';
  const found = ctx.picture({ id, src });
  if (found) return figureMarkdown(found, { alt, caption });
  if (!src || src.startsWith('data:')) {
    notes.add('a picture with no address (left out)');
    return '';
  }
  notes.add(`a picture not in the import, linked to where it was: ${src}`);
  return missingPictureMarkdown(src, { alt, caption }, (s) => td.escape(s));
}

function link(ctx: BodyContext, content: string, a: El): string {
  let href = (a.getAttribute('href') ?? '').trim();
  if (/^javascript:/i.test(href)) return content;
  // A link to another page of the old site becomes a path here, where that page's redirect answers.
  if (ctx.siteOrigin && href.startsWith(ctx.siteOrigin) && /^[/?#]/.test(href.slice(ctx.siteOrigin.length) || '/')) {
    href = href.slice(ctx.siteOrigin.length) || '/';
  }
  if (!content.trim()) return '';
  const title = a.getAttribute('title');
  return `[${content}](${linkTarget(href)}${title ? ` "${title.replace(/"/g, '\\"')}"` : ''})`;
}

type Inline = (html: string) => string;
type Picture = (img: El, caption: string) => string;

function figure(td: TurndownService, ctx: BodyContext, notes: Set<string>, node: El, content: string, inline: Inline, picture: Picture): string {
  const cls = node.getAttribute('class') ?? '';
  const figcaption = Array.from(node.children).find((c) => is(c, 'FIGCAPTION')) as El | undefined;
  const caption = figcaption ? inline(figcaption.innerHTML) : '';
  if (/\bwp-block-embed\b/.test(cls)) {
    const wrapper = node.querySelector('.wp-block-embed__wrapper') as El | null;
    const iframeSrc = node.querySelector('iframe')?.getAttribute('src');
    const address = embedAddress(wrapper?.textContent?.trim() || iframeSrc || '');
    if (address) return embedMarkdown(address, caption);
    notes.add('an embed with no address (left out)');
    return '';
  }
  if (/\bwp-block-pullquote\b/.test(cls)) {
    const cite = node.querySelector('cite');
    const quote = all(node, 'blockquote p').map((p) => inline(p.innerHTML)).join(' ') || inline((node.querySelector('blockquote') ?? node).textContent ?? '');
    return pullquoteMarkdown(quote, cite ? inline(cite.innerHTML) : '');
  }
  const images = all(node, 'img');
  if (!images.length || node.querySelector('table, video, audio, iframe')) return `\n\n${content}\n\n`;
  // A figure of figures (a gallery): each image with its own caption, the gallery's caption after.
  const parts = images.map((img) => {
    const own = closestFigure(img);
    const ownCaption = own && own !== node ? Array.from(own.children).find((c) => is(c, 'FIGCAPTION')) as El | undefined : undefined;
    return picture(img, ownCaption ? inline(ownCaption.innerHTML) : images.length === 1 ? caption : '');
  });
  const galleryCaption = images.length > 1 && caption ? `\n\n${caption}\n\n` : '';
  return `\n\n${parts.join('')}${galleryCaption}\n\n`;
}

function closestFigure(node: El): El | null {
  for (let n = node.parentNode as El | null; n; n = n.parentNode as El | null) if (is(n, 'FIGURE')) return n;
  return null;
}

function verseOrCode(td: TurndownService, node: El): string {
  const text = node.textContent ?? '';
  if (hasClass(node, 'wp-block-verse')) return `\n\n${text.split('\n').map((l) => td.escape(l.trim())).filter(Boolean).join('\\\n')}\n\n`;
  const fence = text.includes('```') ? '~~~' : '```';
  return `\n\n${fence}\n${text.replace(/\n$/, '')}\n${fence}\n\n`;
}

function iframe(notes: Set<string>, node: El): string {
  const address = embedAddress(node.getAttribute('src') ?? '');
  if (!address) {
    notes.add('an <iframe> with no web address (left out)');
    return '';
  }
  if (!/youtube\.com\/watch|vimeo\.com\/\d/.test(address)) notes.add(`a player from ${new URL(address).hostname}, shown as a link`);
  return embedMarkdown(address, node.getAttribute('title') ?? '');
}

function player(td: TurndownService, notes: Set<string>, node: El): string {
  const src = node.getAttribute('src') ?? (node.querySelector('source') as El | null)?.getAttribute('src') ?? '';
  const kind = is(node, 'VIDEO') ? 'Video' : 'Audio';
  if (!src) {
    notes.add(`an <${kind.toLowerCase()}> with no file (left out)`);
    return '';
  }
  notes.add(`${kind === 'Video' ? 'a video' : 'an audio'} file, linked to where it was (the media library holds pictures): ${src}`);
  const name = decodeURIComponent(src.split(/[?#]/)[0].split('/').pop() ?? '') || src;
  return `\n\n${kind}: [${td.escape(name)}](${linkTarget(src)})\n\n`;
}

function table(notes: Set<string>, node: El, inline: Inline): string {
  const rows = all(node, 'tr').filter((tr) => closestTable(tr) === node);
  const cells = rows.map((tr) => Array.from(tr.children).filter((c) => is(c, 'TD') || is(c, 'TH')) as El[]);
  const width = Math.max(0, ...cells.map((r) => r.length));
  const header = rows.length > 0 && (rows[0].parentNode?.nodeName === 'THEAD' || cells[0].every((c) => is(c, 'TH')));
  const simple = header && width > 0 && !node.querySelector('table, [colspan], [rowspan], ul, ol, p + p, img');
  if (!simple) {
    notes.add('a table kept as HTML (it merges cells, has no header row or holds blocks)');
    return `\n\n${sanitizeHtml(node.outerHTML, KEPT_HTML).replace(/\n\s*\n/g, '\n')}\n\n`;
  }
  const line = (r: El[]) => `| ${Array.from({ length: width }, (_, i) => (r[i] ? inline(r[i].innerHTML).replace(/\|/g, '\\|') : '')).join(' | ')} |`;
  const body = cells.slice(1).map(line);
  return `\n\n${[line(cells[0]), `|${' --- |'.repeat(width)}`, ...body].join('\n')}\n\n`;
}

function closestTable(node: El): El | null {
  for (let n = node.parentNode as El | null; n; n = n.parentNode as El | null) if (is(n, 'TABLE')) return n;
  return null;
}

function brToNewline(node: El): El {
  for (const br of all(node, 'br')) br.replaceWith(node.ownerDocument.createTextNode('\n'));
  return node;
}
