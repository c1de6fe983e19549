import type { Assets } from '../http/assets.js';
import type { SiteSettings } from '../settings/settings.js';

/** What every page template needs to know about the site. */
export interface ViewContext {
  settings: SiteSettings;
  assets: Assets;
  siteUrl: string;
  sections: { slug: string; name: string }[];
}

export function absoluteUrl(ctx: ViewContext, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${ctx.siteUrl}${path}`;
}
