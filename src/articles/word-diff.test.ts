import { describe, expect, it } from 'vitest';
import { CONTEXT_WORDS, diffHtml } from './diff-html.ts';
import { compareTexts, diffStats, revisionText, WORK_BUDGET, wordDiff } from './word-diff.ts';

/** n distinct words: "w0 w1 w2 …" with a prefix, so stretches are recognisable. */
function words(prefix: string, n: number, from = 0): string {
  return Array.from({ length: n }, (_, i) => `${prefix}${from + i}`).join(' ');
}

/** The text a reader sees, without tags or the screen-reader-only labels. */
function visible(h: string): string {
  return h
    .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&');
}

describe('revisionText', () => {
  it('joins title, standfirst and body with blank lines', () => {
    expect(revisionText({ title: 'Title', standfirst: 'Standfirst.', bodyMd: 'First.\n\nSecond.' })).toBe(
      'Title\n\nStandfirst.\n\nFirst.\n\nSecond.',
    );
  });

  it('normalises line endings and leaves out an empty standfirst', () => {
    expect(revisionText({ title: ' Title ', standfirst: '', bodyMd: 'One\r\ntwo\r\n\r\nThree\n' })).toBe(
      'Title\n\nOne\ntwo\n\nThree',
    );
  });
});

describe('wordDiff', () => {
  it('shows a one-word change as exactly that word removed and added', () => {
    const parts = wordDiff('The council met on Tuesday to vote.', 'The council met on Wednesday to vote.');
    expect(parts).toEqual([
      { kind: 'same', text: 'The council met on ' },
      { kind: 'removed', text: 'Tuesday' },
      { kind: 'added', text: 'Wednesday' },
      { kind: 'same', text: ' to vote.' },
    ]);
  });

  it('returns one unchanged part for identical texts and nothing for two empty ones', () => {
    expect(wordDiff('Same text.', 'Same text.')).toEqual([{ kind: 'same', text: 'Same text.' }]);
    expect(wordDiff('', '')).toEqual([]);
  });

  it('treats CRLF and LF as the same text', () => {
    expect(wordDiff('One\r\n\r\nTwo', 'One\n\nTwo')).toEqual([{ kind: 'same', text: 'One\n\nTwo' }]);
  });

  it('never puts two parts of the same kind next to each other', () => {
    const parts = wordDiff(
      'Alpha beta gamma delta epsilon. Zeta eta theta.',
      'Alpha BETA gamma DELTA epsilon! Zeta theta iota.',
    );
    for (let i = 1; i < parts.length; i++) expect(parts[i].kind).not.toBe(parts[i - 1].kind);
    expect(parts.every((p) => p.text !== '')).toBe(true);
  });

  it('joins replacements separated only by a space into one change', () => {
    expect(wordDiff('the quick brown fox', 'a slow brown fox')).toEqual([
      { kind: 'removed', text: 'the quick' },
      { kind: 'added', text: 'a slow' },
      { kind: 'same', text: ' brown fox' },
    ]);
  });

  it('reconstructs both texts from its parts', () => {
    const before = 'Ministers said on Monday.\n\nThe figure was £5,000.\nA second line.';
    const after = 'Ministers said on Tuesday, officially.\n\nThe figure was £50,000.\n\nA new paragraph.';
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
  });

  it('still gives a correct, readable diff for a complete rewrite of a long article', () => {
    const before = Array.from({ length: 40 }, (_, p) => words(`old${p}x`, 120)).join('\n\n');
    const after = Array.from({ length: 40 }, (_, p) => (p % 2 ? words(`new${p}x`, 120) : words(`old${p}x`, 120))).join('\n\n');
    const { parts, work } = compareTexts(before, after);
    expect(work).toBeLessThanOrEqual(WORK_BUDGET);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
    // The unchanged paragraphs are recognised as unchanged.
    expect(parts.some((p) => p.kind === 'same' && p.text.includes(words('old2x', 120)))).toBe(true);
    expect(diffStats(parts)).toEqual({ added: 20 * 120, removed: 20 * 120 });
  });
});

describe('diffStats', () => {
  it('counts the words added and removed', () => {
    expect(diffStats(wordDiff('One two three four.', 'One three four five six.'))).toEqual({ added: 2, removed: 1 });
  });

  it('counts nothing for identical texts and whitespace-only changes', () => {
    expect(diffStats(wordDiff('Same.', 'Same.'))).toEqual({ added: 0, removed: 0 });
    expect(diffStats([{ kind: 'same', text: 'a' }, { kind: 'added', text: '\n\n' }])).toEqual({ added: 0, removed: 0 });
  });
});

describe('diffHtml', () => {
  it('marks a one-word change with <del> and <ins>, labelled for screen readers', () => {
    const out = diffHtml(wordDiff('The council met on Tuesday.', 'The council met on Wednesday.')).value;
    expect(out).toBe(
      '<p>The council met on <del><span class="visually-hidden">removed: </span>Tuesday</del>' +
        '<ins><span class="visually-hidden">added: </span>Wednesday</ins>.</p>',
    );
    expect(out.match(/<ins>/g)).toHaveLength(1);
    expect(out.match(/<del>/g)).toHaveLength(1);
  });

  it('escapes HTML in the text: markup in an article is shown, never run', () => {
    const added = diffHtml(wordDiff('Plain words.', 'Plain <script>alert(1)</script> words. <img src=x onerror=alert(2)>')).value;
    expect(added).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(added).toContain('&lt;img src=x onerror=alert(2)&gt;');
    const removed = diffHtml(wordDiff('Say <b>hi</b> & "bye" \'now\'', 'Say it.')).value;
    expect(removed).toContain('&lt;b&gt;hi&lt;/b&gt; &amp; &quot;bye&quot; &#39;now&#39;');
    const out = added + removed;
    expect(out).not.toMatch(/<script|<img|<b>/);
    // The only tags are our own.
    const tags = new Set([...out.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]));
    expect([...tags].every((t) => ['p', 'br', 'ins', 'del', 'span'].includes(t))).toBe(true);
  });

  it('keeps paragraphs as <p> and single newlines as <br>', () => {
    const before = 'First paragraph.\n\nSecond line one\nsecond line two.\n\nThird.';
    const after = 'First paragraph.\n\nSecond line one\nsecond line 2.\n\nThird.';
    const out = diffHtml(wordDiff(before, after)).value;
    expect(out.match(/<p>/g)).toHaveLength(3);
    expect(out).toMatch(/^<p>First paragraph\.<\/p><p>Second line one<br>second line <del>/);
    expect(out).toMatch(/<\/ins>\.<\/p><p>Third\.<\/p>$/);
  });

  it('shows an added paragraph as a paragraph of its own', () => {
    const out = diffHtml(wordDiff('One.\n\nThree.', 'One.\n\nTwo.\n\nThree.')).value;
    expect(out).toBe('<p>One.</p><p><ins><span class="visually-hidden">added: </span>Two.</ins></p><p>Three.</p>');
  });

  it('marks a paragraph break that was added or removed, since whitespace cannot be seen', () => {
    const joined = diffHtml(wordDiff('One.\n\nTwo.', 'One. Two.')).value;
    expect(joined).toContain('<del class="diff__break"><span class="visually-hidden">removed: </span><span aria-hidden="true">¶</span><span class="visually-hidden">paragraph break</span></del>');
    const split = diffHtml(wordDiff('One. Two.', 'One.\n\nTwo.')).value;
    expect(split).toContain('<ins class="diff__break">');
    expect(split).toContain('paragraph break');
    expect(split.match(/<p>/g)).toHaveLength(2);
  });

  it('collapses long unchanged text around a one-word correction in a 2,000-word article', () => {
    const paragraphs = Array.from({ length: 20 }, (_, p) => words(`p${p}w`, 100));
    const before = paragraphs.join('\n\n');
    const after = before.replace('p10w50 ', 'corrected ');
    const out = diffHtml(wordDiff(before, after)).value;
    const text = visible(out);
    const shown = text.match(/\S+/g)!.filter((w) => w !== '…');
    // The change, with CONTEXT_WORDS words either side, and nothing else.
    expect(shown).toHaveLength(2 * CONTEXT_WORDS + 2);
    expect(text).toContain(`${words('p10w', CONTEXT_WORDS, 50 - CONTEXT_WORDS)} p10w50corrected ${words('p10w', CONTEXT_WORDS, 51)}`);
    expect(out.length).toBeLessThan(2500);
    // Whole paragraphs before and after become a "…" paragraph of their own; the
    // rest of the changed paragraph an inline "…".
    expect(out).toMatch(/^<p class="diff__skip"><span class="diff__gap"><span aria-hidden="true">…<\/span><span class="visually-hidden">\(1000 unchanged words not shown\)<\/span><\/span><\/p><p><span class="diff__gap">/);
    expect(out).toContain('(25 unchanged words not shown)');
    expect(out).toContain('(900 unchanged words not shown)');
    expect(out.match(/aria-hidden="true">…/g)).toHaveLength(4);
  });

  it('collapses a long unchanged stretch between two changes to its first and last words', () => {
    const middle = words('m', 200);
    const out = diffHtml(wordDiff(`Alpha ${middle} omega`, `Beta ${middle} psi`)).value;
    const text = visible(out);
    expect(text).toContain(words('m', CONTEXT_WORDS));
    expect(text).toContain(words('m', CONTEXT_WORDS, 200 - CONTEXT_WORDS));
    expect(text).not.toContain(`m${CONTEXT_WORDS} `);
    expect(text).not.toContain(`m${199 - CONTEXT_WORDS} `);
    expect(out).toContain(`(${200 - 2 * CONTEXT_WORDS} unchanged words not shown)`);
    // One paragraph: the gap is inline.
    expect(out.match(/<p>/g)).toHaveLength(1);
  });

  it('does not collapse short unchanged stretches', () => {
    const middle = words('m', 2 * CONTEXT_WORDS + 5);
    const out = diffHtml(wordDiff(`Alpha ${middle} omega`, `Beta ${middle} psi`)).value;
    expect(out).not.toContain('…');
    expect(visible(out)).toContain(middle);
  });

  it('says so when there is nothing to show', () => {
    expect(diffHtml(wordDiff('Same.', 'Same.')).value).toBe('<p class="diff__none">No changes to the text.</p>');
    expect(diffHtml([]).value).toContain('No changes');
  });
});
