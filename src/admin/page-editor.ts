import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { referencedMedia, renderBody } from '../articles/markdown.ts';
import { mediaBySlugs } from '../articles/store.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { staticPageView } from '../pages/page-view.ts';
import { PAGE_ACTIONS, type PageAction, type PageDraft } from '../pages/service.ts';
import { findPage, pagePath } from '../pages/store.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, csrfField } from './admin-layout.ts';
import { type PageEditorData, pageEditorMain } from './page-editor-view.ts';

/** /admin/pages/new, /admin/pages/:id/edit and their posts: parse the form, one call to the page service, redirect or show again. */

const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).default('');
const pageForm = z.object({
  title: z.string().trim().min(1, 'Give the page a title.').max(300, 'At most 300 characters.'),
  // The service says what is wrong with an address, beside the field.
  slug: z.string().trim().max(200).default(''),
  standfirst: optionalText(600),
  // Stored Markdown uses LF, so an untouched body compares equal and records no change.
  body_md: z.string().max(200_000, 'The body is too long.').default('').transform((b) => b.replace(/\r\n?/g, '\n')),
  change_kind: z.enum(['update', 'correction']).default('update'),
  change_note: optionalText(1000),
  action: z.enum(PAGE_ACTIONS).default('save'),
  // The version the form was loaded from (pages/service.ts refuses a save from another).
  version: z.string().max(40).default(''),
});
type PageForm = z.infer<typeof pageForm>;
type Errors = PageEditorData['errors'];

function parse(body: unknown): { values: Record<string, unknown>; data?: PageForm; errors: Errors } {
  const raw = (body ?? {}) as Record<string, unknown>;
  const r = pageForm.safeParse(raw);
  if (r.success) return { values: r.data, data: r.data, errors: {} };
  const errors: Errors = {};
  for (const issue of r.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { values: raw, errors };
}

function pageId(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound();
  return id;
}

// The article editor's scripts: counts and live preview, saving a draft as you go, the formatting toolbar, the picture picker.
const SCRIPTS = ['admin-editor.js', 'editor-autosave.js', 'editor-toolbar.js', 'media-picker.js'];

function send(s: Services, req: FastifyRequest, reply: FastifyReply, d: PageEditorData, status = 200) {
  const a = adminContext(s, req, reply);
  const title = d.id ? 'Edit page' : 'New page';
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, title, pageEditorMain(a, d), SCRIPTS));
}

/** The editor's script saves a draft as you type and asks for JSON; a plain form post gets a page. */
function wantsJson(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

/** What the editor shows about a stored page, besides its fields. */
async function facts(s: Services, id: number | null) {
  const page = id === null ? null : await findPage(s.db.kysely, id);
  if (id !== null && !page) throw new NotFound();
  const path = page?.published_at ? pagePath(page.slug) : null;
  return { page, id, status: page?.status ?? 'draft', path, everPublished: Boolean(page?.published_at), inMenu: page ? s.pages.inMenu(pagePath(page.slug)) : false } as const;
}

export function newPage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => send(s, req, reply, { ...(await facts(s, null)), values: {}, errors: {} });
}

const MESSAGES: Record<PageAction, string> = {
  save: 'Saved.',
  publish: 'Published.',
  unpublish: 'Unpublished. Its address now tells readers it was withdrawn.',
};

export function editPage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const f = await facts(s, pageId(req));
    const saved = (req.query as { saved?: string }).saved as PageAction | undefined;
    return send(s, req, reply, { ...f, values: { ...f.page, version: f.page?.updated_at }, errors: {}, message: saved ? MESSAGES[saved] : undefined });
  };
}

export function savePage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = (req.params as { id?: string }).id ? pageId(req) : null;
    const f = await facts(s, id);
    const { values, data, errors } = parse(req.body);
    const refuse = (problems: Errors, bodyProblems: string[] = []) => wantsJson(req)
      ? reply.code(422).send({ ok: false, problems, bodyProblems })
      : send(s, req, reply, { ...f, values, errors: problems, bodyProblems }, 422);
    if (!data) return refuse(errors);
    const draft: PageDraft = {
      title: data.title, slug: data.slug, standfirst: data.standfirst, bodyMd: data.body_md, action: data.action,
      change: { kind: data.change_kind, note: data.change_note }, baseVersion: data.version || undefined,
    };
    const r = await s.pages.save(req.user!.id, id, draft);
    if (r.ok && wantsJson(req)) return reply.send({ ok: true, id: r.id, status: r.status, version: r.version, editUrl: `/admin/pages/${r.id}/edit`, saveUrl: `/admin/pages/${r.id}` });
    if (r.ok) return reply.redirect(`/admin/pages/${r.id}/edit?saved=${data.action}`, 303);
    if ('refused' in r) throw new NotFound();
    if ('conflict' in r) return conflict(s, req, reply, id!, data);
    return refuse(r.problems, r.bodyProblems);
  };
}

/**
 * A save from a version no longer stored: 409, and the editor again with the
 * editor's own text, the differences from the saved version, and that version
 * in the form, so that only a deliberate Save replaces it (as for articles).
 */
async function conflict(s: Services, req: FastifyRequest, reply: FastifyReply, id: number, data: PageForm) {
  const f = await facts(s, id);
  const saved = f.page!;
  const message = 'Not saved: someone else changed this page after you opened it. Press Save to see both versions; your text stays here.';
  if (wantsJson(req)) return reply.code(409).send({ ok: false, conflict: true, problems: { form: message }, bodyProblems: [] });
  const { locale, timezone } = s.settings.get();
  return send(s, req, reply, {
    ...f, values: { ...data, version: saved.updated_at }, errors: {},
    conflict: {
      kind: 'page', editUrl: `/admin/pages/${id}/edit`, savedAt: formatDateTime(saved.updated_at, locale, timezone),
      yours: { title: data.title, standfirst: data.standfirst, bodyMd: data.body_md },
      saved: { title: saved.title, standfirst: saved.standfirst, bodyMd: saved.body_md },
    },
  }, 409);
}

/**
 * Deleting a draft that was never public. The editor's button posts here and
 * gets a page asking first (it works without JavaScript); that page posts again
 * with confirm=yes.
 */
export function deletePage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const f = await facts(s, pageId(req));
    if (f.everPublished) throw new Conflict('This page has been published, so its history is kept. Unpublish it instead; its address then says it was withdrawn.');
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== 'yes') {
      const a = adminContext(s, req, reply);
      const main = html`<h1>Delete this draft?</h1>
<p><strong>${f.page!.title || '(untitled)'}</strong></p>
<p>It has never been published, so readers never saw it. Its text is deleted for good; this cannot be undone.</p>
<form method="post" action="/admin/pages/${f.id}/delete">
${csrfField(a.csrf)}
<input type="hidden" name="confirm" value="yes">
<p><button type="submit" class="danger">Delete for good</button> <a href="/admin/pages/${f.id}/edit">Cancel</a></p>
</form>`;
      return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Delete this draft?', main));
    }
    const r = await s.pages.remove(f.id!);
    if (r.ok) return reply.redirect('/admin/pages?done=deleted', 303);
    if ('refused' in r) throw new NotFound();
    throw new Conflict(r.problem);
  };
}

/** The page as readers would see it: the form's content through the same renderer and template. */
export function previewPage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { values } = parse(req.body);
    const bodyMd = String(values.body_md ?? '').replace(/\r\n?/g, '\n');
    const body = renderBody(bodyMd, await mediaBySlugs(s.db.kysely, referencedMedia(bodyMd)));
    const warnings = body.warnings.length
      ? html`<div class="preview-warnings" role="alert"><strong>Check before publishing:</strong><ul>${body.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>`.value
      : '';
    const now = new Date().toISOString();
    const page = staticPageView(await s.siteData.viewContext(), {
      title: String(values.title ?? ''), standfirst: String(values.standfirst ?? ''), bodyHtml: warnings + body.html,
      path: '/preview', publishedAt: now, updatedAt: now, notes: [],
    });
    return reply.type('text/html; charset=utf-8').header('x-robots-tag', 'noindex').send(page);
  };
}
