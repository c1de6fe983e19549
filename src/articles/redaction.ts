import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { formatDate, nowIso } from '../lib/time.ts';
import { referencedMedia, renderBody } from './markdown.ts';
import { mediaBySlugs } from './store.ts';

export type RedactionResult = { ok: true; replaced: number } | { ok: false; message: string };

/** The notice left where the text was: dated, with the reason, never the text. */
export function redactionNotice(reason: string, at: string, locale: string, timeZone: string): string {
  return `[Text removed on ${formatDate(at, locale, timeZone)}: ${reason.replace(/[[\]\n]/g, ' ').trim()}]`;
}

/**
 * A legal redaction: the passage goes from the current text and from every
 * revision (the one time revisions are rewritten, because the law requires
 * it), a dated notice stands in its place, and the redaction itself is
 * recorded as a revision so the history shows that it happened and why.
 */
export async function redactPassage(
  db: Db,
  changes: ChangeBus,
  input: { articleId: number; passage: string; reason: string; editorId: number; locale: string; timeZone: string },
): Promise<RedactionResult> {
  const passage = input.passage.trim();
  if (passage.length < 3) return { ok: false, message: 'Give the exact passage to remove (at least three characters).' };
  const now = nowIso();
  const notice = redactionNotice(input.reason, now, input.locale, input.timeZone);
  const swap = (text: string) => text.split(passage).join(notice);
  const replaced = await db.kysely.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('articles as a')
      .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
      .select(['a.title', 'a.standfirst', 'b.body_md'])
      .where('a.id', '=', input.articleId)
      .executeTakeFirstOrThrow();
    const revisions = await trx.selectFrom('article_revisions').selectAll().where('article_id', '=', input.articleId).execute();
    const texts = [current, ...revisions];
    const count = texts.reduce((n, t) => n + [t.title, t.standfirst, t.body_md].join('\n').split(passage).length - 1, 0);
    if (count === 0) return 0;
    for (const r of revisions) {
      await trx.updateTable('article_revisions').set({ title: swap(r.title), standfirst: swap(r.standfirst), body_md: swap(r.body_md) }).where('id', '=', r.id).execute();
    }
    const bodyMd = swap(current.body_md);
    const rendered = renderBody(bodyMd, await mediaBySlugs(trx, referencedMedia(bodyMd)));
    await trx.updateTable('articles').set({ title: swap(current.title), standfirst: swap(current.standfirst), updated_at: now }).where('id', '=', input.articleId).execute();
    await trx.updateTable('article_bodies').set({ body_md: bodyMd, body_html: rendered.html, body_text: rendered.text }).where('article_id', '=', input.articleId).execute();
    const last = revisions.reduce((m, r) => Math.max(m, r.number), 0);
    await trx.insertInto('article_revisions').values({
      article_id: input.articleId, number: last + 1, kind: 'redaction', note: input.reason.trim(), editor_id: input.editorId,
      title: swap(current.title), standfirst: swap(current.standfirst), body_md: bodyMd, created_at: now,
    }).execute();
    return count;
  });
  if (!replaced) return { ok: false, message: 'That passage does not appear in the article or its history. Copy it exactly.' };
  await changes.contentChanged();
  return { ok: true, replaced };
}
