/**
 * Small WordPress exports written by the tests, shaped as WordPress writes
 * them (WXR 1.2, values in CDATA), for the cases the real fixtures lack.
 */

export interface GenItem {
  id: number;
  title: string;
  content: string;
  slug?: string;
  status?: string;
  type?: string;
  date?: string;
  excerpt?: string;
  categories?: string[];
  /** Raw XML added inside the item (postmeta, comments). */
  extra?: string;
}

/** A CDATA section that may hold "]]>" itself, as WordPress splits it. */
export const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

export function wxrHead(site = 'https://old.example.org'): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Old site</title>
<link>${site}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${site}</wp:base_site_url>
<wp:base_blog_url>${site}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('editor')}</wp:author_login><wp:author_email>${cdata('editor@old.example.org')}</wp:author_email><wp:author_display_name>${cdata('Éditeur en chef')}</wp:author_display_name></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>${cdata('news')}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata('News')}</wp:cat_name></wp:category>
`;
}

export function wxrItem(it: GenItem, site = 'https://old.example.org'): string {
  const date = it.date ?? '2019-05-12 10:00:00';
  const slug = it.slug ?? `post-${it.id}`;
  return `<item>
<title>${it.title}</title>
<link>${site}/${date.slice(0, 4)}/${date.slice(5, 7)}/${date.slice(8, 10)}/${slug}/</link>
<dc:creator>${cdata('editor')}</dc:creator>
<guid isPermaLink="false">${site}/?p=${it.id}</guid>
<content:encoded>${cdata(it.content)}</content:encoded>
<excerpt:encoded>${cdata(it.excerpt ?? '')}</excerpt:encoded>
<wp:post_id>${it.id}</wp:post_id>
<wp:post_date>${cdata(date)}</wp:post_date>
<wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>
<wp:comment_status>${cdata('open')}</wp:comment_status>
<wp:post_name>${cdata(slug)}</wp:post_name>
<wp:status>${cdata(it.status ?? 'publish')}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>${cdata(it.type ?? 'post')}</wp:post_type>
<wp:post_password>${cdata('')}</wp:post_password>
${(it.categories ?? ['news']).map((c) => `<category domain="category" nicename="${c}">${cdata(c)}</category>`).join('')}
${it.extra ?? ''}
</item>
`;
}

export const wxrTail = '</channel>\n</rss>\n';

export function wxr(items: GenItem[]): string {
  return wxrHead() + items.map((i) => wxrItem(i)).join('') + wxrTail;
}
