import { type Change, diffLines, diffWordsWithSpace } from 'diff';

/**
 * Word-level differences between two revisions of an article. Pure: no
 * database, no I/O. Anyone can ask the public history page to compare any two
 * revisions, so the cost of one comparison is bounded whatever the texts hold
 * (see WORK_BUDGET); rendering is in diff-html.ts.
 */

export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export interface WordDiff {
  parts: DiffPart[];
  /** False when some changed stretches were too large to compare word by word and are shown whole. */
  wordByWord: boolean;
  /** Work spent, in units of (tokens compared × edit length allowed): never above WORK_BUDGET. */
  work: number;
}

/**
 * Myers' diff, as jsdiff runs it, costs at most about (length × edit length).
 * Every call is given an edit-length limit that keeps that product inside what
 * is left of this budget, so one comparison is a few tens of milliseconds at
 * worst; past the budget, changed stretches are shown whole.
 */
export const WORK_BUDGET = 20_000_000;
/** Edit lengths beyond these read as a rewrite rather than a change, even when the budget would allow more. */
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
  return compareTexts(before, after).parts;
}

export function compareTexts(before: string, after: string): WordDiff {
  const a = normaliseNewlines(before);
  const b = normaliseNewlines(after);
  if (a === b) return { parts: a ? [{ kind: 'same', text: a }] : [], wordByWord: true, work: 0 };
  // Most revisions change a few words in a long text: compare only the middle
  // that differs, cut at whitespace so no word is split.
  const head = commonPrefix(a, b);
  const tail = commonSuffix(a.slice(head.length), b.slice(head.length));
  const midA = a.slice(head.length, a.length - tail.length);
  const midB = b.slice(head.length, b.length - tail.length);
  const budget = new Budget();
  let wordByWord = true;
  // A quarter of the budget for the whole-text attempt: a rewrite fails it, and the
  // paragraph-by-paragraph comparison still has the rest.
  let changes = budget.words(midA, midB, MAX_EDIT_LENGTH, WORK_BUDGET / 4);
  if (!changes) {
    const coarse = byParagraph(midA, midB, budget);
    changes = coarse.changes;
    wordByWord = coarse.wordByWord;
  }
  const parts = [change(head, 'same'), ...changes, change(tail, 'same')].map(toPart);
  return { parts: tidy(parts), wordByWord, work: budget.spent };
}

/** Counts the work given to jsdiff and refuses any call that could overrun the budget. */
class Budget {
  spent = 0;

  words(a: string, b: string, wanted: number, cap = WORK_BUDGET): Change[] | undefined {
    return this.run(a, b, wordTokens(a) + wordTokens(b), wanted, cap, (d) => diffWordsWithSpace(a, b, { maxEditLength: d }));
  }

  lines(a: string, b: string, wanted: number): Change[] | undefined {
    return this.run(a, b, lineCount(a) + lineCount(b), wanted, WORK_BUDGET, (d) => diffLines(a, b, { maxEditLength: d }));
  }

  private run(a: string, b: string, tokens: number, wanted: number, cap: number, diff: (maxEditLength: number) => Change[] | undefined): Change[] | undefined {
    if (!a || !b) return [change(a, 'removed'), change(b, 'added')];
    const left = Math.min(cap, WORK_BUDGET - this.spent);
    const d = Math.min(wanted, Math.floor(left / Math.max(1, tokens)));
    if (d < 1) return undefined;
    this.spent += tokens * d;
    return diff(d);
  }
}

/**
 * About as many tokens as jsdiff's word diff makes of a text (runs of letters or
 * digits, runs of spaces, each other character alone), counted in one pass.
 */
export function wordTokens(s: string): number {
  let n = 0;
  let last = -1; // 0 space, 1 word, 2 other
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const kind = isSpace(c) ? 0 : isWordChar(c) ? 1 : 2;
    if (kind === 2 || kind !== last || c === 10) n++;
    last = kind;
  }
  return n;
}

/**
 * The letters jsdiff's word tokenizer joins into words (its `extendedWordChars`):
 * Latin only. Greek, Cyrillic, CJK and the rest are one token per character
 * there, so they must count as such here or the work budget is undercounted.
 */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 0xad
    || (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2c6) || (c >= 0x2c8 && c <= 0x2d7)
    || (c >= 0x2de && c <= 0x2ff) || (c >= 0x1e00 && c <= 0x1eff);
}

function lineCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The longest common start of two texts that ends at a whitespace boundary (or is all of one of them). */
function commonPrefix(a: string, b: string): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return a;
  // Back off to just after the last whitespace, so the changed word is compared whole.
  while (i > 0 && !isSpace(a.charCodeAt(i - 1))) i--;
  return a.slice(0, i);
}

function commonSuffix(a: string, b: string): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  while (i > 0 && !isSpace(a.charCodeAt(a.length - i))) i--;
  return a.slice(a.length - i);
}

export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0xfeff;
}

function toPart(c: Change): DiffPart {
  return { kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value };
}

/**
 * Fallback for large rewrites: a line diff, then a word diff inside each changed
 * stretch while the budget lasts; what the budget cannot cover is shown whole.
 */
function byParagraph(a: string, b: string, budget: Budget): { changes: Change[]; wordByWord: boolean } {
  const lines = budget.lines(a, b, MAX_EDIT_LENGTH) ?? [change(a, 'removed'), change(b, 'added')];
  const out: Change[] = [];
  let wordByWord = true;
  let removed = '';
  let added = '';
  const settle = () => {
    const words = removed && added ? budget.words(removed, added, MAX_HUNK_EDIT_LENGTH) : undefined;
    if (words) out.push(...words);
    else {
      if (removed && added) wordByWord = false;
      out.push(change(removed, 'removed'), change(added, 'added'));
    }
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
  return { changes: out, wordByWord };
}

function change(value: string, kind: DiffKind): Change {
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
  const folded: Run[] = [];
  for (const r of runs) {
    const mid = folded[folded.length - 1];
    const prev = folded[folded.length - 2];
    if (prev && mid && isReplacement(r) && isReplacement(prev) && mid.same !== null && isHorizontalSpace(mid.same)) {
      prev.removed += mid.same + r.removed;
      prev.added += mid.same + r.added;
      folded.pop();
    } else folded.push(r);
  }
  const out: DiffPart[] = [];
  for (const r of folded) {
    if (r.same !== null) out.push({ kind: 'same', text: r.same });
    else {
      if (r.removed) out.push({ kind: 'removed', text: r.removed });
      if (r.added) out.push({ kind: 'added', text: r.added });
    }
  }
  return out;
}

function isHorizontalSpace(s: string): boolean {
  if (!s) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || !isSpace(c)) return false;
  }
  return true;
}

function isReplacement(r: { same: string | null; removed: string; added: string }): boolean {
  return r.same === null && r.removed !== '' && r.added !== '';
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

export function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = isSpace(s.charCodeAt(i));
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
