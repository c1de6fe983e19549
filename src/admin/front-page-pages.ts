import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FRONT_PINS, type Pin, type Place } from '../articles/pins.ts';
import { NotFound } from '../http/errors.ts';
import { formatDateTime, zonedLocalToIso } from '../lib/time.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { type AdminContext, adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';
import { field } from './form-fields.ts';

/**
 * /admin/front-page: the editors choose the lead story and the featured ones
 * (pin, order, unpin, for good or until a time), and each section's own pinned
 * story. Everything else on those pages follows newest first.
 */

const pinForm = z.object({
  place: z.string().regex(/^(front|section:\d{1,9})$/).catch('front'),
  article: z.coerce.number().int().positive().catch(0),
  until: z.string().trim().max(20).catch(''),
  q: z.string().max(200).catch(''),
});

function pinId(req: FastifyRequest): number {
  const n = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFound();
  return n;
}

function roleOf(pin: Pin, i: number): string {
  if (pin.place !== 'front') return 'Pinned';
  if (i === 0) return 'Lead story';
  return i < FRONT_PINS ? 'Featured' : 'Waiting (shows when one above ends)';
}

function pinTable(a: AdminContext, pins: Pin[], when: (iso: string) => string, caption: string): Html {
  if (!pins.length) return html`<p class="hint">Nothing pinned here: the newest stories lead.</p>`;
  return html`<table class="admin-table"><caption class="visually-hidden">${caption}</caption>
<thead><tr><th scope="col">Place</th><th scope="col">Story</th><th scope="col">Until</th><th scope="col">Change</th></tr></thead>
<tbody>${pins.map((p, i) => html`<tr>
<td>${roleOf(p, i)}</td>
<td>${p.path ? html`<a href="${p.path}">${p.title}</a>` : p.title}</td>
<td>${p.until ? when(p.until) : 'Until unpinned'}</td>
<td><form method="post" action="/admin/front-page/pins/${p.id}" class="inline-form">${csrfField(a.csrf)}
${i > 0 ? html`<button type="submit" name="change" value="up" aria-label="Move “${p.title}” up">Up</button>` : ''}
${i < pins.length - 1 ? html`<button type="submit" name="change" value="down" aria-label="Move “${p.title}” down">Down</button>` : ''}
<button type="submit" name="change" value="unpin" aria-label="Unpin “${p.title}”">Unpin</button>
</form></td>
</tr>`)}</tbody></table>`;
}

/** The form that pins a story: the newest by default, or those a headline search found. */
function pinSection(a: AdminContext, d: { q: string; found: Candidate[]; newest: Candidate[]; v: Record<string, string>; sections: { id: number; name: string }[]; when: (iso: string) => string; timezone: string }): Html {
  const list = d.q && d.found.length ? d.found : d.newest;
  const hint = d.q && d.found.length ? `Published stories whose headline holds “${d.q}”, newest first.` : 'The newest published stories. To pin an older one, find it by its headline.';
  return html`<section aria-labelledby="h-pin"><h2 id="h-pin">Pin a story</h2>
<form method="get" action="/admin/front-page" class="inline-form pin-search" role="search">
<label for="f-q">Find a story by its headline</label> <input id="f-q" name="q" type="search" maxlength="200" value="${d.q}"> <button type="submit">Find</button>${d.q ? html` <a href="/admin/front-page">Show the newest</a>` : ''}
</form>
${d.q && !d.found.length ? html`<p role="status">No published story has “${d.q}” in its headline.</p>` : ''}
${list.length ? html`<form method="post" action="/admin/front-page/pins">${csrfField(a.csrf)}<input type="hidden" name="q" value="${d.q}">
${field('article', 'Story', html`<select id="f-article" name="article" required>${list.map((c) => html`<option value="${c.id}"${d.v.article === String(c.id) ? html` selected` : ''}>${c.title} — ${c.sectionName}${c.publishedAt ? `, ${d.when(c.publishedAt)}` : ''}</option>`)}</select>`, {}, hint)}
${field('place', 'Where', html`<select id="f-place" name="place"><option value="front">Front page</option>${d.sections.map((sec) => html`<option value="section:${sec.id}"${d.v.place === `section:${sec.id}` ? html` selected` : ''}>Top of the ${sec.name} section</option>`)}</select>`, {}, 'A section page has one pinned story; pinning another replaces it.')}
${field('until', 'Until (optional)', html`<input id="f-until" name="until" type="datetime-local" value="${d.v.until ?? ''}">`, {}, `In the site’s time zone (${d.timezone}). Leave empty to keep it pinned until you unpin it.`)}
<p><button type="submit">Pin</button></p>
</form>` : html`<p>Publish a story first; only published stories can be pinned.</p>`}
</section>`;
}

type Candidate = Awaited<ReturnType<Services['pins']['candidates']>>[number];

async function frontPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, d: { values?: Record<string, string>; problem?: string; message?: string; q?: string }) {
  const a = adminContext(s, req, reply);
  const { timezone, locale } = s.settings.get();
  const when = (iso: string) => formatDateTime(iso, locale, timezone);
  const q = (d.q ?? '').trim().slice(0, 200);
  const [pins, newest, found, sections] = await Promise.all([s.pins.list(), s.pins.candidates(), q ? s.pins.candidates({ q }) : [], s.taxonomy.sections()]);
  const front = pins.filter((p) => p.place === 'front');
  const main = html`<h1>Front page</h1>
${flash(d.message)}
${d.problem ? flash(d.problem, 'error') : ''}
<p>The first story pinned here leads the front page and the next ${FRONT_PINS - 1} are featured beneath it; every other story follows, newest first. A pin with an end time comes down by itself.</p>
<section aria-labelledby="h-front"><h2 id="h-front">Pinned to the front page</h2>
${pinTable(a, front, when, 'Stories pinned to the front page')}
</section>
${pinSection(a, { q, found, newest, v: d.values ?? {}, sections, when, timezone })}
<section aria-labelledby="h-sections"><h2 id="h-sections">Section pages</h2>
${sections.length ? sections.map((sec) => html`<h3>${sec.name}</h3>${pinTable(a, pins.filter((p) => p.place === `section:${sec.id}`), when, `Story pinned to ${sec.name}`)}`) : html`<p>No sections yet.</p>`}
</section>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Front page', main));
}

export function showFrontPage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const query = req.query as { done?: string; q?: unknown };
    const done = query.done;
    const message = done === 'pinned' ? 'Pinned.' : done === 'unpinned' ? 'Unpinned.' : done === 'moved' ? 'Order changed.'
      : done === 'unmoved' ? 'The order is unchanged: that story was already at that end.' : undefined;
    return frontPage(s, req, reply, 200, { message, q: typeof query.q === 'string' ? query.q : '' });
  };
}

export function addPin(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = (req.body ?? {}) as Record<string, string>;
    const f = pinForm.parse(raw);
    const values = { article: String(f.article), place: f.place, until: f.until };
    const again = (problem: string) => frontPage(s, req, reply, 422, { values, problem, q: f.q });
    let until: string | null = null;
    if (f.until) {
      until = zonedLocalToIso(f.until, s.settings.get().timezone);
      if (!until) return again('Give the end time as a date and a time, or leave it empty.');
    }
    const r = await s.pins.pin(f.place as Place, f.article, until);
    if (!r.ok) return again(r.problem);
    return reply.redirect('/admin/front-page?done=pinned', 303);
  };
}

export function changePin(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = pinId(req);
    if (!(await s.pins.placeOf(id))) throw new NotFound();
    const change = String((req.body as Record<string, unknown> | undefined)?.change ?? '');
    if (change === 'unpin') {
      await s.pins.unpin(id);
      return reply.redirect('/admin/front-page?done=unpinned', 303);
    }
    if (change !== 'up' && change !== 'down') return frontPage(s, req, reply, 422, { problem: 'Choose Up, Down or Unpin.' });
    const moved = await s.pins.move(id, change);
    return reply.redirect(`/admin/front-page?done=${moved ? 'moved' : 'unmoved'}`, 303);
  };
}
