import type { ArticleStatus, CommentStatus, MediaVariant } from '../db/schema.ts';
import { absoluteUrls, attr, cdata, el, gmtDate, html, localDate, NO_DATE, text } from './wxr-xml.ts';

/**
 * One WXR <item> per post, page and attachment, and one <wp:comment> per
 * comment, as WordPress's own exporter writes them (docs/archive-format.md
 * lists what maps to what, and what WordPress has no place for).
 *
 * Articles, pages and pictures each have their own ids here, but a WordPress
 * site numbers them all as posts: pages and attachments are numbered past
 * every possible article id (articles stay below 2^20, see the search key).
 */
export const PAGE_ID_BASE = 2_000_000;
export const ATTACHMENT_ID_BASE = 3_000_000;

/** Where each status goes; a binned article is not exported (it was taken down). */
export const POST_STATUS: Record<Exclude<ArticleStatus, 'binned'>, string> = {
  published: 'publish', scheduled: 'future', review: 'pending', draft: 'draft', unpublished: 'draft',
};

const COMMENT_APPROVED: Record<CommentStatus, string> = { visible: '1', pending: '0', removed: 'trash', deleted: 'trash' };

export interface Context {
  siteUrl: string;
  timeZone: string;
}

export interface PostItem {
  wpId: number;
  type: 'post' | 'page';
  title: string;
  slug: string;
  link: string;
  creator: string;
  html: string;
  excerpt: string;
  status: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  commentsOpen: boolean;
  terms: { domain: 'category' | 'post_tag'; slug: string; name: string }[];
  thumbnailId: number | null;
  comments: string[];
}

function dates(c: Context, prefix: string, iso: string | null, fallback: string): string {
  // A draft's time is not fixed: WordPress writes its local time and a zero GMT time.
  const local = localDate(iso ?? fallback, c.timeZone);
  return `\t\t${el(`wp:${prefix}`, local)}\n\t\t${el(`wp:${prefix}_gmt`, iso ? gmtDate(iso) : NO_DATE)}\n`;
}

export function postItem(c: Context, p: PostItem): string {
  const terms = p.terms.map((t) => `\t\t<category domain="${t.domain}" nicename="${attr(t.slug)}">${cdata(html(t.name))}</category>\n`).join('');
  const meta = p.thumbnailId ? `\t\t<wp:postmeta>${el('wp:meta_key', '_thumbnail_id')}${el('wp:meta_value', String(p.thumbnailId))}</wp:postmeta>\n` : '';
  return `\t<item>
\t\t${el('title', html(p.title))}
\t\t<link>${text(p.link)}</link>
\t\t<pubDate>${p.publishedAt ? new Date(p.publishedAt).toUTCString().replace('GMT', '+0000') : ''}</pubDate>
\t\t${el('dc:creator', p.creator)}
\t\t<guid isPermaLink="false">${text(`${c.siteUrl}/?p=${p.wpId}`)}</guid>
\t\t<description></description>
\t\t${el('content:encoded', absoluteUrls(p.html, c.siteUrl))}
\t\t${el('excerpt:encoded', html(p.excerpt))}
\t\t${el('wp:post_id', p.wpId)}
${dates(c, 'post_date', p.publishedAt, p.createdAt)}${dates(c, 'post_modified', p.updatedAt, p.updatedAt)}\t\t${el('wp:comment_status', p.commentsOpen ? 'open' : 'closed')}
\t\t${el('wp:ping_status', 'closed')}
\t\t${el('wp:post_name', p.slug)}
\t\t${el('wp:status', p.status)}
\t\t${el('wp:post_parent', 0)}
\t\t${el('wp:menu_order', 0)}
\t\t${el('wp:post_type', p.type)}
\t\t${el('wp:post_password', '')}
\t\t${el('wp:is_sticky', 0)}
${terms}${meta}${p.comments.join('')}\t</item>
`;
}

export interface CommentItem {
  id: number;
  parentId: number | null;
  author: string;
  email: string;
  html: string;
  status: CommentStatus;
  createdAt: string;
  userId: number;
}

export function commentItem(c: Context, m: CommentItem): string {
  return `\t\t<wp:comment>
\t\t\t${el('wp:comment_id', m.id)}
\t\t\t${el('wp:comment_author', html(m.author))}
\t\t\t${el('wp:comment_author_email', m.email)}
\t\t\t${el('wp:comment_author_url', '')}
\t\t\t${el('wp:comment_author_IP', '')}
\t\t\t${el('wp:comment_date', localDate(m.createdAt, c.timeZone))}
\t\t\t${el('wp:comment_date_gmt', gmtDate(m.createdAt))}
\t\t\t${el('wp:comment_content', absoluteUrls(m.html, c.siteUrl))}
\t\t\t${el('wp:comment_approved', COMMENT_APPROVED[m.status])}
\t\t\t${el('wp:comment_type', 'comment')}
\t\t\t${el('wp:comment_parent', m.parentId ?? 0)}
\t\t\t${el('wp:comment_user_id', m.userId)}
\t\t</wp:comment>
`;
}

export interface MediaRow {
  id: number;
  slug: string;
  alt: string;
  caption: string;
  credit: string;
  variants: string;
  created_at: string;
}

/** A picture as an attachment: its largest JPEG or PNG, which WordPress's importer downloads. */
export function attachmentItem(c: Context, m: MediaRow): string {
  let variants: MediaVariant[] = [];
  try {
    variants = JSON.parse(m.variants) as MediaVariant[];
  } catch {
    // a row without readable variants still says what the picture was
  }
  const main = [...variants].reverse().find((v) => v.format === 'jpeg' || v.format === 'png') ?? variants[variants.length - 1];
  const url = main ? `${c.siteUrl}/media/${main.file}` : '';
  const id = ATTACHMENT_ID_BASE + m.id;
  return `\t<item>
\t\t${el('title', html(m.alt || m.slug))}
\t\t<link>${text(url)}</link>
\t\t${el('dc:creator', '')}
\t\t<guid isPermaLink="false">${text(url)}</guid>
\t\t<description></description>
\t\t${el('content:encoded', html(m.credit))}
\t\t${el('excerpt:encoded', html(m.caption))}
\t\t${el('wp:post_id', id)}
${dates(c, 'post_date', m.created_at, m.created_at)}\t\t${el('wp:comment_status', 'closed')}
\t\t${el('wp:ping_status', 'closed')}
\t\t${el('wp:post_name', m.slug)}
\t\t${el('wp:status', 'inherit')}
\t\t${el('wp:post_parent', 0)}
\t\t${el('wp:menu_order', 0)}
\t\t${el('wp:post_type', 'attachment')}
\t\t${el('wp:post_password', '')}
\t\t${el('wp:is_sticky', 0)}
\t\t${el('wp:attachment_url', url)}
\t\t<wp:postmeta>${el('wp:meta_key', '_wp_attachment_image_alt')}${el('wp:meta_value', m.alt)}</wp:postmeta>
\t</item>
`;
}
