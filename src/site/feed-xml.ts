import { type Html, raw, xml } from '../render/html.ts';

/**
 * RSS 2.0 and Atom 1.0, written by our own escaping templates so that every
 * part is ours to get right: the full text beside the standfirst, enclosures
 * with the true length and type of the file, and text that reads as text.
 */

export interface FeedHead {
  title: string;
  description: string;
  /** Absolute addresses. */
  home: string;
  self: string;
  icon: string;
  language: string;
  siteName: string;
  /** ISO time of the newest change among the entries. */
  updated: string;
}

export interface FeedEntry {
  title: string;
  /** The standfirst: plain text. */
  summary: string;
  /** The sanitised body, with absolute addresses. */
  contentHtml: string;
  url: string;
  publishedAt: string;
  updatedAt: string;
  authors: { name: string; url: string }[];
  section: { name: string; url: string; slug: string };
  enclosure: { url: string; type: string; length: number } | null;
  /** Where its comments are, and how many are shown (RSS slash:comments, Atom thr:count). */
  comments?: { url: string; count: number };
}

/** Text in a CDATA section: the one sequence that would end it early is split across two. */
function cdata(text: string): Html {
  return raw(`<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`);
}

/**
 * RSS gives titles and descriptions no type, and readers take them as HTML;
 * ours are plain text, so the text is escaped as HTML first ("<b>" stays "<b>").
 */
function asHtmlText(text: string): Html {
  return cdata(xml`${text}`.value);
}

export function rssXml(head: FeedHead, entries: FeedEntry[]): string {
  return xml`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel>
<title>${head.title}</title>
<link>${head.home}</link>
<description>${head.description}</description>
<language>${head.language}</language>
<copyright>© ${head.siteName}</copyright>
<lastBuildDate>${new Date(head.updated).toUTCString()}</lastBuildDate>
<generator>Samizdat</generator>
<atom:link href="${head.self}" rel="self" type="application/rss+xml"/>
${entries.map(rssItem)}</channel>
</rss>
`.value;
}

function rssItem(e: FeedEntry): Html {
  return xml`<item>
<title>${asHtmlText(e.title)}</title>
<link>${e.url}</link>
<guid isPermaLink="true">${e.url}</guid>
<pubDate>${new Date(e.publishedAt).toUTCString()}</pubDate>
<description>${asHtmlText(e.summary)}</description>
<content:encoded>${cdata(e.contentHtml)}</content:encoded>
${e.authors.map((a) => xml`<dc:creator>${a.name}</dc:creator>
`)}<category domain="${e.section.url}">${e.section.name}</category>
${e.enclosure ? xml`<enclosure url="${e.enclosure.url}" length="${e.enclosure.length}" type="${e.enclosure.type}"/>
` : ''}${e.comments ? xml`<comments>${e.comments.url}</comments>
<slash:comments>${e.comments.count}</slash:comments>
` : ''}</item>
`;
}

export function atomXml(head: FeedHead, entries: FeedEntry[]): string {
  return xml`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${head.home}</id>
<title type="text">${head.title}</title>
<subtitle type="text">${head.description}</subtitle>
<updated>${iso(head.updated)}</updated>
<generator>Samizdat</generator>
<link rel="alternate" type="text/html" href="${head.home}"/>
<link rel="self" type="application/atom+xml" href="${head.self}"/>
<icon>${head.icon}</icon>
<rights>© ${head.siteName}</rights>
<author><name>${head.siteName}</name></author>
${entries.map(atomEntry)}</feed>
`.value;
}

function atomEntry(e: FeedEntry): Html {
  return xml`<entry>
<title type="text">${e.title}</title>
<id>${e.url}</id>
<link rel="alternate" type="text/html" href="${e.url}"/>
<published>${iso(e.publishedAt)}</published>
<updated>${iso(e.updatedAt)}</updated>
${e.authors.map((a) => xml`<author><name>${a.name}</name><uri>${a.url}</uri></author>
`)}<category term="${e.section.slug}" label="${e.section.name}"/>
<summary type="text">${e.summary}</summary>
<content type="html">${e.contentHtml}</content>
${e.enclosure ? xml`<link rel="enclosure" href="${e.enclosure.url}" length="${e.enclosure.length}" type="${e.enclosure.type}"/>
` : ''}${e.comments ? xml`<link rel="replies" type="text/html" href="${e.comments.url}" xmlns:thr="http://purl.org/syndication/thread/1.0" thr:count="${e.comments.count}"/>
` : ''}</entry>
`;
}

function iso(t: string): string {
  return new Date(t).toISOString();
}
