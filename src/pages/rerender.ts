import type { Kysely } from 'kysely';
import { referencedMedia, renderBody } from '../articles/markdown.ts';
import { RENDER_VERSION } from '../articles/rerender.ts';
import { mediaBySlugs } from '../articles/store.ts';
import type { Database } from '../db/schema.ts';
import { pageDep } from './deps.ts';

/**
 * Pages keep their body rendered, as articles do, so whatever changes the
 * rendering renders them again: the renderer itself (RENDER_VERSION, once, as
 * the server starts) or a library picture's texts shown in a `::: figure`.
 * A body changed by someone in the meantime is left alone: its own save
 * rendered it.
 */

const KEY = 'page_render_version';

async function rerender(k: Kysely<Database>, p: { id: number; body_md: string }): Promise<boolean> {
  const rendered = renderBody(p.body_md, await mediaBySlugs(k, referencedMedia(p.body_md)));
  const r = await k.updateTable('pages').set({ body_html: rendered.html }).where('id', '=', p.id).where('body_md', '=', p.body_md).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Renders every page again when they were rendered by an older renderer. */
export async function rerenderStalePages(k: Kysely<Database>): Promise<void> {
  const row = await k.selectFrom('server_keys').select('value').where('name', '=', KEY).executeTakeFirst();
  if (Number(row?.value ?? 0) >= RENDER_VERSION) return;
  // A handful of pages on any site: one pass, no batches.
  for (const p of await k.selectFrom('pages').select(['id', 'body_md']).execute()) await rerender(k, p);
  await k.insertInto('server_keys').values({ name: KEY, value: String(RENDER_VERSION) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: String(RENDER_VERSION) })).execute();
}

/**
 * Renders again the pages that show a library picture in a figure, after its
 * alt text, caption or credit changed. Returns the cache dependencies of the
 * pages it changed, for the caller's change message.
 */
export async function rerenderPagesUsing(k: Kysely<Database>, slug: string): Promise<string[]> {
  // LIKE narrows the bodies read; referencedMedia decides exactly.
  const pages = await k.selectFrom('pages').select(['id', 'body_md']).where('body_md', 'like', `%${slug}%`).execute();
  const changed: string[] = [];
  for (const p of pages) if (referencedMedia(p.body_md).includes(slug) && (await rerender(k, p))) changed.push(pageDep(p.id));
  return changed;
}
