import type { Assets } from '../http/assets.ts';
import type { MediaInfo } from '../media/picture.ts';
import { type SiteStrings, stringsFor } from '../i18n/strings.ts';
import type { SiteSettings } from '../settings/settings.ts';

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

/** The reader-facing words in the site's language. */
export function words(ctx: ViewContext): SiteStrings {
  return stringsFor(ctx.settings.language);
}
