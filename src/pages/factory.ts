import type { Kysely } from 'kysely';
import { referencedMedia, renderBody } from '../articles/markdown.ts';
import { RENDER_VERSION } from '../articles/rerender.ts';
import { mediaBySlugs } from '../articles/store.ts';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import type { SettingsService } from '../settings/settings.ts';
import { PageService } from './service.ts';

/**
 * The static pages domain, built from what it needs. Pages keep their body
 * rendered like articles do, so when the renderer changes (RENDER_VERSION)
 * their stored HTML is rendered again here, once, as the server starts.
 */
export async function createPages(deps: {
  db: Db;
  changes: ChangeBus;
  settings: SettingsService;
  reservedNames: () => ReadonlySet<string>;
  now?: () => string;
}): Promise<{ pages: PageService }> {
  await rerenderStalePages(deps.db.kysely);
  return { pages: new PageService(deps) };
}

const KEY = 'page_render_version';

async function rerenderStalePages(k: Kysely<Database>): Promise<void> {
  const row = await k.selectFrom('server_keys').select('value').where('name', '=', KEY).executeTakeFirst();
  if (Number(row?.value ?? 0) >= RENDER_VERSION) return;
  // A handful of pages on any site: one pass, no batches.
  for (const p of await k.selectFrom('pages').select(['id', 'body_md']).execute()) {
    const rendered = renderBody(p.body_md, await mediaBySlugs(k, referencedMedia(p.body_md)));
    await k.updateTable('pages').set({ body_html: rendered.html }).where('id', '=', p.id).where('body_md', '=', p.body_md).execute();
  }
  await k.insertInto('server_keys').values({ name: KEY, value: String(RENDER_VERSION) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: String(RENDER_VERSION) })).execute();
}
