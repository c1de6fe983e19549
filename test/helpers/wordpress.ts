import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { importWordpress, type ImportOptions } from '../../src/wordpress/importer.ts';
import type { TestSite } from './site.ts';

/**
 * The real WordPress exports live in ../shared/fixtures/wordpress beside the
 * repository (never copied in: their licence is unstated); tests that need
 * them skip, saying why, where that folder is absent.
 */
export const FIXTURES = path.resolve(import.meta.dirname, '../..', '../shared/fixtures/wordpress');
export const THEME_UNIT = path.join(FIXTURES, 'themeunittestdata.wordpress.xml');
export const BLOCKS = path.join(FIXTURES, '64-block-test-data.xml');
export const PREVIEW = path.join(FIXTURES, 'theme-preview.xml');
export const haveFixtures = fs.existsSync(THEME_UNIT) && fs.existsSync(BLOCKS);
export const NO_FIXTURES = `skipped: the WordPress fixtures are not at ${FIXTURES}`;

/** Runs the import in the site's own process, as the newsroom's job does. */
export function runImport(site: TestSite, opts: ImportOptions) {
  const s = site.services;
  return importWordpress({ db: s.db, dataDir: site.dataDir, mediaStore: () => s.media.current(), articles: s.articles, pages: s.pages, changes: s.changes }, opts);
}

export interface CountedItem {
  id: string;
  type: string;
  status: string;
  title: string;
  link: string;
  name: string;
  password: string;
  attachmentUrl: string;
  /** The post an attachment belongs to ('0' for none). */
  parent: string;
  categories: string[];
  tags: string[];
  comments: { id: string; parent: string; approved: string; type: string; content: string }[];
}

const value = (xml: string, tag: string) => {
  const m = new RegExp(`<${tag}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([\\s\\S]*?))</${tag}>`).exec(xml);
  if (!m) return '';
  return m[1] ?? m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#039;|&apos;/g, "'").replace(/&amp;/g, '&');
};

/**
 * What an export holds, counted with plain patterns, independently of the
 * importer's own reader: the test compares the two.
 */
export function countExport(file: string) {
  const xml = fs.readFileSync(file, 'utf8');
  const items: CountedItem[] = [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, it]) => ({
    id: value(it, 'wp:post_id'), type: value(it, 'wp:post_type'), status: value(it, 'wp:status'), title: value(it, 'title'), link: value(it, 'link'),
    name: value(it, 'wp:post_name'), password: value(it, 'wp:post_password'), attachmentUrl: value(it, 'wp:attachment_url'), parent: value(it, 'wp:post_parent'),
    categories: [...it.matchAll(/<category domain="category" nicename="([^"]*)"/g)].map((m) => m[1]),
    tags: [...it.matchAll(/<category domain="post_tag" nicename="([^"]*)"/g)].map((m) => m[1]),
    comments: [...it.matchAll(/<wp:comment>([\s\S]*?)<\/wp:comment>/g)].map(([, c]) => ({
      id: value(c, 'wp:comment_id'), parent: value(c, 'wp:comment_parent'), approved: value(c, 'wp:comment_approved'), type: value(c, 'wp:comment_type'), content: value(c, 'wp:comment_content'),
    })),
  }));
  const channel = xml.slice(0, xml.indexOf('<item>'));
  return {
    items,
    authors: [...channel.matchAll(/<wp:author>([\s\S]*?)<\/wp:author>/g)].map(([, a]) => ({ login: value(a, 'wp:author_login'), name: value(a, 'wp:author_display_name') })),
    categories: [...channel.matchAll(/<wp:category>([\s\S]*?)<\/wp:category>/g)].map(([, c]) => value(c, 'wp:category_nicename')),
    tags: [...channel.matchAll(/<wp:tag>([\s\S]*?)<\/wp:tag>/g)].map(([, t]) => value(t, 'wp:tag_slug')),
    /** Each category and tag of the export's lists, with its name. */
    categoryTerms: [...channel.matchAll(/<wp:category>([\s\S]*?)<\/wp:category>/g)].map(([, c]) => ({ id: value(c, 'wp:term_id'), slug: value(c, 'wp:category_nicename'), name: value(c, 'wp:cat_name') })),
    tagTerms: [...channel.matchAll(/<wp:tag>([\s\S]*?)<\/wp:tag>/g)].map(([, t]) => ({ slug: value(t, 'wp:tag_slug'), name: value(t, 'wp:tag_name') })),
  };
}

/** A stand-in for wp-content/uploads: a small picture at each attachment's place, as a backup of the old site would have. */
export async function makeUploads(dir: string, items: CountedItem[]): Promise<number> {
  let n = 0;
  for (const a of items.filter((i) => i.type === 'attachment' && /\.(jpe?g|png|gif)$/i.test(i.attachmentUrl))) {
    const rel = new URL(a.attachmentUrl).pathname.replace(/^.*\/wp-content\/uploads\//, '').replace(/^\//, '');
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const img = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (n * 37) % 255, g: 120, b: 90 } } });
    await (rel.endsWith('.png') ? img.png() : rel.endsWith('.gif') ? img.gif() : img.jpeg()).toFile(file);
    n++;
  }
  return n;
}
