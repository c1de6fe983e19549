import { describe, expect, it } from 'vitest';
import { parseDisplayName, parseEmail, placeholderName } from './reader-accounts.ts';

describe('display names', () => {
  it('trims, joins runs of spaces and keeps any script', () => {
    expect(parseDisplayName('  Ada   Lovelace ')).toEqual({ ok: true, value: 'Ada Lovelace' });
    expect(parseDisplayName('Seán Ó Súilleabháin')).toEqual({ ok: true, value: 'Seán Ó Súilleabháin' });
    expect(parseDisplayName('مریم‌ها')).toMatchObject({ ok: true }); // the zero-width non-joiner Persian needs
    expect(parseDisplayName('👩‍🔬 Marie')).toMatchObject({ ok: true }); // an emoji joined with ZWJ
  });

  it('counts characters, not UTF-16 units', () => {
    expect(parseDisplayName('😀'.repeat(60))).toMatchObject({ ok: true });
    expect(parseDisplayName('😀'.repeat(61))).toMatchObject({ ok: false });
    expect(parseDisplayName('e\u0301'.repeat(60))).toMatchObject({ ok: true }); // NFC makes each one character
  });

  it('refuses empty names, control characters and text-reordering marks', () => {
    for (const bad of ['', '   ', 'a\nb', 'tab\there', 'nul\u0000', 'bell\u0007', 'c1\u0085', 'rtl\u202Eevil', 'iso\u2066late', 'line\u2028sep']) {
      expect(parseDisplayName(bad), JSON.stringify(bad)).toMatchObject({ ok: false });
    }
  });
});

describe('email addresses', () => {
  it('normalises case and space', () => {
    expect(parseEmail('  Reader@Example.ORG ')).toEqual({ ok: true, value: 'reader@example.org' });
  });

  it('refuses what is not one plain address', () => {
    for (const bad of ['', 'reader', 'reader@', '@example.org', 'reader@localhost', 'a b@example.org', 'Reader <r@example.org>', 'a@b.org, c@d.org', `${'a'.repeat(250)}@example.org`]) {
      expect(parseEmail(bad), bad).toMatchObject({ ok: false });
    }
  });
});

it('gives new readers a placeholder name that says nothing about them', () => {
  expect(placeholderName()).toMatch(/^Reader \d{4}$/);
});
