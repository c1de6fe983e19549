import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { compareTexts, revisionText } from '../articles/word-diff.ts';
import { BadRequest, Gone, NotFound } from '../http/errors.ts';
import { parseQuery, queryMessage } from '../http/query.ts';
import { SLUG_PATTERN } from '../lib/slug.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { pageDep } from './deps.ts';
import { pageHistoryView } from './page-history-view.ts';
import { type PageNote, staticPageView } from './page-view.ts';
import { findPageBySlug, lastRevisionAt, pageNotes, pagePath, type PageRow, pageRevisions } from './store.ts';

/**
 * The published page at /slug. Anything else — no such page, a draft, an
 * address that is not a page's shape — is "not found", which sends the error
 * handler to look for an old address first. A page that was public and has
 * been unpublished says it was withdrawn.
 */
async function publishedPage(s: Services, req: FastifyRequest): Promise<PageRow & { published_at: string }> {
  const slug = (req.params as { slug: string }).slug;
  if (!SLUG_PATTERN.test(slug)) throw new NotFound();
  const page = await findPageBySlug(s.db.kysely, slug);
  if (page?.status === 'published' && page.published_at) return { ...page, published_at: page.published_at };
  if (page?.published_at) throw new Gone();
  throw new NotFound();
}

export async function renderStaticPage(s: Services, req: FastifyRequest, ctx: ViewContext, shows: Set<string>): Promise<string> {
  const page = await publishedPage(s, req);
  shows.add(pageDep(page.id));
  const [updatedAt, notes] = await Promise.all([lastRevisionAt(s.db.kysely, page.id), pageNotes(s.db.kysely, page.id)]);
  return staticPageView(ctx, {
    title: page.title, standfirst: page.standfirst, bodyHtml: page.body_html, path: pagePath(page.slug),
    publishedAt: page.published_at, updatedAt: updatedAt ?? page.published_at,
    notes: notes.map((n) => ({ kind: n.kind as PageNote['kind'], note: n.note, createdAt: n.created_at })),
  });
}

const revisionNumber = z.string().regex(/^[1-9]\d{0,5}$/, queryMessage('revisionNumber')).transform(Number).optional();

/** /slug/history: every published revision, and a word-level comparison of any two. */
export async function renderPageHistory(s: Services, req: FastifyRequest, ctx: ViewContext, shows: Set<string>): Promise<string> {
  const page = await publishedPage(s, req);
  shows.add(pageDep(page.id));
  const { from, to } = parseQuery({ from: revisionNumber, to: revisionNumber }, req.query);
  const revisions = await pageRevisions(s.db.kysely, page.id);
  let compare = null;
  if (from !== undefined || to !== undefined) {
    const a = revisions.find((r) => r.number === from);
    const b = revisions.find((r) => r.number === to);
    if (!a || !b) throw new BadRequest((t) => t.chooseTwoRevisions);
    const text = (r: typeof a) => revisionText({ title: r.title, standfirst: r.standfirst, bodyMd: r.body_md });
    const diff = compareTexts(text(a), text(b));
    compare = { from: a.number, to: b.number, parts: diff.parts, wordByWord: diff.wordByWord };
  }
  return pageHistoryView(ctx, {
    page: { title: page.title, path: pagePath(page.slug) },
    revisions: revisions.map((r) => ({ number: r.number, createdAt: r.created_at, kind: r.kind, note: r.note, editor: r.editor })),
    compare,
  });
}
