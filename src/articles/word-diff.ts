import { type Change, diffLines, diffWordsWithSpace } from 'diff';
import { type DiffStrings, stringsFor } from '../i18n/strings.ts';
import { type Html, html, type SafeHtml } from '../render/html.ts';

/**
 * Word-level differences between two revisions of an article, and their
 * rendering for the public history page. Pure: no database, no I/O.
 */

export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** Words of unchanged text kept on each side of a change when a long stretch is collapsed. */
export const CONTEXT_WORDS = 25;
/** An unchanged stretch is only collapsed when that hides at least this many words. */
const MIN_HIDDEN_WORDS = 10;
/**
 * Myers' diff costs about (length × edit distance); a complete rewrite of a long
 * article would take seconds. Past this many token edits the word diff gives up
 * and the text is compared paragraph by paragraph instead.
 */
const MAX_EDIT_LENGTH = 2000;
const MAX_HUNK_EDIT_LENGTH = 1000;

/** The plain-text form of a revision that is compared: title, standfirst and body, one paragraph apart. */
export function revisionText(r: { title: string; standfirst: string; bodyMd: string }): string {
  return [r.title, r.standfirst, r.bodyMd]
    .map((s) => normaliseNewlines(s).trim())
    .filter((s) => s !== '')
    .join('\n\n');
}

function normaliseNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** What changed between two texts, word by word. Parts alternate: no two neighbours share a kind. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = normaliseNewlines(before);
  const b = normaliseNewlines(after);
  if (a === b) return a ? [{ kind: 'same', text: a }] : [];
  const changes = diffWordsWithSpace(a, b, { maxEditLength: MAX_EDIT_LENGTH }) ?? byParagraph(a, b);
  return tidy(changes.map(toPart));
}

function toPart(c: Change): DiffPart {
  return { kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value };
}

/** Fallback for large rewrites: a line diff, then a word diff inside each changed stretch small enough. */
function byParagraph(a: string, b: string): Change[] {
  const lines = diffLines(a, b, { maxEditLength: MAX_EDIT_LENGTH }) ?? [
    { value: a, removed: true, added: false, count: 1 },
    { value: b, removed: false, added: true, count: 1 },
  ];
  const out: Change[] = [];
  let removed = '';
  let added = '';
  const settle = () => {
    if (removed && added) {
      const words = diffWordsWithSpace(removed, added, { maxEditLength: MAX_HUNK_EDIT_LENGTH });
      if (words) out.push(...words);
      else out.push(change(removed, 'removed'), change(added, 'added'));
    } else if (removed) out.push(change(removed, 'removed'));
    else if (added) out.push(change(added, 'added'));
    removed = '';
    added = '';
  };
  for (const c of lines) {
    if (c.removed) removed += c.value;
    else if (c.added) added += c.value;
    else {
      settle();
      out.push(c);
    }
  }
  settle();
  return out;
}

function change(value: string, kind: 'added' | 'removed'): Change {
  return { value, added: kind === 'added', removed: kind === 'removed', count: 1 };
}

/**
 * Normalise a list of parts: drop empty ones; inside each stretch between two
 * unchanged parts, put all removed text first and all added text after it;
 * and join two replacements separated only by a space ("the quick" → "a slow"
 * reads as one change, not two).
 */
function tidy(parts: DiffPart[]): DiffPart[] {
  interface Run { same: string | null; removed: string; added: string }
  const runs: Run[] = [];
  for (const p of parts) {
    if (!p.text) continue;
    const last = runs[runs.length - 1];
    if (p.kind === 'same') {
      if (last && last.same !== null) last.same += p.text;
      else runs.push({ same: p.text, removed: '', added: '' });
    } else {
      const run = last && last.same === null ? last : (runs.push({ same: null, removed: '', added: '' }), runs[runs.length - 1]);
      run[p.kind] += p.text;
    }
  }
  // Fold "replacement, space, replacement" into one replacement.
  for (let i = 1; i < runs.length - 1; i++) {
    const [prev, mid, next] = [runs[i - 1], runs[i], runs[i + 1]];
    if (mid.same !== null && /^[^\S\n]+$/.test(mid.same) && isReplacement(prev) && isReplacement(next)) {
      prev.removed += mid.same + next.removed;
      prev.added += mid.same + next.added;
      runs.splice(i, 2);
      i--;
    }
  }
  const out: DiffPart[] = [];
  for (const r of runs) {
    if (r.same !== null) out.push({ kind: 'same', text: r.same });
    else {
      if (r.removed) out.push({ kind: 'removed', text: r.removed });
      if (r.added) out.push({ kind: 'added', text: r.added });
    }
  }
  return out;
}

function isReplacement(r: { same: string | null; removed: string; added: string }): boolean {
  return r.same === null && r.removed !== '' && r.added !== '';
}

function countWords(s: string): number {
  return s.match(/\S+/g)?.length ?? 0;
}

/** Words added and removed (a word is a run of non-space characters, so "£5,000" is one). */
export function diffStats(parts: readonly DiffPart[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.kind === 'added') added += countWords(p.text);
    else if (p.kind === 'removed') removed += countWords(p.text);
  }
  return { added, removed };
}

// ----- Rendering -----

type Atom =
  | { t: 'text'; kind: DiffKind; text: string }
  | { t: 'break'; newlines: number }
  | { t: 'mark'; kind: 'added' | 'removed'; what: string }
  | { t: 'gap'; words: number; block: boolean };

const PARAGRAPH_BREAK = /\n[^\S\n]*\n/;

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
    } else if (!/\S/.test(p.text) && p.text.includes('\n')) {
      // Only a break was added or removed: show where, since whitespace is invisible.
      atoms.push({ t: 'mark', kind: p.kind, what: PARAGRAPH_BREAK.test(p.text) ? t.paragraphBreak : t.lineBreak });
      split(p.text, p.kind, atoms);
    } else {
      split(p.text, p.kind, atoms);
    }
  });
  return render(atoms, t);
}

/**
 * Unchanged text, shortened to CONTEXT_WORDS words next to each neighbouring
 * change. What is left out keeps its place in the paragraph structure: the
 * rest of a paragraph that is partly shown becomes an inline "…", whole
 * paragraphs become a "…" paragraph of their own.
 */
function collapse(text: string, first: boolean, last: boolean, out: Atom[]): void {
  const tokens = text.match(/\s+|\S+/g) ?? [];
  const wordAt: number[] = []; // token index of each word
  tokens.forEach((tok, i) => {
    if (/\S/.test(tok)) wordAt.push(i);
  });
  const words = wordAt.length;
  const keepHead = first ? 0 : CONTEXT_WORDS; // words kept after the change before this stretch
  const keepTail = last ? 0 : CONTEXT_WORDS; // words kept before the change after it
  if (words - keepHead - keepTail < MIN_HIDDEN_WORDS) {
    split(text, 'same', out);
    return;
  }
  const headEnd = keepHead ? wordAt[keepHead - 1] + 1 : 0;
  const tailStart = keepTail ? wordAt[words - keepTail] : tokens.length;
  const wordsIn = (from: number, to: number) => tokens.slice(from, to).filter((tok) => /\S/.test(tok)).length;
  const show = (from: number, to: number) => split(tokens.slice(from, to).join(''), 'same', out);
  /** Leave a region out if that hides enough words to be worth it, else show it. */
  const region = (from: number, to: number, block: boolean) => {
    const n = wordsIn(from, to);
    if (n < MIN_HIDDEN_WORDS) show(from, to);
    else if (block) out.push({ t: 'break', newlines: 2 }, { t: 'gap', words: n, block }, { t: 'break', newlines: 2 });
    else out.push({ t: 'gap', words: n, block });
  };

  show(0, headEnd);
  const breaks: number[] = [];
  for (let i = headEnd; i < tailStart; i++) if (PARAGRAPH_BREAK.test(tokens[i])) breaks.push(i);
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
  show(tailStart, tokens.length);
}

/** Text into atoms: runs of whitespace holding a newline become breaks. */
function split(text: string, kind: DiffKind, out: Atom[]): void {
  const re = /[^\S\n]*\n\s*/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push({ t: 'text', kind, text: text.slice(at, m.index) });
    out.push({ t: 'break', newlines: m[0].split('\n').length - 1 });
    at = m.index + m[0].length;
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
  const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  if (!core) return html`${text}`;
  return html`${lead}${changed(t, kind, html`${core}`)}${trail}`;
}

function changed(t: DiffStrings, kind: 'added' | 'removed', content: Html, cls?: string): Html {
  const label = html`<span class="visually-hidden">${t[kind]}</span>`;
  return kind === 'added'
    ? html`<ins${cls ? html` class="${cls}"` : ''}>${label}${content}</ins>`
    : html`<del${cls ? html` class="${cls}"` : ''}>${label}${content}</del>`;
}
