import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../media/picture.ts';
import { readingMinutes, referencedMedia, renderBody } from './markdown.ts';

const harbour: MediaInfo = {
  slug: 'harbour',
  width: 1600,
  height: 1000,
  alt: 'Boats at the harbour wall',
  caption: 'Library caption',
  credit: 'Jane Roe',
  variants: [
    { width: 480, height: 300, format: 'jpeg', file: 'harbour-480.jpg' },
    { width: 960, height: 600, format: 'jpeg', file: 'harbour-960.jpg' },
    { width: 480, height: 300, format: 'webp', file: 'harbour-480.webp' },
    { width: 960, height: 600, format: 'webp', file: 'harbour-960.webp' },
  ],
};
const media = new Map([[harbour.slug, harbour]]);

describe('Samizdat Markdown', () => {
  it('renders CommonMark paragraphs, headings and block quotes', () => {
    const { html } = renderBody('First *point*.\n\n## A subheading\n\n> Quoted from the minutes.', media);
    expect(html).toContain('<p>First <em>point</em>.</p>');
    expect(html).toContain('<h2>A subheading</h2>');
    expect(html).toContain('<blockquote>\n<p>Quoted from the minutes.</p>\n</blockquote>');
  });

  it('links bare addresses, as articles written before markdown-it 15 expect', () => {
    const { html } = renderBody('See www.example.org, gov.example.ie or https://example.org/report.', media);
    expect(html).toContain('<a href="http://www.example.org">www.example.org</a>');
    expect(html).toContain('<a href="http://gov.example.ie">gov.example.ie</a>');
    expect(html).toContain('<a href="https://example.org/report">https://example.org/report</a>');
  });

  it('turns a thematic break into a section divider', () => {
    expect(renderBody('One.\n\n* * *\n\nTwo.', media).html).toContain('<hr />');
  });

  it('renders a figure with a responsive picture, its caption and its credit', () => {
    const { html, warnings } = renderBody(
      '::: figure harbour\nalt: Trawlers moored at dawn\ncaption: The harbour at *dawn*.\ncredit: Illustration: Ann Example\n:::',
      media,
    );
    expect(warnings).toEqual([]);
    expect(html).toContain('<figure class="figure">');
    expect(html).toContain('type="image/webp"');
    expect(html).toContain('srcset="/media/harbour-480.jpg 480w, /media/harbour-960.jpg 960w"');
    expect(html).toContain('width="1600" height="1000"');
    expect(html).toContain('alt="Trawlers moored at dawn"');
    expect(html).toContain('<span class="caption">The harbour at <em>dawn</em>.</span>');
    expect(html).toContain('<span class="credit">Illustration: Ann Example</span>');
  });

  it('falls back to the library caption and labels a bare credit as a photo credit', () => {
    const { html } = renderBody('::: figure harbour\n:::', media);
    expect(html).toContain('Library caption');
    expect(html).toContain('<span class="credit">Photo: Jane Roe</span>');
  });

  it('warns about a figure whose image is not in the library and renders nothing for it', () => {
    const { html, warnings } = renderBody('::: figure nowhere\n:::', media);
    expect(html).not.toContain('<figure');
    expect(warnings[0]).toMatch(/nowhere/);
  });

  it('renders a pull quote with its attribution', () => {
    const { html } = renderBody('::: pullquote\nWe were told it was for everyone.\n— A. Resident\n:::', media);
    expect(html).toContain('<figure class="pullquote"><blockquote><p>We were told it was for everyone.</p></blockquote>');
    expect(html).toContain('<figcaption>A. Resident</figcaption>');
  });

  it('makes a video embed a plain link that loads nothing until clicked', () => {
    const { html } = renderBody('::: embed https://www.youtube.com/watch?v=abcdefghijk\nThe vote\n:::', media);
    expect(html).toContain('data-embed-src="https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"');
    expect(html).toContain('<a href="https://www.youtube.com/watch?v=abcdefghijk" rel="noopener nofollow">Watch on YouTube</a>');
    expect(html).not.toMatch(/<iframe|<script/);
  });

  it('keeps a raw embed box only when it names a player the site supports', () => {
    const allowed = 'https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1';
    for (const src of ['javascript:alert(1)', 'https://evil.example/frame', 'https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1&x=1', '//player.vimeo.com/video/1']) {
      const { html } = renderBody(`<div class="embed" data-embed-src="${src}" data-embed-provider="YouTube"><p>x</p></div>`, media);
      expect(html, src).not.toContain('data-embed-src');
    }
    const { html } = renderBody(`<div class="embed" data-embed-src="${allowed}" data-embed-provider="YouTube"><p>x</p></div>`, media);
    expect(html).toContain(`data-embed-src="${allowed}"`);
  });

  it('refuses an embed that is not https', () => {
    const { html, warnings } = renderBody('::: embed http://example.org/video\n:::', media);
    expect(html).not.toContain('embed');
    expect(warnings[0]).toMatch(/https/);
  });

  it('removes scripts, event handlers and javascript: links from raw HTML', () => {
    const { html } = renderBody(
      '<p onclick="steal()">Hi</p><script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>',
      media,
    );
    expect(html).not.toMatch(/<script|onclick|onerror|href="javascript:/);
    expect(html).toContain('<p>Hi</p>');
  });

  it('leaves an unclosed block as visible text rather than swallowing the rest', () => {
    const { html } = renderBody('::: figure harbour\nalt: x\n\nMore text.', media);
    expect(html).toContain('More text.');
  });

  it('counts words for the reading time and lists referenced media', () => {
    const body = `${'word '.repeat(460)}\n\n::: figure harbour\n:::`;
    const r = renderBody(body, media);
    expect(r.wordCount).toBeGreaterThanOrEqual(460);
    expect(readingMinutes(r.wordCount)).toBe(2);
    expect(referencedMedia(body)).toEqual(['harbour']);
  });

  it('says when the allow-list takes out raw HTML a writer meant to show, so publishing can be refused', () => {
    const r = renderBody('Watch this:\n\n<iframe src="https://video.example/embed/1"></iframe>\n\n<div data-embed-src="https://evil.example/x" data-embed-provider="evil">x</div>', media);
    expect(r.html).not.toContain('<iframe');
    expect(r.warnings.some((w) => w.includes('<iframe>'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('does not support'))).toBe(true);
    // Ordinary editorial HTML passes without a word.
    expect(renderBody('<p>Plain <em>text</em></p>\n\n<div class="note">A note</div>', media).warnings).toEqual([]);
  });

  it('keeps words apart in the plain text where blocks meet', () => {
    const r = renderBody('::: pullquote\nThe harbour speaks for itself.\n— Orla Heffernan\n:::\n\nNext paragraph.', media);
    expect(r.text).toContain('itself. Orla Heffernan');
    expect(r.text).not.toMatch(/Heffernan\S*Next/);
  });
});
