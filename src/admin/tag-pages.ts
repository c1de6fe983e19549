import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../http/errors.ts';
import { pageParam, parseQuery } from '../http/query.ts';
import { pageOf, paginate, pageUrl, type Pagination } from '../lib/pagination.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { type AdminContext, adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';

/**
 * /admin/tags: rename, merge and delete tags, a hundred a page with a search
 * by name. A merge names its target by name (suggested from one list shared by
 * the whole page, resolved on the server), so the page grows with the number
 * of rows shown, not with the square of the number of tags. Deleting asks first,
 * on a page of its own, so it works without JavaScript.
 */

const PAGE_SIZE = 100;
/** How many tag names the merge fields suggest: the most used, which is where merges go. */
const SUGGESTED = 500;

const listQuery = { q: z.string().max(200).optional(), page: pageParam, done: z.string().max(20).optional() };

/** Which page of the list a form came from, so its answer returns there. */
interface ListState {
  q: string;
  page: number;
}

/** A refused rename or merge: the message goes beside that row's field, with what was typed. */
interface RowError {
  id: number;
  field: 'name' | 'into';
  message: string;
  value: string;
}

const TAG_DONE: Record<string, string> = { renamed: 'Tag renamed.', merged: 'Tags merged.', deleted: 'Tag deleted.' };

function tagId(req: FastifyRequest): number {
  const n = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFound();
  return n;
}

/** The list a form was posted from (named in its action's query), read leniently: a bad value means the first page. */
function stateOf(req: FastifyRequest): ListState {
  const q = req.query as { q?: unknown; page?: unknown };
  const page = Number(q.page);
  return { q: typeof q.q === 'string' ? q.q.slice(0, 200) : '', page: Number.isSafeInteger(page) && page > 0 && page <= 100000 ? page : 1 };
}

function listUrl(st: ListState, extra: Record<string, string> = {}): string {
  return pageUrl('/admin/tags', st.page, { ...(st.q ? { q: st.q } : {}), ...extra });
}

function pager(p: Pagination, st: ListState): Html {
  if (p.total <= 1) return html``;
  const at = (n: number) => listUrl({ ...st, page: n });
  return html`<nav class="pagination" aria-label="Pages of tags">
${p.prev ? html`<a rel="prev" href="${at(p.prev)}">Previous</a>` : html`<span></span>`}
<span class="pagination__status">Page ${p.current} of ${p.total}</span>
${p.next ? html`<a rel="next" href="${at(p.next)}">Next</a>` : html`<span></span>`}
</nav>`;
}

function tagRow(a: AdminContext, t: { id: number; slug: string; name: string; articles: number }, back: string, error: RowError | undefined): Html {
  const err = (f: RowError['field']) => (error?.field === f ? error : undefined);
  const fieldError = (f: RowError['field']) => (err(f) ? html` <span class="field-error" id="${f}-error-${t.id}">${err(f)!.message}</span>` : '');
  const invalid = (f: RowError['field']) => (err(f) ? html` aria-invalid="true" aria-describedby="${f}-error-${t.id}"` : '');
  return html`<tr>
<td><a href="/tag/${t.slug}">${t.name}</a></td>
<td>${t.articles}</td>
<td><form method="post" action="/admin/tags/${t.id}/rename${back}" class="inline-form">${csrfField(a.csrf)}<label class="visually-hidden" for="rename-${t.id}">New name for ${t.name}</label><input id="rename-${t.id}" name="name" value="${err('name')?.value ?? t.name}" maxlength="80" required${invalid('name')}> <button type="submit">Rename</button>${fieldError('name')}</form></td>
<td><form method="post" action="/admin/tags/${t.id}/merge${back}" class="inline-form">${csrfField(a.csrf)}<label class="visually-hidden" for="merge-${t.id}">Merge ${t.name} into the tag named</label><input id="merge-${t.id}" name="into" list="tag-names" maxlength="80" required placeholder="Another tag’s name" value="${err('into')?.value ?? ''}"${invalid('into')}> <button type="submit">Merge</button>${fieldError('into')}</form></td>
<td><form method="post" action="/admin/tags/${t.id}/delete${back}" class="inline-form">${csrfField(a.csrf)}<button type="submit" class="danger" aria-label="Delete ${t.name}">Delete</button></form></td>
</tr>`;
}

async function tagsPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, st: ListState, d: { message?: string; error?: RowError }) {
  const a = adminContext(s, req, reply);
  let page = pageOf(st.page, PAGE_SIZE);
  let { rows, total } = await s.taxonomy.tagPage({ q: st.q, offset: page.offset, limit: page.size });
  // Past the last page (a merge emptied it): show the last one.
  if (!rows.length && total && st.page > 1) {
    page = pageOf(Math.ceil(total / PAGE_SIZE), PAGE_SIZE);
    ({ rows, total } = await s.taxonomy.tagPage({ q: st.q, offset: page.offset, limit: page.size }));
  }
  const here = { ...st, page: page.number };
  const back = listUrl(here).slice('/admin/tags'.length);
  const names = await s.taxonomy.popularTagNames(SUGGESTED);
  const failed = d.error ? rows.find((t) => t.id === d.error!.id) : undefined;
  const main = html`<h1>Tags</h1>
${flash(d.message)}
${failed ? flash(`“${failed.name}” was not changed: see below.`, 'error') : ''}
<p>Tags are the topics under an article. Renaming one keeps its old address leading to the new one; merging moves every article of one tag to another, named by its name.</p>
<form method="get" action="/admin/tags" class="inline-form" role="search"><label for="tag-q">Find a tag</label> <input id="tag-q" name="q" type="search" maxlength="200" value="${st.q}"> <button type="submit">Find</button>${st.q ? html` <a href="/admin/tags">All tags</a>` : ''}</form>
<p>${total ? `Tags ${page.offset + 1}–${page.offset + rows.length} of ${total}${st.q ? ` whose name holds “${st.q}”` : ''}.` : st.q ? `No tag’s name holds “${st.q}”.` : 'No tags yet: they are made by the articles that name them.'}</p>
${rows.length ? html`<table class="admin-table">
<thead><tr><th scope="col">Tag</th><th scope="col">Articles</th><th scope="col">Rename</th><th scope="col">Merge into</th><th scope="col">Delete</th></tr></thead>
<tbody>${rows.map((t) => tagRow(a, t, back, d.error?.id === t.id ? d.error : undefined))}</tbody>
</table>
<datalist id="tag-names">${names.map((n) => html`<option value="${n}"></option>`)}</datalist>` : ''}
${pager(paginate(page, total), st)}`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Tags', main));
}

export function listTags(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const q = parseQuery(listQuery, req.query);
    return tagsPage(s, req, reply, 200, { q: (q.q ?? '').trim(), page: q.page }, { message: TAG_DONE[q.done ?? ''] });
  };
}

const nameField = z.object({ name: z.string().max(200).catch('') });
const intoField = z.object({ into: z.string().max(200).catch('') });

export function renameTag(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = tagId(req);
    const st = stateOf(req);
    const { name } = nameField.parse(req.body ?? {});
    const r = await s.taxonomy.renameTag(id, name);
    if (!r.ok && r.problems.form) throw new NotFound();
    if (!r.ok) return tagsPage(s, req, reply, 422, st, { error: { id, field: 'name', message: Object.values(r.problems)[0]!, value: name } });
    return reply.redirect(listUrl(st, { done: 'renamed' }), 303);
  };
}

export function mergeTag(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = tagId(req);
    const st = stateOf(req);
    if (!(await s.taxonomy.tag(id))) throw new NotFound();
    const { into } = intoField.parse(req.body ?? {});
    const refuse = (message: string) => tagsPage(s, req, reply, 422, st, { error: { id, field: 'into', message, value: into } });
    if (!into.trim()) return refuse('Type the name of the tag to merge into.');
    const target = await s.taxonomy.tagNamed(into);
    if (!target) return refuse(`There is no tag named “${into.trim()}”. Rename this one instead, or check the spelling.`);
    const r = await s.taxonomy.mergeTags(id, target.id);
    if (!r.ok) return refuse(Object.values(r.problems)[0]!);
    return reply.redirect(listUrl(st, { done: 'merged' }), 303);
  };
}

function confirmPage(s: Services, req: FastifyRequest, reply: FastifyReply, t: { id: number; slug: string; name: string; articles: number }, st: ListState) {
  const a = adminContext(s, req, reply);
  const back = listUrl(st);
  const main = html`<h1>Delete the tag “${t.name}”?</h1>
<p>${t.articles ? `${t.articles} article${t.articles === 1 ? '' : 's'} will lose it. ` : 'No article carries it. '}Its page, /tag/${t.slug}, will answer “not found”. To keep its articles together under another tag, merge it instead.</p>
<form method="post" action="/admin/tags/${t.id}/delete${back.slice('/admin/tags'.length)}">${csrfField(a.csrf)}
<input type="hidden" name="confirm" value="yes">
<p><button type="submit" class="danger">Delete the tag</button> <a href="${back}">Keep it</a></p>
</form>`;
  return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, `Delete the tag ${t.name}`, main));
}

export function deleteTag(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = tagId(req);
    const st = stateOf(req);
    const tag = await s.taxonomy.tag(id);
    if (!tag) throw new NotFound();
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== 'yes') return confirmPage(s, req, reply, tag, st);
    // Another editor may have deleted or merged it since the question was asked.
    if (!(await s.taxonomy.deleteTag(id)).ok) throw new NotFound();
    return reply.redirect(listUrl(st, { done: 'deleted' }), 303);
  };
}
