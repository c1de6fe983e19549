import type { Db } from '../db/connection.ts';
import type { Assets } from '../http/assets.ts';
import type { SettingsService } from '../settings/settings.ts';
import { SiteData } from './site-data.ts';

/** The reader's site: the frame and sidebar every page shares, built from the settings and the database. */
export function createSite(deps: { db: Db; settings: SettingsService; assets: Assets; siteUrl: string }): SiteData {
  return new SiteData(deps.db, deps.settings, deps.assets, deps.siteUrl);
}
