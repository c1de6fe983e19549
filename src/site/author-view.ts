import { bioParagraphs } from '../accounts/bio.ts';
import { LINK_KINDS, linkHref, linkText, type ProfileLinks } from '../accounts/profile-links.ts';
import { type MediaInfo, pictureHtml } from '../media/picture.ts';
import { type Html, html, raw } from '../render/html.ts';
import { type ViewContext, words } from '../views/context.ts';

/** The top of an author page: portrait, bio in paragraphs, and the person's links. */

export interface AuthorIntro {
  name: string;
  bio: string;
  portrait: MediaInfo | undefined;
  links: ProfileLinks;
}

const LABELS = { mastodon: 'Mastodon', bluesky: 'Bluesky', x: 'X' } as const;

export function authorIntro(ctx: ViewContext, a: AuthorIntro): Html {
  const t = words(ctx).profile;
  const paragraphs = bioParagraphs(a.bio);
  return html`<div class="author-intro">
${a.portrait ? html`<div class="author-portrait">${raw(pictureHtml(a.portrait, { alt: t.portraitOf(a.name), sizes: '8rem', eager: true }))}</div>` : ''}
<div class="author-about">
${paragraphs.map((p) => html`<p class="listing-description">${p}</p>`)}
${authorLinks(ctx, a)}
</div>
</div>`;
}

/**
 * rel="me": the person says these profiles are theirs, which Mastodon checks
 * from the other side; "external": they leave the site. Every value was checked
 * to be an http(s) or email address when saved and again when read.
 */
function authorLinks(ctx: ViewContext, a: AuthorIntro): Html {
  const t = words(ctx).profile;
  const present = LINK_KINDS.filter((k) => a.links[k]);
  if (!present.length) return html``;
  const label = (k: (typeof LINK_KINDS)[number]) => (k === 'website' ? t.website : k === 'email' ? t.email : LABELS[k]);
  return html`<ul class="author-links" aria-label="${t.elsewhere(a.name)}">
${present.map((k) => html`<li><span class="author-links__kind">${label(k)}</span> <a href="${linkHref(k, a.links[k]!)}" rel="me external">${linkText(k, a.links[k]!)}</a></li>`)}
</ul>`;
}
