import type { FastifyRequest } from 'fastify';
import { commentsSection } from '../comments/article-comments.ts';
import { Gone, NotFound } from '../http/errors.ts';
import { pollDep } from '../polls/deps.ts';
import { pollForm } from '../polls/views.ts';
import { articleDep, LATEST, showsCards, showsSidebar } from './deps.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { articlePage } from './article-view.ts';
import { authorBoxes } from './author-box.ts';
import type { RevisionNote } from './history-view.ts';
import { bylinesFor, findByPath, laterRevisions, leadOf, neighbours, related, tagsOf } from './store.ts';

const RELATED_COUNT = 4;

export async function renderArticle(s: Services, req: FastifyRequest, ctx: ViewContext, shows: Set<string>): Promise<string> {
  const db = s.db.kysely;
  const path = req.url.split('?')[0];
  const article = await findByPath(db, path);
  if (!article || article.status !== 'published' || !article.published_at) {
    // Withdrawn or in the bin: readers are told it was taken down, not that it never existed.
    if (article?.status === 'unpublished' || article?.status === 'binned') throw new Gone((t) => t.articleWithdrawn);
    throw new NotFound(); // the error handler looks for an old address first
  }
  const tags = await tagsOf(db, article.id);
  const [bylines, near, rel, side, later, boxes, polls, comments] = await Promise.all([
    bylinesFor(db, [article.id]),
    neighbours(db, { id: article.id, published_at: article.published_at }),
    related(db, article, tags.map((t) => t.id), RELATED_COUNT),
    s.siteData.sidebar(),
    // An article never changed since publication has no later revisions.
    article.updated_at > article.published_at ? laterRevisions(db, article.id) : [],
    authorBoxes(db, article.id),
    s.polls.articlePolls(article.id),
    // The comments region: a page of threads, the form, open or closed (shows comments:<id>).
    commentsSection(s, req, ctx, { id: article.id, path: article.path!, published_at: article.published_at }, shows),
  ]);
  // Reader polls inside the article (the sidebar's own poll is shown there only, once per page).
  const inside = polls.filter((p) => p.id !== side.pollId);
  for (const p of inside) shows.add(pollDep(p.id));
  // Its own text, its neighbours and related reading (LATEST: a new publication may change them), the sidebar.
  shows.add(articleDep(article.id)).add(LATEST);
  for (const n of [near.prev, near.next]) if (n) shows.add(articleDep(n.id));
  showsCards(shows, [], rel);
  showsSidebar(shows, side);
  return articlePage(ctx, {
    article: { ...article, path: article.path!, published_at: article.published_at },
    authors: bylines.get(article.id) ?? [],
    tags,
    lead: leadOf(article),
    prev: near.prev,
    next: near.next,
    related: rel,
    sidebar: side,
    authorBoxes: boxes,
    polls: inside.map((p) => pollForm(ctx, p, { open: s.polls.isOpen(p), headingLevel: 2, label: p.question })),
    comments,
    notes: later.filter(declared).map((r) => ({ kind: r.kind, note: r.note, createdAt: r.created_at })),
    // The last change published after publication, correction or not.
    updatedAt: later[0]?.created_at ?? null,
  });
}

/** The changes readers are told about above the text: corrections, redactions, and updates with a note. */
function declared(r: { kind: RevisionNote['kind']; note: string }): boolean {
  return r.kind !== 'update' || r.note !== '';
}

