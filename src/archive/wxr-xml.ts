/**
 * The pieces of a WordPress export (WXR 1.2) file: escaping, its elements
 * and its dates. WordPress writes text as CDATA sections; so do we.
 */

/** Characters XML 1.0 does not allow at all (most control characters): dropped, or the file would not parse. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const clean = (s: string) => s.replace(NOT_XML, '');

export function cdata(s: string): string {
  // "]]>" would end the section: it is split across two.
  return `<![CDATA[${clean(s).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Our plain text as the HTML that WordPress keeps in titles, excerpts, names
 * and descriptions (it prints them unescaped): "Fish & chips" is stored
 * "Fish &amp; chips". The CDATA around it is XML's; this is HTML's.
 */
export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;');
}

/** `<name><![CDATA[value]]></name>`; numbers as plain text. */
export function el(name: string, value: string | number): string {
  return `<${name}>${typeof value === 'number' ? String(value) : cdata(value)}</${name}>`;
}

export const NAMESPACES = {
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  wfw: 'http://wellformedweb.org/CommentAPI/',
  dc: 'http://purl.org/dc/elements/1.1/',
  wp: 'http://wordpress.org/export/1.2/',
} as const;

export function head(channel: { title: string; link: string; description: string; language: string; now: Date }): string {
  const ns = Object.entries(NAMESPACES).map(([k, v]) => `\txmlns:${k}="${v}"`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- A WordPress eXtended RSS (WXR 1.2) export written by Samizdat: posts, pages, attachments, authors, categories, tags and comments. -->
<rss version="2.0"
${ns}
>
<channel>
\t<title>${text(channel.title)}</title>
\t<link>${text(channel.link)}</link>
\t<description>${text(channel.description)}</description>
\t<pubDate>${channel.now.toUTCString().replace('GMT', '+0000')}</pubDate>
\t<language>${text(channel.language)}</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${text(channel.link)}</wp:base_site_url>
\t<wp:base_blog_url>${text(channel.link)}</wp:base_blog_url>
`;
}

export const TAIL = '</channel>\n</rss>\n';

/** WordPress's "no date": a draft whose time is not fixed yet. */
export const NO_DATE = '0000-00-00 00:00:00';

/** "2026-12-01 09:30:05" in UTC, as post_date_gmt wants it. */
export function gmtDate(iso: string | null): string {
  if (!iso) return NO_DATE;
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** The same instant as wall-clock time in the site's time zone, as post_date wants it. */
export function localDate(iso: string | null, timeZone: string): string {
  if (!iso) return NO_DATE;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(iso));
  } catch {
    return gmtDate(iso); // an unknown zone in the settings: UTC rather than nothing
  }
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/**
 * Our stored HTML names the site's own files and pages by path (/media/…,
 * /2026/11/…); another site needs the whole address. Every href, src and
 * srcset candidate that starts with a single slash gets the site's origin.
 */
export function absoluteUrls(html: string, siteUrl: string): string {
  const abs = (u: string) => (u.startsWith('/') && !u.startsWith('//') ? `${siteUrl}${u}` : u);
  return html.replace(/\s(href|src|srcset|poster)="([^"]*)"/g, (_m, name: string, value: string) => {
    const fixed = name === 'srcset' ? value.split(',').map((c) => c.trim().replace(/^\S+/, (u) => abs(u))).join(', ') : abs(value);
    return ` ${name}="${fixed}"`;
  });
}
