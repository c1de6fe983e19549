import type { FastifyRequest } from 'fastify';
import { articleDep } from '../articles/deps.ts';
import { NotFound } from '../http/errors.ts';
import type { Html } from '../render/html.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { commentsDep } from './deps.ts';
import { formStamp } from './intake/timing.ts';
import { threadPageView } from './pages-view.ts';
import { THREADS_PER_PAGE } from './service.ts';
import { isId, type Sort, SORTS } from './store.ts';
import { commentsRegion } from './views.ts';

/**
 * The comments on public pages: the region of the article page (which stays
 * cached: it shows `comments:<article>`, and a comment forgets only that), and
 * a whole thread's own page. The article page reads `sort` and `page` from its
 * address; any other value is not an address the site has.
 */

function viewOf(req: FastifyRequest, defaultSort: Sort): { sort: Sort; page: number } {
  const q = req.query as Record<string, unknown>;
  const sort = q.sort === undefined ? defaultSort : String(q.sort);
  const page = q.page === undefined ? '1' : String(q.page);
  if (!SORTS.includes(sort as Sort) || !/^[1-9]\d{0,5}$/.test(page)) throw new NotFound();
  return { sort: sort as Sort, page: Number(page) };
}

export async function commentsSection(s: Services, req: FastifyRequest, ctx: ViewContext, article: { id: number; path: string; published_at: string }, shows: Set<string>): Promise<Html> {
  const st = s.settings.get();
  const view = viewOf(req, st.comments_sort);
  const [f, list] = await Promise.all([
    s.db.kysely.selectFrom('articles').select(['comment_count', 'comments_enabled', 'last_comment_id']).where('id', '=', article.id).executeTakeFirst(),
    s.comments.listForArticle(article.id, view),
  ]);
  if (view.page > 1 && !list.threads.length) throw new NotFound();
  shows.add(commentsDep(article.id));
  const open = s.comments.isOpen({ commentsEnabled: Number(f?.comments_enabled) === 1, publishedAt: article.published_at });
  return commentsRegion(ctx, {
    article: { id: article.id, path: article.path, commentCount: Number(f?.comment_count ?? 0) },
    open, who: st.comments_who, sort: view.sort, defaultSort: st.comments_sort, page: view.page, perPage: THREADS_PER_PAGE, list,
    lastId: Number(f?.last_comment_id ?? 0),
    form: { articleId: article.id, parentId: null, stamp: formStamp(s.secret, article.id, new Date()), linkLimit: st.comments_link_limit },
  });
}

/** GET /comments/:id — the whole thread a comment is in (where reply emails and "show the whole thread" lead). */
export async function renderThread(s: Services, req: FastifyRequest, ctx: ViewContext, shows: Set<string>): Promise<string> {
  const id = Number((req.params as { id: string }).id);
  if (!isId(id)) throw new NotFound();
  const c = await s.comments.get(id);
  if (!c) throw new NotFound();
  const article = await s.db.kysely.selectFrom('articles').select(['id', 'title', 'path', 'status', 'published_at', 'comments_enabled'])
    .where('id', '=', c.articleId).executeTakeFirst();
  if (!article?.path || article.status !== 'published') throw new NotFound();
  const thread = await s.comments.thread(id);
  if (!thread) throw new NotFound();
  shows.add(commentsDep(article.id)).add(articleDep(article.id));
  const open = s.comments.isOpen({ commentsEnabled: Number(article.comments_enabled) === 1, publishedAt: article.published_at });
  return threadPageView(ctx, { article: { title: article.title, path: article.path }, root: thread.root, comments: thread.comments, open });
}
