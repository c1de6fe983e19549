import { describe, expect, it } from 'vitest';
import { accentProblem, contrastRatio } from './contrast.ts';

describe('accent colour contrast', () => {
  it('measures contrast as WCAG defines it', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2);
  });

  it('accepts the default red and other dark, saturated accents', () => {
    for (const ok of ['#b3261e', '#1f5fa8', '#0b6e4f', '#6a1b9a']) expect(accentProblem(ok), ok).toBeNull();
  });

  it('refuses a pale accent that white button text cannot sit on', () => {
    expect(accentProblem('#f5e663')).toMatch(/White button text .*contrast 1\.\d:1/);
  });

  it('refuses an accent whose dark-mode links would be too faint', () => {
    expect(accentProblem('#000000')).toMatch(/dark mode/);
  });
});
