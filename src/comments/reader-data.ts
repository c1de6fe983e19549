import type { ReaderDataKeeper } from '../accounts/reader-data.ts';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { html } from '../render/html.ts';
import { type ViewContext, words } from '../views/context.ts';
import { commentsDep } from './deps.ts';
import { commentsBy } from './store.ts';
import { commentTime } from './views.ts';
import { commentWords } from './words.ts';

/**
 * What comments keep about a reader, for their account page ("Your comments")
 * and for erasing the account: their comments stay (a thread would fall apart
 * without them, and a moderation log entry may point at one), under the
 * pseudonym instead of their name, with no email tied to them any more.
 */
export function commentsKeeper(deps: { db: Db; changes: ChangeBus }): ReaderDataKeeper {
  /** Between an erasure and its commit: the articles whose pages showed the reader's name. */
  const shown = new Map<number, string[]>();
  return {
    name: 'comments',
    async describe(userId: number, ctx: ViewContext) {
      const t = words(ctx).account;
      const w = commentWords(ctx.settings.language);
      const list = await commentsBy(deps.db.kysely, { userId, tokenHash: null }, 20);
      return html`<section class="account-section" aria-labelledby="account-comments">
<h2 id="account-comments">${t.yourComments}</h2>
${list.length ? html`<ul class="account-comments">${list.map((c) => html`<li>${c.articlePath && c.articleStatus === 'published'
  ? html`<a href="${c.articlePath}#comment-${c.id}">${w.onArticle(c.articleTitle)}</a>` : w.onArticle(c.articleTitle)} · ${commentTime(ctx, c.createdAt)} · ${w.statusWords[c.status]}</li>`)}</ul>
<p><a href="/comments/yours">${w.yoursTitle}</a></p>` : html`<p>${t.noComments}</p>`}
</section>`;
    },
    async erase(trx, userId, pseudonym) {
      const articles = await trx.selectFrom('comments').select('article_id').distinct().where('author_user_id', '=', userId).execute();
      await trx.updateTable('comments').set({ guest_name: pseudonym, author_user_id: null, guest_email: null, notify_replies: 0 })
        .where('author_user_id', '=', userId).execute();
      if (articles.length) shown.set(userId, articles.map((a) => commentsDep(Number(a.article_id))));
    },
    // Once the erasure has committed, the pages that showed the name forget it.
    async erased(userId) {
      const touched = shown.get(userId);
      shown.delete(userId);
      if (touched) await deps.changes.changed(touched);
    },
  };
}
