import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadRequest, Gone, NotFound } from '../http/errors.ts';
import { parseQuery, queryMessage } from '../http/query.ts';
import type { Services } from '../services.ts';
import type { ViewContext } from '../views/context.ts';
import { articleDep } from './deps.ts';
import { historyPage } from './history-view.ts';
import { compareTexts, revisionText } from './word-diff.ts';

const revisionNumber = z.string().regex(/^[1-9]\d{0,5}$/, queryMessage('revisionNumber')).transform(Number).optional();

async function revisionsOf(s: Services, articleId: number) {
  return s.db.kysely
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.editor_id')
    .select(['r.number', 'r.kind', 'r.note', 'r.created_at', 'r.title', 'r.standfirst', 'r.body_md', 'u.name as editor'])
    .where('r.article_id', '=', articleId)
    .orderBy('r.number', 'asc')
    .execute();
}

/** /YYYY/MM/slug/history: every published revision, and a word-level diff between any two. */
export async function renderHistory(s: Services, req: FastifyRequest, ctx: ViewContext, shows: Set<string>): Promise<string> {
  const articlePath = req.url.split('?')[0].replace(/\/history$/, '');
  const article = await s.db.kysely
    .selectFrom('articles')
    .select(['id', 'title', 'path', 'status'])
    .where('path', '=', articlePath)
    .executeTakeFirst();
  // The bin takes the history down with the article (it is kept, and comes back with a restore).
  if (article?.status === 'binned') throw new Gone((t) => t.articleWithdrawn);
  if (!article || article.status !== 'published') throw new NotFound();
  shows.add(articleDep(article.id));
  const { from, to } = parseQuery({ from: revisionNumber, to: revisionNumber }, req.query);
  const revisions = await revisionsOf(s, article.id);
  let compare = null;
  if (from !== undefined || to !== undefined) {
    const a = revisions.find((r) => r.number === from);
    const b = revisions.find((r) => r.number === to);
    if (!a || !b) throw new BadRequest((t) => t.chooseTwoRevisions);
    const text = (r: typeof a) => revisionText({ title: r.title, standfirst: r.standfirst, bodyMd: r.body_md });
    const diff = compareTexts(text(a), text(b));
    compare = { from: a.number, to: b.number, parts: diff.parts, wordByWord: diff.wordByWord };
  }
  return historyPage(ctx, {
    article: { title: article.title, path: article.path! },
    revisions: revisions.map((r) => ({ number: r.number, createdAt: r.created_at, kind: r.kind, note: r.note, editor: r.editor })),
    compare,
  });
}
