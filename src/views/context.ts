import type { Assets } from '../http/assets.js';
import type { MediaInfo } from '../media/picture.js';
import type { SiteSettings } from '../settings/settings.js';

/** What every page template needs to know about the site. */
export interface ViewContext {
  settings: SiteSettings;
  assets: Assets;
  siteUrl: string;
  sections: { slug: string; name: string }[];
  /** The outlet's logo from the media library, when the owner has chosen one. */
  logo?: MediaInfo | null;
}

export function absoluteUrl(ctx: ViewContext, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${ctx.siteUrl}${path}`;
}
