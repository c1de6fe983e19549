import { type DiffStrings, stringsFor } from '../i18n/strings.ts';
import { type Html, html, type SafeHtml } from '../render/html.ts';
import { countWords, type DiffKind, type DiffPart, isSpace } from './word-diff.ts';

/**
 * The rendering of a word diff for the public history page. Every loop here is
 * a single pass over the text: a revision is stored text that anyone can ask
 * to see compared, so nothing may be worse than linear in its length.
 */

/** Words of unchanged text kept on each side of a change when a long stretch is collapsed. */
export const CONTEXT_WORDS = 25;
/** An unchanged stretch is only collapsed when that hides at least this many words. */
const MIN_HIDDEN_WORDS = 10;

type Atom =
  | { t: 'text'; kind: DiffKind; text: string }
  | { t: 'break'; newlines: number }
  | { t: 'mark'; kind: 'added' | 'removed'; what: string }
  | { t: 'gap'; words: number; block: boolean };

/**
 * The diff as HTML: paragraphs as <p>, line breaks as <br>, changes in <ins>
 * and <del> (each with a visually hidden "added:"/"removed:" for screen
 * readers), and long unchanged stretches cut down to the words next to a
 * change around a "…". Structure follows both texts: a paragraph break that
 * exists in either revision is shown.
 */
export function diffHtml(parts: readonly DiffPart[], t: DiffStrings = stringsFor('en').history.diff): SafeHtml {
  if (!parts.some((p) => p.kind !== 'same')) {
    return html`<p class="diff__none">${t.noChanges}</p>`;
  }
  const atoms: Atom[] = [];
  parts.forEach((p, i) => {
    if (p.kind === 'same') {
      collapse(p.text, i === 0, i === parts.length - 1, atoms);
    } else if (p.text.includes('\n') && countWords(p.text) === 0) {
      // Only a break was added or removed: show where, since whitespace is invisible.
      atoms.push({ t: 'mark', kind: p.kind, what: maxNewlinesInRun(p.text) >= 2 ? t.paragraphBreak : t.lineBreak });
      split(p.text, p.kind, atoms);
    } else {
      split(p.text, p.kind, atoms);
    }
  });
  return render(atoms, t);
}

/** Whitespace runs and words, in order: one pass. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || isSpace(text.charCodeAt(i)) !== isSpace(text.charCodeAt(start))) {
      out.push(text.slice(start, i));
      start = i;
    }
  }
  return out;
}

/** The most newlines in one whitespace run: 2 or more is a paragraph break. */
function maxNewlinesInRun(ws: string): number {
  let most = 0;
  let n = 0;
  for (let i = 0; i < ws.length; i++) {
    const c = ws.charCodeAt(i);
    if (c === 10) n++;
    else if (!isSpace(c)) n = 0;
    most = Math.max(most, n);
  }
  return most;
}

/**
 * Unchanged text, shortened to CONTEXT_WORDS words next to each neighbouring
 * change. What is left out keeps its place in the paragraph structure: the
 * rest of a paragraph that is partly shown becomes an inline "…", whole
 * paragraphs become a "…" paragraph of their own.
 */
function collapse(text: string, first: boolean, last: boolean, out: Atom[]): void {
  const toks = text ? tokens(text) : [];
  const isWord = (tok: string) => !isSpace(tok.charCodeAt(0));
  const wordAt: number[] = []; // token index of each word
  toks.forEach((tok, i) => {
    if (isWord(tok)) wordAt.push(i);
  });
  const words = wordAt.length;
  const keepHead = first ? 0 : CONTEXT_WORDS; // words kept after the change before this stretch
  const keepTail = last ? 0 : CONTEXT_WORDS; // words kept before the change after it
  if (words - keepHead - keepTail < MIN_HIDDEN_WORDS) {
    split(text, 'same', out);
    return;
  }
  const headEnd = keepHead ? wordAt[keepHead - 1] + 1 : 0;
  const tailStart = keepTail ? wordAt[words - keepTail] : toks.length;
  // Words before each token index, so a region's word count is one subtraction.
  const before: number[] = [0];
  toks.forEach((tok, i) => before.push(before[i] + (isWord(tok) ? 1 : 0)));
  const wordsIn = (from: number, to: number) => before[to] - before[from];
  const show = (from: number, to: number) => split(toks.slice(from, to).join(''), 'same', out);
  /** Leave a region out if that hides enough words to be worth it, else show it. */
  const region = (from: number, to: number, block: boolean) => {
    const n = wordsIn(from, to);
    if (n < MIN_HIDDEN_WORDS) show(from, to);
    else if (block) out.push({ t: 'break', newlines: 2 }, { t: 'gap', words: n, block }, { t: 'break', newlines: 2 });
    else out.push({ t: 'gap', words: n, block });
  };

  show(0, headEnd);
  const breaks: number[] = [];
  for (let i = headEnd; i < tailStart; i++) if (!isWord(toks[i]) && maxNewlinesInRun(toks[i]) >= 2) breaks.push(i);
  if (!breaks.length) {
    region(headEnd, tailStart, false);
  } else {
    // The rest of the head's paragraph, whole paragraphs (with the breaks around
    // them), the start of the tail's paragraph. The beginning and the end of the
    // text count as whole paragraphs.
    const p1 = first ? headEnd : breaks[0];
    const p2 = last ? tailStart : breaks[breaks.length - 1] + 1;
    region(headEnd, p1, false);
    region(p1, p2, true);
    region(p2, tailStart, false);
  }
  show(tailStart, toks.length);
}

/**
 * Text into atoms: a run of whitespace holding a newline becomes a break (its
 * spaces go with it). Written as one scan: a regular expression here was
 * quadratic on a long run of spaces with no newline.
 */
function split(text: string, kind: DiffKind, out: Atom[]): void {
  let at = 0; // start of text not yet emitted
  let i = 0;
  while (i < text.length) {
    if (!isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    let newlines = 0;
    while (end < text.length && isSpace(text.charCodeAt(end))) {
      if (text.charCodeAt(end) === 10) newlines++;
      end++;
    }
    if (newlines) {
      // Horizontal space before the first newline stays out of the text, as does everything after it.
      if (i > at) out.push({ t: 'text', kind, text: text.slice(at, i) });
      out.push({ t: 'break', newlines });
      at = end;
    }
    i = end;
  }
  if (at < text.length) out.push({ t: 'text', kind, text: text.slice(at) });
}

function render(atoms: Atom[], t: DiffStrings): SafeHtml {
  const blocks: Html[] = [];
  let line: Html[] = [];
  let pending = 0; // newlines seen since the last text, possibly spread over several parts
  const flush = () => {
    if (line.length) blocks.push(html`<p>${line}</p>`);
    line = [];
  };
  const settle = () => {
    if (pending >= 2) flush();
    else if (pending === 1 && line.length) line.push(html`<br>`);
    pending = 0;
  };
  for (const a of atoms) {
    switch (a.t) {
      case 'break':
        pending += a.newlines;
        break;
      case 'mark': // belongs to the end of the text before the break
        line.push(changed(t, a.kind, html`<span aria-hidden="true">¶</span><span class="visually-hidden">${a.what}</span>`, 'diff__break'));
        break;
      case 'gap': {
        settle();
        const marker = html`<span class="diff__gap"><span aria-hidden="true">…</span><span class="visually-hidden">${t.unchangedNotShown(a.words)}</span></span>`;
        if (a.block) {
          flush();
          blocks.push(html`<p class="diff__skip">${marker}</p>`);
        } else line.push(line.length ? html` ${marker} ` : html`${marker} `);
        break;
      }
      case 'text':
        settle();
        line.push(inline(t, a.kind, a.text));
        break;
    }
  }
  flush();
  return html`${blocks}`;
}

function inline(t: DiffStrings, kind: DiffKind, text: string): Html {
  if (kind === 'same') return html`${text}`;
  // Spaces around a changed word stay outside the mark.
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return html`${text}`;
  return html`${text.slice(0, start)}${changed(t, kind, html`${text.slice(start, end)}`)}${text.slice(end)}`;
}

function changed(t: DiffStrings, kind: 'added' | 'removed', content: Html, cls?: string): Html {
  const label = html`<span class="visually-hidden">${t[kind]}</span>`;
  return kind === 'added'
    ? html`<ins${cls ? html` class="${cls}"` : ''}>${label}${content}</ins>`
    : html`<del${cls ? html` class="${cls}"` : ''}>${label}${content}</del>`;
}
