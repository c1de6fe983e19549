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

/**
 * Bump when the renderer's output changes (a sanitiser setting, a new figure
 * shape): bodies are stored rendered, so on the next start every stored body is
 * rendered again with the new code. 2: <source> written as a void element.
 * 3: the plain text (search, word counts) breaks words at the end of each block.
 */
export const RENDER_VERSION = 3;

/** Renders every stored body again when they were rendered by an older renderer. Returns how many. */
export async function rerenderStaleBodies(k: Kysely<Database>): Promise<number> {
  const row = await k.selectFrom('server_keys').select('value').where('name', '=', 'body_render_version').executeTakeFirst();
  if (Number(row?.value ?? 1) >= RENDER_VERSION) return 0;
  let done = 0;
  for (let after = 0; ; ) {
    const batch = await k.selectFrom('article_bodies').select(['article_id', 'body_md']).where('article_id', '>', after).orderBy('article_id').limit(200).execute();
    if (!batch.length) break;
    for (const b of batch) {
      const rendered = renderBody(b.body_md, await mediaBySlugs(k, referencedMedia(b.body_md)));
      await k.updateTable('article_bodies').set({ body_html: rendered.html, body_text: rendered.text }).where('article_id', '=', b.article_id).where('body_md', '=', b.body_md).execute();
      done++;
    }
    after = batch[batch.length - 1].article_id;
  }
  await k.insertInto('server_keys').values({ name: 'body_render_version', value: String(RENDER_VERSION) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: String(RENDER_VERSION) })).execute();
  return done;
}
