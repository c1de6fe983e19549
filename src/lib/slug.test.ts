import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify } from './slug.ts';

describe('slugify', () => {
  it('makes readable Latin addresses from other scripts', () => {
    expect(slugify('Новости гавани')).toBe('novosti-gavani');
    expect(slugify('Ελληνικά νέα')).toBe('ellinika-nea');
    expect(slugify('Łódź: żółć')).toBe('lodz-zolc');
    expect(slugify('Café crème — l’été')).toBe('cafe-creme-lete');
  });

  it('gives titles no table covers addresses of their own, never one shared word', () => {
    const a = slugify('港口委员会');
    const b = slugify('图书馆');
    expect(a).toMatch(SLUG_PATTERN);
    expect(b).toMatch(SLUG_PATTERN);
    expect(a).not.toBe(b);
    expect(slugify('港口委员会')).toBe(a);
    expect(slugify('   ')).toBe('untitled');
  });

  it('keeps to the length and the pattern', () => {
    const long = slugify('word '.repeat(100), 30);
    expect(long.length).toBeLessThanOrEqual(30);
    expect(long).toMatch(SLUG_PATTERN);
  });
});
