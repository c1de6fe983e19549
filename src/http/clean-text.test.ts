import { describe, expect, it } from 'vitest';
import { cleanSubmitted, withoutIllegalChars } from './clean-text.ts';

describe('characters XML forbids', () => {
  it('are removed, while tabs, line ends, emoji and other pairs stay', () => {
    const cases: [string, string][] = [
      ['a\uD800b', 'ab'], ['\uDC00x', 'x'], ['😀 and 𝄞', '😀 and 𝄞'], ['a\x07b\x08c\x1b', 'abc'], ['\t\n\r ok', '\t\n\r ok'],
      ['\uFFFE\uFFFFz', 'z'], ['\u0085\u009f\u00a0', '\u00a0'], ['\uD83D', ''], ['x\uDBFF\uDC00y', 'x\uDBFF\uDC00y'], ['plain text', 'plain text'],
    ];
    for (const [input, output] of cases) expect(withoutIllegalChars(input), JSON.stringify(input)).toBe(output);
  });

  it('are taken out of every submitted field, however nested', () => {
    expect(cleanSubmitted({ title: 'A\x08B', tags: ['x\x01', 'y'], nested: { z: '\x1bz' }, n: 3 })).toEqual({ title: 'AB', tags: ['x', 'y'], nested: { z: 'z' }, n: 3 });
  });
});
