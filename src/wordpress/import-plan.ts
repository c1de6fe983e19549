import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { readWxr, type WxrAuthor, type WxrItem, type WxrSite } from './wxr-reader.ts';

/**
 * The first reading of an export: everything small enough to keep (authors,
 * categories, tags, attachments, counts) and a check that the whole file
 * reads, so that a file broken half-way imports nothing at all. Items with
 * their bodies are read again, one at a time, when they are written.
 */

export interface Term {
  termId: string;
  /** WordPress's slug (category nicename, tag slug), as stored: maybe percent-encoded. */
  slug: string;
  name: string;
  description: string;
  /** A category's parent's slug; '' at the top. */
  parent: string;
}

export interface Attachment {
  id: string;
  title: string;
  url: string;
  link: string;
  parent: string;
  alt: string;
  caption: string;
  /** Its file under the uploads folder: `2013/03/photo.jpg`. */
  file: string;
}

export interface Survey {
  site: WxrSite | null;
  authors: Map<string, WxrAuthor>;
  categories: Map<string, Term>;
  tags: Map<string, Term>;
  attachments: Map<string, Attachment>;
  /** Attachment ids by the post they belong to: galleries without ids, and attachment pages' redirects. */
  attachedTo: Map<string, string[]>;
  /** Items by type and status ("post/publish": 12). */
  counts: Map<string, number>;
  /** Terms of other taxonomies (menus, formats), by taxonomy. */
  otherTerms: Map<string, number>;
  /** Posts and pages: the items the second reading writes. */
  writable: number;
  comments: number;
  bytes: number;
}

const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

export async function survey(file: string, onBytes?: (read: number) => void): Promise<Survey> {
  const s: Survey = {
    site: null, authors: new Map(), categories: new Map(), tags: new Map(), attachments: new Map(), attachedTo: new Map(),
    counts: new Map(), otherTerms: new Map(), writable: 0, comments: 0, bytes: 0,
  };
  for await (const r of readWxr(file, { onBytes: (n) => { s.bytes = n; onBytes?.(n); } })) {
    if (r.kind === 'site') s.site = r;
    else if (r.kind === 'author') s.authors.set(r.login, r);
    else if (r.kind === 'category') addTerm(s.categories, r.nicename, r.name, r.termId, r.description, r.parent);
    else if (r.kind === 'tag') addTerm(s.tags, r.slug, r.name, r.termId, r.description, '');
    else if (r.kind === 'term' && r.taxonomy === 'category') addTerm(s.categories, r.slug, r.name, r.termId, '', '');
    else if (r.kind === 'term' && r.taxonomy === 'post_tag') addTerm(s.tags, r.slug, r.name, r.termId, '', '');
    else if (r.kind === 'term') bump(s.otherTerms, r.taxonomy || 'unnamed');
    else surveyItem(s, r);
  }
  return s;
}

function addTerm(terms: Map<string, Term>, slug: string, name: string, termId: string, description: string, parent: string): void {
  if (!slug && !name) return;
  const key = slug || name;
  if (!terms.has(key)) terms.set(key, { termId, slug: key, name: name || key, description, parent });
}

function surveyItem(s: Survey, item: WxrItem): void {
  bump(s.counts, `${item.type || 'post'}/${item.status || 'publish'}`);
  if (item.type === 'attachment') {
    s.attachments.set(item.id, attachmentOf(item));
    if (item.parent && item.parent !== '0') s.attachedTo.set(item.parent, [...(s.attachedTo.get(item.parent) ?? []), item.id]);
    return;
  }
  if (item.type !== 'post' && item.type !== 'page') return;
  s.writable++;
  s.comments += item.comments.length;
  // Terms an item names that the export's lists lack are made all the same.
  for (const t of item.terms) {
    if (t.domain === 'category') addTerm(s.categories, t.nicename, t.name, '', '', '');
    else if (t.domain === 'post_tag') addTerm(s.tags, t.nicename, t.name, '', '', '');
  }
  if (item.creator && !s.authors.has(item.creator)) {
    s.authors.set(item.creator, { kind: 'author', id: '', login: item.creator, email: '', displayName: item.creator, firstName: '', lastName: '' });
  }
}

function attachmentOf(item: WxrItem): Attachment {
  const url = item.attachmentUrl || item.guid;
  return {
    id: item.id, title: item.title, url, link: item.link, parent: item.parent, alt: item.meta._wp_attachment_image_alt?.[0] ?? '',
    caption: item.excerpt, file: item.meta._wp_attached_file?.[0] ?? uploadsPath(url) ?? '',
  };
}

/**
 * Where an address on the old site points inside its uploads folder, without
 * WordPress's size suffix: `…/wp-content/uploads/2013/03/photo-300x200.jpg`
 * and `…files.wordpress.com/2013/03/photo.jpg?w=300` are both `2013/03/photo.jpg`.
 */
export function uploadsPath(address: string, stripSize = false): string | null {
  let url: URL;
  try {
    url = new URL(address, 'https://old.invalid');
  } catch {
    return null;
  }
  let p = decodeURIComponent(url.pathname);
  const marker = p.indexOf('/wp-content/uploads/');
  if (marker >= 0) p = p.slice(marker + '/wp-content/uploads/'.length);
  else if (url.hostname.endsWith('.files.wordpress.com') || url.hostname.endsWith('.wp.com')) p = p.replace(/^\/(?:[^/]+\.files\.wordpress\.com\/)?/, '');
  else return null;
  if (stripSize) p = p.replace(/-(?:\d+x\d+|scaled|rotated)(?=\.\w+$)/, '');
  return p || null;
}

/** What an item was, as a hash: a later export with another hash changed on WordPress. */
export function fingerprint(item: WxrItem, version: string): string {
  const { line: _line, comments: _comments, ...rest } = item;
  return createHash('sha256').update(version).update(JSON.stringify(rest)).digest('hex').slice(0, 32);
}

export type WpKind = 'author' | 'category' | 'tag' | 'attachment' | 'post' | 'page' | 'comment';

export interface Remembered {
  localId: number;
  fingerprint: string | null;
  localStamp: string | null;
}

/**
 * The `wordpress_ids` table: what an earlier run (or this one) made of each
 * thing in the export. Keys carry the old site's address, so exports of two
 * WordPress sites (each numbering its posts from 1) never take each other's rows.
 */
export class WordpressIds {
  private readonly db: Kysely<Database>;
  private readonly site: string;

  constructor(db: Kysely<Database>, site: string) {
    this.db = db;
    this.site = site;
  }

  /** The same table through another connection (a transaction). */
  within(db: Kysely<Database>): WordpressIds {
    return new WordpressIds(db, this.site);
  }

  private key(k: string): string {
    return `${this.site} ${k}`;
  }

  /** Every row of a kind this site's imports made: for the small kinds (authors, terms, attachments). */
  async all(kind: WpKind): Promise<Map<string, Remembered>> {
    const rows = await this.db.selectFrom('wordpress_ids').select(['wp_key', 'local_id', 'fingerprint', 'local_stamp'])
      .where('kind', '=', kind).execute();
    return new Map(rows.filter((r) => r.wp_key.startsWith(`${this.site} `)).map((r) => [r.wp_key.slice(this.site.length + 1), remembered(r)]));
  }

  async some(kind: WpKind, keys: string[]): Promise<Map<string, Remembered>> {
    const out = new Map<string, Remembered>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db.selectFrom('wordpress_ids').select(['wp_key', 'local_id', 'fingerprint', 'local_stamp'])
        .where('kind', '=', kind).where('wp_key', 'in', keys.slice(i, i + 500).map((k) => this.key(k))).execute();
      for (const r of rows) out.set(r.wp_key.slice(this.site.length + 1), remembered(r));
    }
    return out;
  }

  async remember(kind: WpKind, key: string, r: Remembered, now: string): Promise<void> {
    const values = { local_id: r.localId, fingerprint: r.fingerprint, local_stamp: r.localStamp, imported_at: now };
    await this.db.insertInto('wordpress_ids').values({ kind, wp_key: this.key(key), ...values })
      .onConflict((oc) => oc.columns(['kind', 'wp_key']).doUpdateSet(values)).execute();
  }
}

function remembered(r: { local_id: number; fingerprint: string | null; local_stamp: string | null }): Remembered {
  return { localId: Number(r.local_id), fingerprint: r.fingerprint, localStamp: r.local_stamp };
}

/** The old site, as the export names it: what keys its rows in `wordpress_ids`. */
export function siteKey(s: Survey): string {
  return (s.site?.baseBlogUrl || s.site?.link || s.site?.baseSiteUrl || 'unnamed').replace(/\/+$/, '').replace(/^https?:\/\//, '');
}
