import type { FastifyRequest } from 'fastify';
import { Gone, NotFound, Redirect } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { articlePage } from './article-view.ts';
import { revisionNotes } from './history-page.ts';
import { bylinesFor, findByPath, findRedirect, leadOf, neighbours, related, tagsOf } from './store.ts';

const RELATED_COUNT = 4;

export async function renderArticle(s: Services, req: FastifyRequest, ctx: ViewContext): Promise<string> {
  const db = s.db.kysely;
  const path = req.url.split('?')[0];
  const article = await findByPath(db, path);
  if (!article || article.status !== 'published' || !article.published_at) {
    if (article?.status === 'unpublished') throw new Gone((t) => t.articleWithdrawn);
    await redirectIfMoved(s, path);
    throw new NotFound();
  }
  const tags = await tagsOf(db, article.id);
  const [bylines, near, rel, side, notes] = await Promise.all([
    bylinesFor(db, [article.id]),
    neighbours(db, { id: article.id, published_at: article.published_at }),
    related(db, article, tags.map((t) => t.id), RELATED_COUNT),
    s.siteData.sidebar(),
    // An article never changed since publication has no notes to show.
    article.updated_at > article.published_at ? revisionNotes(s, article.id) : [],
  ]);
  return articlePage(ctx, {
    article: { ...article, path: article.path!, published_at: article.published_at },
    authors: bylines.get(article.id) ?? [],
    tags,
    lead: leadOf(article),
    prev: near.prev,
    next: near.next,
    related: rel,
    sidebar: side,
    notes,
  });
}

/** An old address (a changed slug, an imported URL) answers 301 to where the content lives now. */
export async function redirectIfMoved(s: Services, path: string): Promise<void> {
  const r = await findRedirect(s.db.kysely, path);
  if (!r) return;
  // Retired by a redaction: the address itself held the passage, so it leads nowhere.
  if (r.gone) throw new Gone();
  if (r.article_path && r.article_path !== path && r.article_status === 'published') throw new Redirect(r.article_path, 301);
  if (r.to_path && r.to_path !== path) throw new Redirect(r.to_path, 301);
}
