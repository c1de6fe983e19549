import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection.ts';
import { SettingsService } from '../settings/settings.ts';
import { ATTACHMENT_ID_BASE, attachmentItem, commentItem, type Context, PAGE_ID_BASE, POST_STATUS, postItem } from './wxr-items.ts';
import { el, head, html, TAIL } from './wxr-xml.ts';

/**
 * `samizdat export-wordpress`: the site as a WordPress export (WXR 1.2), so
 * an outlet can go back — its articles (with their sections as categories,
 * tags, authors, standfirsts as excerpts and bodies as HTML with full
 * addresses), pages, pictures as attachments, and comments with their
 * threads and states. Written item by item, a page of articles at a time.
 */

export interface WxrReport {
  file: string;
  authors: number;
  categories: number;
  tags: number;
  attachments: number;
  posts: number;
  pages: number;
  comments: number;
}

const PAGE = 100;
/** Tags are numbered past the sections: WordPress numbers both kinds of term together. */
const TAG_TERM_BASE = 1_000_000;

export async function exportWordpress(db: Db, file: string, opts: { siteUrl: string }): Promise<WxrReport> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Error(`${file} already exists: give the export a new file name`);
  const settings = await new SettingsService(db).load();
  const c: Context = { siteUrl: opts.siteUrl, timeZone: settings.timezone };
  const partial = `${target}.partial`;
  const out = await fs.promises.open(partial, 'wx');
  const report: WxrReport = { file: target, authors: 0, categories: 0, tags: 0, attachments: 0, posts: 0, pages: 0, comments: 0 };
  try {
    await out.write(head({ title: settings.site_name, link: opts.siteUrl, description: settings.site_description, language: settings.language, now: new Date() }));
    const logins = await writeTerms(db, out, report);
    await out.write('\t<generator>Samizdat</generator>\n');
    await writeAttachments(db, out, c, report);
    await writeArticles(db, out, c, logins, report);
    await writePages(db, out, c, logins, report);
    await out.write(TAIL);
    await out.close();
    fs.renameSync(partial, target);
    return report;
  } catch (e) {
    await out.close().catch(() => {});
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

type Out = fs.promises.FileHandle;

/** Staff as authors, sections as categories, tags; answers each staff member's login (their slug). */
async function writeTerms(db: Db, out: Out, report: WxrReport): Promise<Map<number, string>> {
  const k = db.kysely;
  const logins = new Map<number, string>();
  for (const u of await k.selectFrom('users').select(['id', 'slug', 'email', 'name']).where('role', '!=', 'reader').orderBy('id').execute()) {
    logins.set(u.id, u.slug);
    await out.write(`\t<wp:author>${el('wp:author_id', u.id)}${el('wp:author_login', u.slug)}${el('wp:author_email', u.email ?? '')}${el('wp:author_display_name', html(u.name))}${el('wp:author_first_name', '')}${el('wp:author_last_name', '')}</wp:author>\n`);
    report.authors++;
  }
  for (const s of await k.selectFrom('sections').select(['id', 'slug', 'name', 'description']).orderBy('position').orderBy('id').execute()) {
    await out.write(`\t<wp:category>${el('wp:term_id', s.id)}${el('wp:category_nicename', s.slug)}${el('wp:category_parent', '')}${el('wp:cat_name', html(s.name))}${el('wp:category_description', html(s.description))}</wp:category>\n`);
    report.categories++;
  }
  for (const t of await k.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('id').execute()) {
    await out.write(`\t<wp:tag>${el('wp:term_id', TAG_TERM_BASE + t.id)}${el('wp:tag_slug', t.slug)}${el('wp:tag_name', html(t.name))}</wp:tag>\n`);
    report.tags++;
  }
  return logins;
}

async function writeAttachments(db: Db, out: Out, c: Context, report: WxrReport): Promise<void> {
  for (let last = 0; ;) {
    const rows = await db.kysely.selectFrom('media').select(['id', 'slug', 'alt', 'caption', 'credit', 'variants', 'created_at']).where('id', '>', last).orderBy('id').limit(PAGE).execute();
    for (const m of rows) await out.write(attachmentItem(c, m));
    report.attachments += rows.length;
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1].id;
  }
}

async function writeArticles(db: Db, out: Out, c: Context, logins: Map<number, string>, report: WxrReport): Promise<void> {
  const k = db.kysely;
  for (let last = 0; ;) {
    const rows = await k.selectFrom('articles').innerJoin('article_bodies', 'article_bodies.article_id', 'articles.id').innerJoin('sections', 'sections.id', 'articles.section_id')
      .select(['articles.id', 'articles.slug', 'articles.status', 'articles.title', 'articles.standfirst', 'articles.lead_media_id', 'articles.comments_enabled', 'articles.path',
        'articles.published_at', 'articles.updated_at', 'articles.created_at', 'article_bodies.body_html', 'sections.slug as section_slug', 'sections.name as section_name'])
      .where('articles.id', '>', last).where('articles.status', '!=', 'binned').orderBy('articles.id').limit(PAGE).execute();
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    const authors = await k.selectFrom('article_authors').select(['article_id', 'user_id']).where('article_id', 'in', ids).orderBy('position').orderBy('user_id').execute();
    const tags = await k.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select(['article_tags.article_id', 'tags.slug', 'tags.name']).where('article_tags.article_id', 'in', ids).orderBy('tags.name').execute();
    const comments = await commentsOf(db, ids, c, logins);
    report.comments += [...comments.values()].reduce((n, list) => n + list.length, 0);
    for (const a of rows) {
      const creator = authors.find((x) => x.article_id === a.id);
      await out.write(postItem(c, {
        wpId: a.id, type: 'post', title: a.title, slug: a.slug, link: `${c.siteUrl}${a.path ?? `/?p=${a.id}`}`,
        creator: (creator && logins.get(creator.user_id)) ?? '', html: a.body_html, excerpt: a.standfirst,
        status: POST_STATUS[a.status as keyof typeof POST_STATUS], publishedAt: a.published_at, createdAt: a.created_at, updatedAt: a.updated_at,
        commentsOpen: a.comments_enabled === 1,
        terms: [{ domain: 'category', slug: a.section_slug, name: a.section_name }, ...tags.filter((t) => t.article_id === a.id).map((t) => ({ domain: 'post_tag' as const, slug: t.slug, name: t.name }))],
        thumbnailId: a.lead_media_id ? ATTACHMENT_ID_BASE + a.lead_media_id : null, comments: comments.get(a.id) ?? [],
      }));
      report.posts++;
    }
    last = rows[rows.length - 1].id;
  }
}

async function commentsOf(db: Db, ids: number[], c: Context, logins: Map<number, string>): Promise<Map<number, string[]>> {
  const rows = await db.kysely.selectFrom('comments').leftJoin('users', 'users.id', 'comments.author_user_id')
    .select(['comments.id', 'comments.article_id', 'comments.parent_id', 'comments.author_user_id', 'comments.guest_name', 'comments.guest_email', 'comments.body_html',
      'comments.status', 'comments.created_at', 'users.name as user_name', 'users.email as user_email'])
    .where('comments.article_id', 'in', ids).orderBy('comments.id').execute();
  const out = new Map<number, string[]>();
  for (const m of rows) {
    const userId = m.author_user_id !== null && logins.has(m.author_user_id) ? m.author_user_id : 0;
    const item = commentItem(c, {
      id: m.id, parentId: m.parent_id, author: m.user_name ?? m.guest_name ?? '', email: m.user_email ?? m.guest_email ?? '',
      html: m.status === 'deleted' ? '' : m.body_html, status: m.status, createdAt: m.created_at, userId,
    });
    const list = out.get(m.article_id);
    if (list) list.push(item);
    else out.set(m.article_id, [item]);
  }
  return out;
}

async function writePages(db: Db, out: Out, c: Context, logins: Map<number, string>, report: WxrReport): Promise<void> {
  for (let last = 0; ;) {
    const rows = await db.kysely.selectFrom('pages').selectAll().where('id', '>', last).orderBy('id').limit(PAGE).execute();
    for (const p of rows) {
      await out.write(postItem(c, {
        wpId: PAGE_ID_BASE + p.id, type: 'page', title: p.title, slug: p.slug, link: `${c.siteUrl}/${p.slug}`, creator: (p.created_by ? logins.get(p.created_by) : undefined) ?? '',
        html: p.body_html, excerpt: p.standfirst, status: p.status === 'published' ? 'publish' : 'draft', publishedAt: p.published_at,
        createdAt: p.created_at, updatedAt: p.updated_at, commentsOpen: false, terms: [], thumbnailId: null, comments: [],
      }));
      report.pages++;
    }
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1].id;
  }
}
