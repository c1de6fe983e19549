import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../accounts/capabilities.ts';
import type { SessionUser } from '../accounts/sessions.ts';
import { type ArticleInput, SlugTaken } from '../articles/service.ts';
import type { ArticleStatus } from '../db/schema.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { isoToZonedLocal, zonedLocalToIso } from '../lib/time.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import { articleForEditing, editorChoices } from './admin-store.ts';
import { editorMain, type EditorData } from './article-editor-view.ts';
import { type ArticleForm, type EditorAction, type FormErrors, parseArticleForm } from './article-form.ts';

type Existing = NonNullable<Awaited<ReturnType<typeof articleForEditing>>>;

/** Writers edit their own pieces (contributors only until publication); editors edit anyone's. */
export function mayEdit(user: SessionUser, a: Existing): boolean {
  if (can(user.role, 'edit_others')) return true;
  const own = a.authorIds.includes(user.id) || a.created_by === user.id;
  if (!own || !can(user.role, 'write')) return false;
  return can(user.role, 'publish') || (a.status !== 'published' && a.status !== 'scheduled');
}

export function mayPublish(user: SessionUser, a: Existing | null): boolean {
  if (!can(user.role, 'publish')) return false;
  return !a || can(user.role, 'edit_others') || a.authorIds.includes(user.id) || a.created_by === user.id;
}

function render(s: Services, req: FastifyRequest, reply: FastifyReply, d: Omit<EditorData, 'choices'> & { choices: EditorData['choices'] }, status = 200) {
  const a = adminContext(s, req, reply);
  const html = adminLayout(s.assets, a, d.id ? 'Edit article' : 'New article', editorMain(a, d), ['admin-editor.js']);
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

export function newArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const choices = await editorChoices(s.db.kysely);
    const values = { section_id: choices.sections[0]?.id, author_ids: [String(req.user!.id)], comments_enabled: true };
    return render(s, req, reply, { id: null, status: 'draft', path: null, reviewNote: null, values, errors: {}, choices, mayPublish: mayPublish(req.user!, null) });
  };
}

function articleId(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFound();
  return id;
}

export function editArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const existing = await articleForEditing(s.db.kysely, articleId(req));
    if (!existing) throw new NotFound();
    if (!mayEdit(req.user!, existing)) throw new Forbidden('You can edit only your own articles.');
    const tz = s.settings.get().timezone;
    const values = {
      ...existing,
      author_ids: existing.authorIds.map(String),
      tags: existing.tags.join(', '),
      comments_enabled: existing.comments_enabled === 1,
      publish_at: existing.status === 'scheduled' && existing.published_at ? isoToZonedLocal(existing.published_at, tz) : '',
    };
    const saved = (req.query as { saved?: string }).saved;
    return render(s, req, reply, {
      id: existing.id, status: existing.status, path: existing.path, reviewNote: existing.review_note, values, errors: {},
      choices: await editorChoices(s.db.kysely), mayPublish: mayPublish(req.user!, existing), message: saved ? MESSAGES[saved as EditorAction] : undefined,
    });
  };
}

const MESSAGES: Record<EditorAction, string> = {
  save: 'Saved.',
  submit: 'Submitted for review. An editor will publish it or send it back with a note.',
  publish: 'Published.',
  schedule: 'Scheduled.',
  send_back: 'Sent back to the writer with your note.',
  unpublish: 'Unpublished. Its address now tells readers it was withdrawn.',
};

/** The status an action leads to, or an error message for the form. */
function nextStatus(action: EditorAction, current: ArticleStatus, user: SessionUser, existing: Existing | null): ArticleStatus | FormErrors {
  const publisher = mayPublish(user, existing);
  switch (action) {
    case 'save': return current;
    case 'submit': return 'review';
    case 'publish': return publisher ? 'published' : { form: 'You cannot publish. Submit the article for review instead.' };
    case 'schedule': return publisher ? 'scheduled' : { form: 'You cannot schedule articles.' };
    case 'unpublish': return publisher && current === 'published' ? 'unpublished' : { form: 'You cannot unpublish this article.' };
    case 'send_back': return can(user.role, 'edit_others') && current === 'review' ? 'draft' : { form: 'Only an editor can send an article back.' };
  }
}

export function saveArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = (req.params as { id?: string }).id ? articleId(req) : null;
    const existing = id ? await articleForEditing(s.db.kysely, id) : null;
    if (id && !existing) throw new NotFound();
    if (existing && !mayEdit(req.user!, existing)) throw new Forbidden('You can edit only your own articles.');
    const { values, data, errors } = parseArticleForm(req.body);
    if (data?.change_kind === 'correction' && !data.change_note && existing?.status === 'published') {
      errors.change_note = 'Say what was corrected: readers see this note above the article.';
    }
    const current: ArticleStatus = existing?.status ?? 'draft';
    const status = data ? nextStatus(data.action, current, req.user!, existing) : current;
    const problems: FormErrors = { ...errors, ...(typeof status === 'object' ? status : {}) };
    if (data) Object.assign(problems, await referenceProblems(s, data, req.user!, existing));
    const publishAt = data?.action === 'schedule' ? scheduledTime(data, s.settings.get().timezone, problems) : null;
    if (!data || Object.keys(problems).length || typeof status === 'object') {
      return render(s, req, reply, {
        id, status: current, path: existing?.path ?? null, reviewNote: existing?.review_note ?? null, values, errors: problems,
        choices: await editorChoices(s.db.kysely), mayPublish: mayPublish(req.user!, existing),
      }, 422);
    }
    const input = toInput(data, status, publishAt, req.user!, existing);
    try {
      const savedId = id ?? (await s.articles.create(input));
      if (id) await s.articles.update(id, input);
      return reply.redirect(`/admin/articles/${savedId}/edit?saved=${data.action}`, 303);
    } catch (err) {
      if (!(err instanceof SlugTaken)) throw err;
      return render(s, req, reply, {
        id, status: current, path: existing?.path ?? null, reviewNote: existing?.review_note ?? null, values,
        errors: { slug: `${err.message} Choose another.` }, choices: await editorChoices(s.db.kysely), mayPublish: mayPublish(req.user!, existing),
      }, 409);
    }
  };
}

/** Roles whose names may stand in a byline (the editor's list of people). */
const WRITER_ROLES = ['owner', 'editor', 'author', 'contributor'] as const;

/**
 * What the form names must exist, and bylines must be honest: only members of
 * staff who write, and only editors may put someone else's name on a piece
 * (a writer may keep the byline an editor gave their piece).
 */
async function referenceProblems(s: Services, d: ArticleForm, user: SessionUser, existing: Existing | null): Promise<FormErrors> {
  const db = s.db.kysely;
  const problems: FormErrors = {};
  const ids = [...new Set(d.author_ids)];
  if (ids.length) {
    const found = await db.selectFrom('users').select('id').where('id', 'in', ids).where('role', 'in', [...WRITER_ROLES]).execute();
    if (found.length !== ids.length) problems.author_ids = 'Choose the byline from the list of staff.';
  }
  const unchanged = existing !== null && sameIds(ids, existing.authorIds);
  if (!problems.author_ids && !can(user.role, 'edit_others') && ids.length && !unchanged && !sameIds(ids, [user.id])) {
    problems.author_ids = 'Only an editor can put someone else’s name on a piece. Leave yourself as the author.';
  }
  const section = await db.selectFrom('sections').select('id').where('id', '=', d.section_id).executeTakeFirst();
  if (!section) problems.section_id = 'Choose a section from the list.';
  if (d.lead_media_id !== null) {
    const media = await db.selectFrom('media').select('id').where('id', '=', d.lead_media_id).executeTakeFirst();
    if (!media) problems.lead_media_id = 'Choose the lead picture from the media library.';
  }
  return problems;
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function scheduledTime(data: ArticleForm, tz: string, problems: FormErrors): string | null {
  const iso = zonedLocalToIso(data.publish_at, tz);
  if (!iso) problems.publish_at = 'Give a date and time to publish at.';
  else if (iso <= new Date().toISOString()) problems.publish_at = 'Choose a time in the future, or publish now.';
  return iso;
}

function toInput(d: ArticleForm, status: ArticleStatus, publishAt: string | null, user: SessionUser, existing: Existing | null): ArticleInput {
  return {
    title: d.title, slug: d.slug || undefined, standfirst: d.standfirst, sectionId: d.section_id,
    authorIds: d.author_ids.length ? d.author_ids : existing?.authorIds.length ? existing.authorIds : [user.id],
    tags: d.tags.split(',').map((t) => t.trim()).filter(Boolean), bodyMd: d.body_md,
    leadMediaId: d.lead_media_id, leadCaption: d.lead_caption || null, leadCredit: d.lead_credit || null,
    seoTitle: d.seo_title || null, seoDescription: d.seo_description || null, commentsEnabled: d.comments_enabled,
    status, publishedAt: status === 'scheduled' ? publishAt : existing?.published_at ?? null,
    createdBy: existing?.created_by ?? user.id,
    revision: { kind: d.change_kind, note: d.change_note, editorId: user.id },
    reviewNote: d.action === 'send_back' ? d.review_note || 'Sent back without a note.' : status === 'draft' ? existing?.review_note ?? null : null,
  };
}
