import { type Kysely, sql } from 'kysely';
import { bioExcerpt } from '../accounts/bio.ts';
import type { Database } from '../db/schema.ts';
import { type MediaInfo, pictureHtml, toMediaInfo } from '../media/picture.ts';
import { type Html, html, raw } from '../render/html.ts';
import { type ViewContext, words } from '../views/context.ts';

/**
 * The box under an article about the people who wrote it: portrait, name, the
 * first sentence or two of their bio, and the way to their author page. Only
 * for writers who have a bio or a portrait; the byline already names the rest.
 */

export interface AuthorBox {
  name: string;
  slug: string;
  bio: string;
  portrait: MediaInfo | null;
}

/** One query, in byline order; the page's `article:<id>` is what a profile change forgets (admin/profile-deps.ts). */
export async function authorBoxes(db: Kysely<Database>, articleId: number): Promise<AuthorBox[]> {
  const { rows } = await sql<{
    name: string; slug: string; bio: string;
    m_slug: string | null; m_width: number | null; m_height: number | null; m_alt: string | null; m_caption: string | null; m_credit: string | null; m_variants: string | null;
  }>`SELECT u.name, u.slug, u.bio, m.slug AS m_slug, m.width AS m_width, m.height AS m_height, m.alt AS m_alt,
      m.caption AS m_caption, m.credit AS m_credit, m.variants AS m_variants
    FROM article_authors aa JOIN users u ON u.id = aa.user_id LEFT JOIN media m ON m.id = u.avatar_media_id
    WHERE aa.article_id = ${articleId} ORDER BY aa.position`.execute(db);
  return rows
    .filter((r) => r.bio.trim() || r.m_slug)
    .map((r) => ({
      name: r.name,
      slug: r.slug,
      bio: r.bio,
      portrait: r.m_slug
        ? toMediaInfo({ slug: r.m_slug, width: r.m_width!, height: r.m_height!, alt: r.m_alt!, caption: r.m_caption!, credit: r.m_credit!, variants: r.m_variants! })
        : null,
    }));
}

export function authorBoxHtml(ctx: ViewContext, boxes: AuthorBox[] | undefined): Html {
  if (!boxes?.length) return html``;
  const t = words(ctx).profile;
  return html`<section class="author-box" aria-labelledby="author-box-heading">
<h2 id="author-box-heading" class="author-box__heading">${t.aboutAuthors(boxes.length)}</h2>
${boxes.map((b) => html`<div class="author-box__person">
${b.portrait ? html`<div class="author-box__portrait">${raw(pictureHtml(b.portrait, { alt: '', sizes: '4rem' }))}</div>` : ''}
<div class="author-box__text">
<p class="author-box__name">${b.name}</p>
${b.bio.trim() ? html`<p class="author-box__bio">${bioExcerpt(b.bio, ctx.settings.language)}</p>` : ''}
<p class="author-box__more"><a href="/author/${b.slug}">${t.moreBy(b.name)}</a></p>
</div>
</div>`)}
</section>`;
}
