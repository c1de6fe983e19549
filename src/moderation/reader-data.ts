import type { ReaderDataKeeper } from '../accounts/reader-data.ts';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { MODERATION_LOG } from './deps.ts';
import { formatDate, nowIso } from '../lib/time.ts';
import { html } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';
import { appealRefusal } from './rules.ts';
import * as store from './store.ts';
import { actionLabel } from './log-view.ts';
import { moderationWords } from './words.ts';

/**
 * What moderation keeps about a reader, for their account page and for
 * erasure. The log is append-only: erasing an account puts a pseudonym where
 * their name was and deletes no entry. Their reports are theirs alone and go.
 * A ban still in force keeps the keyed hash of the address (so signing up again
 * does not end it) until it ends; an ended ban keeps nothing of them.
 */
export function moderationKeeper(db: Db, changes: ChangeBus): ReaderDataKeeper {
  return {
    name: 'moderation',
    async describe(userId: number, ctx: ViewContext) {
      const w = moderationWords(ctx.settings.language);
      const entries = await store.logAbout(db.kysely, userId);
      const appealed = new Set((await db.kysely.selectFrom('appeals').select('log_id').where('author_user_id', '=', userId).execute()).map((a) => a.log_id));
      const reports = await store.countReportsBy(db.kysely, userId);
      const date = (iso: string) => formatDate(iso, ctx.settings.locale, ctx.settings.timezone);
      return html`<section class="account-section" aria-labelledby="account-moderation">
<h2 id="account-moderation">${w.accountTitle}</h2>
${entries.length ? html`<ul class="account-list">${entries.map((e) => html`<li><time datetime="${e.createdAt}">${date(e.createdAt)}</time> · ${actionLabel(w, e, date)}: ${e.reason}${e.articlePublished && e.articlePath ? html` · <a href="${e.articlePath}">${e.articleTitle}</a>` : ''}${
  appealRefusal(e, appealed.has(e.id), new Date()) === null ? html` · <a href="/account/appeals/${e.id}">${w.appeal}</a>` : appealed.has(e.id) ? html` · <a href="/account/appeals/${e.id}">${w.appealLabel}</a>` : ''
}</li>`)}</ul>` : html`<p class="account-empty">${w.accountNone}</p>`}
${reports ? html`<p>${w.accountReports(reports)}</p>` : ''}
</section>`;
    },
    async erase(trx, userId, pseudonym) {
      await trx.updateTable('moderation_log').set({ subject_label: pseudonym, subject_user_id: null }).where('subject_user_id', '=', userId).execute();
      await trx.deleteFrom('comment_reports').where('reporter_user_id', '=', userId).execute();
      await trx.updateTable('appeals').set({ author_user_id: null, text: '' }).where('author_user_id', '=', userId).execute();
      const now = nowIso();
      // An ended ban has nothing left to enforce: it forgets the address too.
      await trx.updateTable('bans').set({ user_id: null, guest_email_hash: null }).where('user_id', '=', userId)
        .where((eb) => eb.or([eb('lifted_at', 'is not', null), eb.and([eb('until', 'is not', null), eb('until', '<=', now)])])).execute();
      await trx.updateTable('bans').set({ user_id: null }).where('user_id', '=', userId).execute();
    },
    async erased() {
      // The log names them no more: its cached pages go (whether or not any entry was theirs, which is no longer known).
      await changes.changed([MODERATION_LOG]);
    },
  };
}
