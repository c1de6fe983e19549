import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Problems, SectionInput } from '../articles/taxonomy.ts';
import { NotFound } from '../http/errors.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';
import { field } from './form-fields.ts';

/** /admin/sections: how the archive is filed (tags: tag-pages.ts). */

const text = z.string().catch('');
const optionalId = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable().catch(null));
const sectionForm = z.object({ name: text, slug: text, description: text, image: optionalId });

function toInput(body: unknown): SectionInput & { raw: Record<string, unknown> } {
  const f = sectionForm.parse(body ?? {});
  return { name: f.name, slug: f.slug.trim() || undefined, description: f.description, imageMediaId: f.image, raw: (body ?? {}) as Record<string, unknown> };
}

function id(req: FastifyRequest): number {
  const n = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFound();
  return n;
}

async function pictures(s: Services) {
  return s.db.kysely.selectFrom('media').select(['id', 'slug', 'alt']).orderBy('created_at', 'desc').limit(500).execute();
}

function sectionFields(d: { values: Record<string, unknown>; problems: Problems; media: { id: number; slug: string; alt: string }[] }): Html {
  const v = (k: string) => String(d.values[k] ?? '');
  return html`${field('name', 'Name', html`<input id="f-name" name="name" required maxlength="60" value="${v('name')}">`, d.problems)}
${field('slug', 'Address', html`<input id="f-slug" name="slug" maxlength="80" pattern="[a-z0-9]+(-[a-z0-9]+)*" value="${v('slug')}">`, d.problems, 'After /section/. Leave empty to make one from the name. If you change it, the old address leads here.')}
${field('description', 'Description', html`<textarea id="f-description" name="description" rows="2" maxlength="600">${v('description')}</textarea>`, d.problems, 'Shown at the top of the section page and in its feed.')}
${field('image', 'Picture', html`<select id="f-image" name="image"><option value="">None</option>${d.media.map((m) => html`<option value="${m.id}"${v('image') === String(m.id) ? html` selected` : ''}>${m.slug} — ${m.alt}</option>`)}</select>`, d.problems, 'From the media library; shown on the section page.')}`;
}

async function sectionsPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, d: { values?: Record<string, unknown>; problems?: Problems; message?: string }) {
  const a = adminContext(s, req, reply);
  const list = await s.taxonomy.sections();
  const problems = d.problems ?? {};
  const main = html`<h1>Sections</h1>
${flash(d.message)}
${problems.form ? flash(problems.form, 'error') : ''}
<p>Sections are the site’s menu and file every article. The order here is the order of the menu.</p>
<table class="admin-table">
<thead><tr><th scope="col">Section</th><th scope="col">Articles</th><th scope="col">Order</th></tr></thead>
<tbody>${list.map((sec, i) => html`<tr>
<td><a href="/admin/sections/${sec.id}">${sec.name}</a> · <a href="/section/${sec.slug}">/section/${sec.slug}</a></td>
<td>${Number(sec.articles ?? 0)}</td>
<td><form method="post" action="/admin/sections/${sec.id}/move" class="inline-form">${csrfField(a.csrf)}
${i > 0 ? html`<button type="submit" name="direction" value="up" aria-label="Move ${sec.name} up">Up</button>` : ''}
${i < list.length - 1 ? html`<button type="submit" name="direction" value="down" aria-label="Move ${sec.name} down">Down</button>` : ''}
</form></td>
</tr>`)}</tbody>
</table>
<section aria-labelledby="h-new-section"><h2 id="h-new-section">New section</h2>
<form method="post" action="/admin/sections">${csrfField(a.csrf)}
${sectionFields({ values: d.values ?? {}, problems, media: await pictures(s) })}
<p><button type="submit">Create section</button></p>
</form></section>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Sections', main));
}

export function listSections(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const done = (req.query as { done?: string }).done;
    return sectionsPage(s, req, reply, 200, { message: done === 'created' ? 'Section created.' : done === 'deleted' ? 'Section deleted.' : undefined });
  };
}

export function createSection(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const input = toInput(req.body);
    const r = await s.taxonomy.createSection(input);
    if (!r.ok) return sectionsPage(s, req, reply, 422, { values: input.raw, problems: r.problems });
    return reply.redirect('/admin/sections?done=created', 303);
  };
}

export function moveSection(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const direction = (req.body as { direction?: string } | undefined)?.direction === 'up' ? 'up' : 'down';
    await s.taxonomy.moveSection(id(req), direction);
    return reply.redirect('/admin/sections', 303);
  };
}

async function sectionPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, d: { values?: Record<string, unknown>; problems?: Problems; message?: string }) {
  const a = adminContext(s, req, reply);
  const list = await s.taxonomy.sections();
  const sec = list.find((x) => x.id === id(req));
  if (!sec) throw new NotFound();
  const problems = d.problems ?? {};
  const values = d.values ?? { name: sec.name, slug: sec.slug, description: sec.description, image: sec.image_media_id ?? '' };
  const others = list.filter((x) => x.id !== sec.id);
  const count = Number(sec.articles ?? 0);
  const main = html`<h1>Section: ${sec.name}</h1>
${flash(d.message)}
${problems.form ? flash(problems.form, 'error') : ''}
<p><a href="/section/${sec.slug}">View /section/${sec.slug}</a> · ${count} article${count === 1 ? '' : 's'}</p>
<form method="post" action="/admin/sections/${sec.id}">${csrfField(a.csrf)}
${sectionFields({ values, problems, media: await pictures(s) })}
<p><button type="submit">Save section</button></p>
</form>
<section class="danger-zone" aria-labelledby="h-delete"><h2 id="h-delete">Delete this section</h2>
<form method="post" action="/admin/sections/${sec.id}/delete">${csrfField(a.csrf)}
${count ? field('move_to', `Move its ${count} article${count === 1 ? '' : 's'} to`, html`<select id="f-move_to" name="move_to"><option value="">Choose a section</option>${others.map((o) => html`<option value="${o.id}">${o.name}</option>`)}</select>`, problems, 'Its address will lead to that section.') : html`<p>It holds no articles.</p>`}
<p><button type="submit" class="danger">Delete section</button></p>
</form></section>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, `Section ${sec.name}`, main));
}

export function editSection(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    sectionPage(s, req, reply, 200, { message: (req.query as { saved?: string }).saved ? 'Section saved.' : undefined });
}

export function saveSection(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const input = toInput(req.body);
    const r = await s.taxonomy.updateSection(id(req), input);
    if (!r.ok) return sectionPage(s, req, reply, 422, { values: input.raw, problems: r.problems });
    return reply.redirect(`/admin/sections/${id(req)}?saved=1`, 303);
  };
}

export function deleteSection(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const moveTo = optionalId.parse((req.body as { move_to?: unknown } | undefined)?.move_to);
    const r = await s.taxonomy.deleteSection(id(req), moveTo);
    if (!r.ok) return sectionPage(s, req, reply, 409, { problems: r.problems });
    return reply.redirect('/admin/sections?done=deleted', 303);
  };
}
