import type { FastifyReply, FastifyRequest } from 'fastify';
import { articlePage } from '../articles/article-view.ts';
import { referencedMedia, renderBody } from '../articles/markdown.ts';
import { mediaById, mediaBySlugs } from '../articles/store.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { parseArticleForm } from './article-form.ts';

/**
 * The editor's preview: the form's content through the same renderer and the
 * same page template as the public article, so what you see is what readers get.
 */
export function previewArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { values } = parseArticleForm(req.body);
    const db = s.db.kysely;
    const bodyMd = String(values.body_md ?? '');
    const body = renderBody(bodyMd, await mediaBySlugs(db, referencedMedia(bodyMd)));
    const sectionId = Number(values.section_id) || 0;
    const section = await db.selectFrom('sections').select(['slug', 'name']).where('id', '=', sectionId).executeTakeFirst();
    const leadId = Number(values.lead_media_id) || 0;
    const authorIds = [...new Set((Array.isArray(values.author_ids) ? values.author_ids : values.author_ids ? [values.author_ids] : []).map(Number).filter((n) => n > 0))];
    const found = authorIds.length ? await db.selectFrom('users').select(['id', 'name', 'slug']).where('id', 'in', authorIds).execute() : [];
    // In byline order, as the editor placed them.
    const authors = authorIds.map((id) => found.find((u) => u.id === id)).filter((u) => u !== undefined);
    const now = new Date().toISOString();
    const ctx = await s.siteData.viewContext();
    const warnings = body.warnings.length
      ? html`<div class="preview-warnings" role="alert"><strong>Check before publishing:</strong><ul>${body.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>`.value
      : '';
    const page = articlePage(ctx, {
      article: {
        id: 0, title: String(values.title ?? ''), standfirst: String(values.standfirst ?? ''), body_html: warnings + body.html,
        word_count: body.wordCount, path: '/preview', published_at: now, updated_at: now,
        seo_title: null, seo_description: null, lead_alt: null,
        lead_caption: values.lead_caption ? String(values.lead_caption) : null, lead_credit: values.lead_credit ? String(values.lead_credit) : null,
        section_slug: section?.slug ?? 'preview', section_name: section?.name ?? 'Preview',
      },
      authors, tags: [], lead: leadId ? await mediaById(db, leadId) : null,
      prev: null, next: null, related: [], sidebar: await s.siteData.sidebar(),
    });
    return reply.type('text/html; charset=utf-8').header('x-robots-tag', 'noindex').send(labelLandmarks(page));
  };
}

/**
 * The editor shows the preview in a frame inside the newsroom's page, which has
 * a header and a main of its own: named, the preview's are told apart from them.
 */
function labelLandmarks(page: string): string {
  return page
    .replace('<header class="site-header">', '<header class="site-header" aria-label="Site header, as previewed">')
    .replace('<main id="main"', '<main id="main" aria-label="Article, as previewed"');
}
