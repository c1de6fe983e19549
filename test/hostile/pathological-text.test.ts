import { describe, expect, it } from 'vitest';
import { diffHtml } from '../../src/articles/diff-html.ts';
import { MAX_NESTING, renderBody } from '../../src/articles/markdown.ts';
import { wordDiff as jsdiffWords } from 'diff';
import { compareTexts, WORK_BUDGET, wordTokens } from '../../src/articles/word-diff.ts';

/**
 * Stored and submitted text that once froze the server. Each case asserts the
 * work done (diff work units, lines scanned, output size), never a time: a
 * quadratic path shows up as a count far beyond the input's size.
 */

const BODY_LIMIT = 200_000;

function words(n: number, prefix = 'w'): string {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
}

/** The diff's parts put back together give each side exactly. */
function sides(parts: { kind: string; text: string }[]) {
  return {
    before: parts.filter((p) => p.kind !== 'added').map((p) => p.text).join(''),
    after: parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join(''),
  };
}

describe('the history page’s word diff on hostile revisions', () => {
  const cases: [string, string, string][] = [
    ['a long run of spaces without a newline', 'start end', `start${' '.repeat(60_000)}end`],
    ['spaces on both sides', `a${' '.repeat(BODY_LIMIT / 2)}b`, `c${' '.repeat(BODY_LIMIT / 2)}d`],
    ['a complete rewrite of a 200,000-character body', words(25_000, 'a').slice(0, BODY_LIMIT), words(25_000, 'b').slice(0, BODY_LIMIT)],
    ['every other word changed', words(20_000), words(20_000).replace(/w(\d*[02468]) /g, 'x$1 ')],
    ['newlines and spaces interleaved', ' \n'.repeat(50_000), '\n '.repeat(50_000)],
    ['one very long word', 'x'.repeat(BODY_LIMIT), 'y'.repeat(BODY_LIMIT)],
  ];

  for (const [name, before, after] of cases) {
    it(`stays within its work budget: ${name}`, () => {
      const d = compareTexts(before, after);
      expect(d.work).toBeLessThanOrEqual(WORK_BUDGET);
      expect(sides(d.parts)).toEqual({ before, after });
      const out = diffHtml(d.parts).value;
      // The page grows with the text, not faster (markup per word is bounded).
      expect(out.length).toBeLessThan(20 * (before.length + after.length) + 10_000);
    });
  }

  it('still shows a small change inside a huge unchanged text word by word, for almost no work', () => {
    const body = words(20_000);
    const d = compareTexts(body, body.replace('w10000 ', 'changed '));
    expect(d.wordByWord).toBe(true);
    expect(d.work).toBeLessThan(1_000_000);
    expect(d.parts.filter((p) => p.kind !== 'same').map((p) => p.text)).toEqual(['w10000', 'changed']);
  });

  it('counts tokens as the diff library makes them in every script, so the budget holds for Cyrillic and Chinese too', () => {
    const samples = {
      latin: 'The harbour board met on Tuesday; café owners objected.',
      cyrillic: 'Совет гавани собрался во вторник, владельцы кафе возражали.',
      greek: 'Το λιμενικό συμβούλιο συνεδρίασε την Τρίτη.',
      chinese: '港口委员会星期二开会，咖啡馆老板表示反对。',
      mixed: 'Quill 说 «нет» to the ₂₀₂₆ plan — 🙂 fine_print',
    };
    for (const [script, text] of Object.entries(samples)) {
      const theirs = jsdiffWords.tokenize(text.repeat(50)).length;
      // Never fewer than the library makes (that would undercount the work), and not wildly more.
      expect(wordTokens(text.repeat(50)), script).toBeGreaterThanOrEqual(theirs);
      expect(wordTokens(text.repeat(50)), script).toBeLessThanOrEqual(theirs * 3);
    }
  });

  it('says when a rewrite is too large to show word by word', () => {
    const d = compareTexts(words(25_000, 'a'), words(25_000, 'b'));
    expect(d.wordByWord).toBe(false);
    expect(d.work).toBeLessThanOrEqual(WORK_BUDGET);
  });
});

describe('the Markdown renderer on hostile bodies', () => {
  it('reads each line a bounded number of times however many ::: blocks are left open', () => {
    const body = '::: pullquote\n'.repeat(14_000);
    const r = renderBody(body, new Map());
    expect(r.scannedLines).toBeLessThanOrEqual(4 * 14_001 + 1000);
    expect(r.warnings.join(' ')).toMatch(/no closing/);
  });

  it('still renders closed blocks normally', () => {
    const r = renderBody('::: pullquote\nWords.\n:::\n\nAfter.', new Map());
    expect(r.html).toContain('<figure class="pullquote">');
    expect(r.scannedLines).toBeLessThan(5);
  });

  it('flattens lists and quotes nested deeper than the limit', () => {
    const list = Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const quotes = `${'>'.repeat(5000)} deep`;
    const html = `${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}`;
    for (const body of [list, quotes, html]) {
      const out = renderBody(body, new Map()).html;
      expect(maxDepth(out)).toBeLessThanOrEqual(2 * MAX_NESTING + 2);
    }
  });

  it('renders a 200,000-character body of awkward text', () => {
    const awkward = ['*a ', '[', '`', '<b>', '&amp;', '\\', '_x_ ', '~~', '| a |', '![', '](', '\u202e'];
    let body = '';
    for (let i = 0; body.length < BODY_LIMIT; i++) body += awkward[i % awkward.length];
    const r = renderBody(body, new Map());
    expect(r.html.length).toBeLessThan(10 * BODY_LIMIT);
    expect(r.html).not.toMatch(/<script/);
  });
});

/** The deepest element nesting in an HTML fragment (void elements do not nest). */
function maxDepth(html: string): number {
  const VOID = new Set(['br', 'hr', 'img', 'source', 'input', 'meta', 'link', 'wbr']);
  let depth = 0;
  let most = 0;
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*?(\/?)>/g)) {
    if (VOID.has(m[2]) || m[3]) continue;
    depth += m[1] ? -1 : 1;
    most = Math.max(most, depth);
  }
  return most;
}
