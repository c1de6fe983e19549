import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { SettingsService } from '../settings/settings.ts';
import { rerenderStalePages } from './rerender.ts';
import { PageService } from './service.ts';

/**
 * The static pages domain, built from what it needs. Their stored HTML is
 * rendered again here, once, when the renderer has changed since.
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
