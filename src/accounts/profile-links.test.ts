import { describe, expect, it } from 'vitest';
import { bioExcerpt, bioParagraphs } from './bio.ts';
import { linkHref, linkText, parseLink, storedLinks } from './profile-links.ts';

describe('profile links', () => {
  it('turns the handles people know into addresses, and shows them back as handles', () => {
    const cases = [
      ['website', 'ann.example.org', 'https://ann.example.org/', 'ann.example.org'],
      ['website', 'http://www.ann.example/blog/', 'http://www.ann.example/blog/', 'ann.example/blog'],
      ['mastodon', '@ann@Social.Example', 'https://social.example/@ann', '@ann@social.example'],
      ['mastodon', 'https://social.example/@ann', 'https://social.example/@ann', '@ann@social.example'],
      ['bluesky', '@ann.bsky.social', 'https://bsky.app/profile/ann.bsky.social', '@ann.bsky.social'],
      ['x', '@ann_x', 'https://x.com/ann_x', '@ann_x'],
      ['x', 'https://twitter.com/ann_x', 'https://twitter.com/ann_x', '@ann_x'],
      ['email', 'ann@example.org', 'ann@example.org', 'ann@example.org'],
    ] as const;
    for (const [kind, typed, stored, shown] of cases) {
      expect(parseLink(kind, typed), `${kind} ${typed}`).toEqual({ ok: true, value: stored });
      expect(linkText(kind, stored)).toBe(shown);
    }
    expect(linkHref('email', 'ann@example.org')).toBe('mailto:ann@example.org');
    expect(parseLink('website', '   ')).toEqual({ ok: true, value: null });
  });

  it('refuses anything that is not an http(s) address or a plain email address', () => {
    const refused = [
      ['website', 'javascript:alert(1)'], ['website', 'JAVASCRIPT:alert(1)'], ['website', 'java\tscript:alert(1)'],
      ['website', 'data:text/html;base64,PHNjcmlwdD4='], ['website', 'ftp://example.org/'], ['website', 'https://user:pw@example.org/'],
      ['website', 'https://localhost/'], ['website', 'https://example.org/ x'], ['website', `https://example.org/${'a'.repeat(300)}`],
      ['mastodon', '@ann@not a host'], ['mastodon', 'javascript:alert(1)'], ['bluesky', 'vbscript:x'], ['x', '@this_handle_is_far_too_long'],
      ['email', 'ann@example.org"><script>'], ['email', 'mailto:ann@example.org'], ['email', 'not an address'],
    ] as const;
    for (const [kind, typed] of refused) expect(parseLink(kind, typed).ok, `${kind} ${typed}`).toBe(false);
  });

  it('reads back only well-formed links from the stored JSON', () => {
    expect(storedLinks('{"website":"javascript:alert(1)","x":"https://x.com/a","email":"a@b.example","other":"https://evil.example/"}'))
      .toEqual({ x: 'https://x.com/a', email: 'a@b.example' });
    expect(storedLinks('not json')).toEqual({});
    expect(storedLinks('[1,2]')).toEqual({});
    expect(storedLinks(null)).toEqual({});
  });
});

describe('bios', () => {
  it('keeps paragraphs and folds line breaks inside them', () => {
    expect(bioParagraphs('One line\nand more.\n\n  Second.  \n \n\n')).toEqual(['One line and more.', 'Second.']);
  });

  it('takes the first sentence or two of the first paragraph for the article’s author box', () => {
    expect(bioExcerpt('She covers the harbour. She sails. She swims.\n\nMore.', 'en')).toBe('She covers the harbour. She sails.');
    expect(bioExcerpt('Short.', 'en')).toBe('Short.');
    expect(bioExcerpt('', 'en')).toBe('');
    const long = `${'word '.repeat(80)}end.`;
    const cut = bioExcerpt(long, 'en');
    expect(cut.length).toBeLessThanOrEqual(240);
    expect(cut.endsWith('…')).toBe(true);
  });
});
