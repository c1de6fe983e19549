import fs from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Reads a WordPress export (WXR 1.0–1.2) as a stream: one record at a time
 * (the site, each author, category, tag, term, item), so a file of hundreds
 * of megabytes never sits in memory whole — at most one item does. Postmeta
 * that the importer has no use for is skipped without being kept.
 *
 * saxes is a non-validating parser: it reads no DTD and expands no entity but
 * XML's own five and character references, so nothing in the file can make it
 * fetch or include anything. A DOCTYPE, which no export has, is refused.
 */

export interface WxrSite {
  kind: 'site';
  title: string;
  link: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
  wxrVersion: string;
}

export interface WxrAuthor {
  kind: 'author';
  id: string;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

export interface WxrCategory {
  kind: 'category';
  termId: string;
  nicename: string;
  parent: string;
  name: string;
  description: string;
}

export interface WxrTag {
  kind: 'tag';
  termId: string;
  slug: string;
  name: string;
  description: string;
}

/** A term of another taxonomy (menus, post formats, a plugin's): counted, not imported. */
export interface WxrTerm {
  kind: 'term';
  termId: string;
  taxonomy: string;
  slug: string;
  name: string;
}

export interface WxrComment {
  id: string;
  author: string;
  authorEmail: string;
  authorUrl: string;
  date: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
  parent: string;
  userId: string;
}

export interface WxrItem {
  kind: 'item';
  /** The line the item starts on, for the report. */
  line: number;
  title: string;
  link: string;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  id: string;
  date: string;
  dateGmt: string;
  modified: string;
  modifiedGmt: string;
  commentStatus: string;
  name: string;
  status: string;
  parent: string;
  menuOrder: string;
  type: string;
  password: string;
  sticky: string;
  attachmentUrl: string;
  /** `<category domain="category|post_tag|…" nicename="…">Name</category>` */
  terms: { domain: string; nicename: string; name: string }[];
  /** Only the postmeta the importer reads (KEPT_META); each key may repeat. */
  meta: Record<string, string[]>;
  comments: WxrComment[];
}

export type WxrRecord = WxrSite | WxrAuthor | WxrCategory | WxrTag | WxrTerm | WxrItem;

/** The file is not a WordPress export we can read: the message names the line. */
export class WxrError extends Error {
  readonly line: number | null;

  constructor(message: string, line: number | null) {
    super(message);
    this.line = line;
  }
}

/** Postmeta worth keeping; every other value (page-builder data, caches) is skipped unread. */
const KEPT_META = new Set(['_thumbnail_id', '_wp_old_slug', '_wp_attachment_image_alt', '_wp_attached_file', '_wp_page_template']);

const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/';
const DC_NS = 'http://purl.org/dc/elements/1.1/';

/** Our short name for an element: wp:post_id, content:encoded, title … ('' for other namespaces). */
function nameOf(tag: SaxesTagNS): string {
  const uri = tag.uri;
  if (!uri) return tag.local;
  if (/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/.test(uri)) return `wp:${tag.local}`;
  if (/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/.test(uri)) return `excerpt:${tag.local}`;
  if (uri === CONTENT_NS) return `content:${tag.local}`;
  if (uri === DC_NS) return `dc:${tag.local}`;
  return '';
}

/** The elements that hold a record, and the kind of record each makes. */
const RECORDS: Record<string, 'author' | 'category' | 'tag' | 'term' | 'item'> = {
  'wp:author': 'author', 'wp:category': 'category', 'wp:tag': 'tag', 'wp:term': 'term', item: 'item',
};

type Fields = Record<string, string>;

/** Parses one file; `records` gathers what each chunk completed, for the generator to hand out. */
class WxrParser {
  readonly records: WxrRecord[] = [];
  error: WxrError | null = null;
  private readonly sax = new SaxesParser({ xmlns: true, position: true });
  private readonly path: string[] = [];
  private channel: Fields = {};
  private siteSent = false;
  private sawRss = false;
  private record: { kind: string; fields: Fields; line: number; item?: WxrItem } | null = null;
  private comment: Fields | null = null;
  private meta: { key: string; value: string; keep: boolean } | null = null;
  private text: string[] | null = null;

  constructor() {
    this.sax.on('error', (e) => {
      // saxes starts its message with "line:column: " (after a file name when given one) and ends it with a full stop; ours says both.
      const words = e.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '').replace(/\.+$/, '');
      this.error ??= new WxrError(`line ${this.sax.line}, column ${this.sax.column}: ${words}`, this.sax.line);
    });
    this.sax.on('doctype', () => {
      this.error ??= new WxrError(`line ${this.sax.line}: the file declares a DOCTYPE, which no WordPress export has; it is not read`, this.sax.line);
    });
    this.sax.on('opentag', (tag) => this.open(tag as SaxesTagNS));
    this.sax.on('closetag', () => this.close());
    this.sax.on('text', (t) => this.text?.push(t));
    this.sax.on('cdata', (t) => this.text?.push(t));
  }

  write(chunk: string): void {
    if (this.error) return;
    this.sax.write(chunk);
  }

  end(): void {
    if (!this.error) this.sax.close();
    if (!this.error && !this.sawRss) this.error = new WxrError('this is not a WordPress export: it has no <rss> element', null);
    if (!this.error) this.sendSite();
  }

  private open(tag: SaxesTagNS): void {
    const name = nameOf(tag);
    this.path.push(name);
    const depth = this.path.length;
    if (depth === 1) {
      if (name !== 'rss') this.error ??= new WxrError(`line ${this.sax.line}: this is not a WordPress export: it starts with <${tag.name}>, not <rss>`, this.sax.line);
      this.sawRss = true;
      return;
    }
    const inChannel = depth >= 3 && this.path[1] === 'channel';
    if (!inChannel) return;
    if (depth === 3 && RECORDS[name]) {
      this.sendSite();
      this.record = { kind: RECORDS[name], fields: {}, line: this.sax.line };
      if (name === 'item') this.record.item = emptyItem(this.sax.line);
      return;
    }
    if (depth === 3) return this.capture();
    if (!this.record) return;
    if (this.record.item) this.openInItem(name, tag, depth);
    else if (depth === 4) this.capture();
  }

  private openInItem(name: string, tag: SaxesTagNS, depth: number): void {
    const item = this.record!.item!;
    if (depth === 4) {
      if (name === 'wp:comment') this.comment = {};
      else if (name === 'wp:postmeta') this.meta = { key: '', value: '', keep: false };
      else if (name === 'category') {
        item.terms.push({ domain: attr(tag, 'domain'), nicename: attr(tag, 'nicename'), name: '' });
        this.capture();
      } else this.capture();
      return;
    }
    if (depth === 5 && this.comment && name !== 'wp:commentmeta') this.capture();
    if (depth === 5 && this.meta && (name === 'wp:meta_key' || (name === 'wp:meta_value' && this.meta.keep))) this.capture();
  }

  private capture(): void {
    this.text = [];
  }

  private close(): void {
    const name = this.path.pop()!;
    const depth = this.path.length + 1;
    const value = this.text ? this.text.join('') : null;
    this.text = null;
    if (depth === 3 && this.path[1] === 'channel') {
      if (this.record) this.finishRecord();
      else if (value !== null) this.channel[name] = value;
      return;
    }
    if (!this.record || depth < 4) return;
    if (!this.record.item) {
      if (value !== null) this.record.fields[name] = value;
      return;
    }
    this.closeInItem(name, depth, value);
  }

  private closeInItem(name: string, depth: number, value: string | null): void {
    const item = this.record!.item!;
    if (depth === 5 && this.comment && value !== null) this.comment[name] = value;
    else if (depth === 5 && this.meta && value !== null) {
      if (name === 'wp:meta_key') {
        this.meta.key = value.trim();
        this.meta.keep = KEPT_META.has(this.meta.key);
      } else this.meta.value = value;
    } else if (depth === 4 && name === 'wp:comment' && this.comment) {
      item.comments.push(toComment(this.comment));
      this.comment = null;
    } else if (depth === 4 && name === 'wp:postmeta' && this.meta) {
      if (this.meta.keep) (item.meta[this.meta.key] ??= []).push(this.meta.value);
      this.meta = null;
    } else if (depth === 4 && name === 'category' && value !== null) {
      item.terms[item.terms.length - 1].name = value;
    } else if (depth === 4 && value !== null) {
      this.record!.fields[name] = value;
    }
  }

  private finishRecord(): void {
    const r = this.record!;
    this.record = null;
    const f = (k: string) => (r.fields[k] ?? '').trim();
    if (r.item) this.records.push(fillItem(r.item, r.fields));
    else if (r.kind === 'author') {
      this.records.push({ kind: 'author', id: f('wp:author_id'), login: f('wp:author_login'), email: f('wp:author_email'), displayName: f('wp:author_display_name'), firstName: f('wp:author_first_name'), lastName: f('wp:author_last_name') });
    } else if (r.kind === 'category') {
      this.records.push({ kind: 'category', termId: f('wp:term_id'), nicename: f('wp:category_nicename'), parent: f('wp:category_parent'), name: f('wp:cat_name'), description: f('wp:category_description') });
    } else if (r.kind === 'tag') {
      this.records.push({ kind: 'tag', termId: f('wp:term_id'), slug: f('wp:tag_slug'), name: f('wp:tag_name'), description: f('wp:tag_description') });
    } else {
      this.records.push({ kind: 'term', termId: f('wp:term_id'), taxonomy: f('wp:term_taxonomy'), slug: f('wp:term_slug'), name: f('wp:term_name') });
    }
  }

  private sendSite(): void {
    if (this.siteSent) return;
    this.siteSent = true;
    const c = (k: string) => (this.channel[k] ?? '').trim();
    this.records.push({ kind: 'site', title: c('title'), link: c('link'), baseSiteUrl: c('wp:base_site_url'), baseBlogUrl: c('wp:base_blog_url'), wxrVersion: c('wp:wxr_version') });
  }
}

function attr(tag: SaxesTagNS, name: string): string {
  const a = tag.attributes[name];
  return typeof a === 'string' ? a : (a?.value ?? '');
}

function emptyItem(line: number): WxrItem {
  return {
    kind: 'item', line, title: '', link: '', creator: '', guid: '', content: '', excerpt: '', id: '', date: '', dateGmt: '', modified: '', modifiedGmt: '',
    commentStatus: '', name: '', status: '', parent: '', menuOrder: '', type: '', password: '', sticky: '', attachmentUrl: '', terms: [], meta: {}, comments: [],
  };
}

function fillItem(item: WxrItem, fields: Fields): WxrItem {
  const f = (k: string) => (fields[k] ?? '').trim();
  return Object.assign(item, {
    title: f('title'), link: f('link'), creator: f('dc:creator'), guid: f('guid'),
    // Bodies keep their own whitespace: classic posts make paragraphs of blank lines.
    content: fields['content:encoded'] ?? '', excerpt: fields['excerpt:encoded'] ?? '',
    id: f('wp:post_id'), date: f('wp:post_date'), dateGmt: f('wp:post_date_gmt'), modified: f('wp:post_modified'), modifiedGmt: f('wp:post_modified_gmt'),
    commentStatus: f('wp:comment_status'), name: f('wp:post_name'), status: f('wp:status'), parent: f('wp:post_parent'), menuOrder: f('wp:menu_order'),
    type: f('wp:post_type'), password: f('wp:post_password'), sticky: f('wp:is_sticky'), attachmentUrl: f('wp:attachment_url'),
  });
}

function toComment(c: Fields): WxrComment {
  const f = (k: string) => (c[k] ?? '').trim();
  return {
    id: f('wp:comment_id'), author: f('wp:comment_author'), authorEmail: f('wp:comment_author_email'), authorUrl: f('wp:comment_author_url'),
    date: f('wp:comment_date'), dateGmt: f('wp:comment_date_gmt'), content: c['wp:comment_content'] ?? '', approved: f('wp:comment_approved'),
    type: f('wp:comment_type'), parent: f('wp:comment_parent'), userId: f('wp:comment_user_id'),
  };
}

/**
 * The records of an export file, in file order. Throws WxrError (naming the
 * line) on the first thing that is not well-formed XML or not an export.
 * `onBytes` hears how far the reading has got, for a progress bar.
 */
export async function* readWxr(file: string, opts: { onBytes?: (read: number) => void } = {}): AsyncGenerator<WxrRecord> {
  const parser = new WxrParser();
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const decoder = new TextDecoder('utf-8');
  let read = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      read += chunk.length;
      parser.write(decoder.decode(chunk, { stream: true }));
      if (parser.error) throw parser.error;
      yield* parser.records.splice(0);
      opts.onBytes?.(read);
    }
    parser.write(decoder.decode());
    parser.end();
    if (parser.error) throw parser.error;
    yield* parser.records.splice(0);
  } finally {
    stream.destroy();
  }
}
