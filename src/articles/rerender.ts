import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { referencedMedia, renderBody } from './markdown.ts';
import { mediaBySlugs } from './store.ts';

/**
 * Renders again the stored bodies that show an image in a `::: figure` line, so
 * they pick up its new alt text, caption or credit (bodies are rendered when
 * saved, not on every view). Renders exactly as ArticleService does. A body
 * changed by someone in the meantime is left alone: its own save rendered it
 * with the texts of that moment. Returns the ids of the articles re-rendered.
 * The caller announces the change (ChangeBus.contentChanged) afterwards.
 */
export async function rerenderBodiesUsing(k: Kysely<Database>, slug: string): Promise<number[]> {
  // LIKE narrows the bodies read; referencedMedia decides exactly.
  const bodies = await k.selectFrom('article_bodies').select(['article_id', 'body_md']).where('body_md', 'like', `%${slug}%`).execute();
  const done: number[] = [];
  for (const b of bodies) {
    const slugs = referencedMedia(b.body_md);
    if (!slugs.includes(slug)) continue;
    const rendered = renderBody(b.body_md, await mediaBySlugs(k, slugs));
    const updated = await k.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('article_bodies')
        .set({ body_html: rendered.html, body_text: rendered.text })
        .where('article_id', '=', b.article_id)
        .where('body_md', '=', b.body_md)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await trx.updateTable('articles').set({ word_count: rendered.wordCount }).where('id', '=', b.article_id).execute();
      return true;
    });
    if (updated) done.push(b.article_id);
  }
  return done;
}
