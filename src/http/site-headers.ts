import { accentStyle, contentSecurityPolicy } from './content-policy.ts';

/**
 * The headers every answer carries: the content policy (which names the accent
 * colour's style block by its hash, so it changes only with the colour),
 * nosniff, the referrer policy, and HSTS when the site is https. Made once per
 * colour, as a flat list ready for writeHead.
 */
export class SiteHeaders {
  private readonly https: boolean;
  private readonly accentColour: () => string;
  private readonly imageOrigins: readonly string[];
  private made = { colour: '', list: [] as string[] };

  constructor(siteOrigin: string, accentColour: () => string, imageOrigins: readonly string[] = []) {
    this.https = siteOrigin.startsWith('https:');
    this.accentColour = accentColour;
    this.imageOrigins = imageOrigins;
  }

  /** name, value, name, value … */
  list(): string[] {
    const colour = this.accentColour();
    if (this.made.colour !== colour) {
      const list = [
        'x-content-type-options', 'nosniff',
        'referrer-policy', 'strict-origin-when-cross-origin',
        'content-security-policy', contentSecurityPolicy([accentStyle(colour)], this.imageOrigins),
      ];
      // Browsers that once reached the site over https keep to it for two years.
      if (this.https) list.push('strict-transport-security', 'max-age=63072000');
      this.made = { colour, list };
    }
    return this.made.list;
  }
}
