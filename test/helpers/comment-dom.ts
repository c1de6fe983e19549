import { type DefaultTreeAdapterMap, parse } from 'parse5';

/**
 * Comments as a browser would see them in a page: parsed with parse5 (the
 * HTML standard's parser), so a test checks the elements and attributes that
 * really result, not the text of the markup.
 */

type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

export function isElement(n: Node): n is Element {
  return 'tagName' in n;
}

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function hasClass(el: Element, c: string): boolean {
  return (attr(el, 'class') ?? '').split(/\s+/).includes(c);
}

export function* walk(n: Node): Generator<Element> {
  if (isElement(n)) yield n;
  const kids = 'childNodes' in n ? n.childNodes : [];
  for (const k of kids) yield* walk(k);
  if (isElement(n) && n.tagName === 'template') yield* walk((n as unknown as { content: Node }).content);
}

export function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in n ? n.childNodes.map(textOf).join('') : '';
}

export interface DomComment {
  id: number;
  /** The comment it is nested under on the page, if any. */
  parentId: number | null;
  el: Element;
  author: string | null;
  marker: string | null;
  body: Element | null;
}

/** Every comment on a page, with where it is nested. */
export function commentsIn(html: string): DomComment[] {
  const out: DomComment[] = [];
  const visit = (n: Node, parentId: number | null) => {
    if (!('childNodes' in n)) return;
    let lastHere: number | null = parentId;
    for (const k of n.childNodes) {
      if (isElement(k) && k.tagName === 'article' && hasClass(k, 'comment')) {
        const id = Number(attr(k, 'id')!.replace('comment-', ''));
        const find = (cls: string) => [...walk(k)].find((e) => hasClass(e, cls)) ?? null;
        const author = find('comment__author');
        const marker = find('comment__marker');
        out.push({ id, parentId, el: k, author: author && textOf(author), marker: marker && textOf(marker), body: find('comment__body') });
        lastHere = id;
        continue;
      }
      // A list of replies follows the comment it answers.
      visit(k, isElement(k) && hasClass(k, 'comment-replies') ? lastHere : parentId);
    }
  };
  visit(parse(html), null);
  return out;
}
