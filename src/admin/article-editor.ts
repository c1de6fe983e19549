import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../accounts/sessions.ts';
import type { ArticleDraft } from '../articles/service.ts';
import { type Actor, mayBin, mayDelete, mayEdit } from '../articles/workflow.ts';
import { can } from '../accounts/capabilities.ts';
import { Forbidden, NotFound } from '../http/errors.ts';
import { formatDateTime, isoToZonedLocal, zonedLocalToIso } from '../lib/time.ts';
import { findPickerItem } from '../media/library-search.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import { articleForEditing, editorChoices } from './admin-store.ts';
import { editorMain, type EditorData } from './article-editor-view.ts';
import { type ArticleForm, type EditorAction, type FormErrors, parseArticleForm } from './article-form.ts';
import { attachChosenPoll, editorPolls } from './poll-editor-slot.ts';

/** The person acting, as the article rules know them. */
function actorOf(user: SessionUser): Actor {
  return { kind: 'person', id: user.id, role: user.role };
}

const SCRIPTS = ['admin-editor.js', 'editor-autosave.js', 'editor-toolbar.js', 'media-picker.js'];

async function render(s: Services, req: FastifyRequest, reply: FastifyReply, d: Omit<EditorData, 'lead' | 'mayUpload' | 'removal' | 'polls'>, status = 200) {
  const a = adminContext(s, req, reply);
  const leadId = Number(d.values.lead_media_id);
  const lead = Number.isSafeInteger(leadId) && leadId > 0 ? await findPickerItem(s.db.kysely, leadId) : null;
  const removal = d.id ? await removalFor(s, actorOf(a.user), d.id) : null;
  const polls = await editorPolls(s, a.user.role, d.id, d.values.attach_poll);
  const main = editorMain(a, { ...d, lead, removal, polls, mayUpload: can(a.user.role, 'upload_media') });
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, d.id ? 'Edit article' : 'New article', main, SCRIPTS));
}

/** Which way out the article rules give this person: deleting a draft never published, or the bin. */
async function removalFor(s: Services, actor: Actor, id: number): Promise<EditorData['removal']> {
  const facts = await s.bin.facts(id);
  if (!facts) return null;
  if (mayDelete(actor, facts) === true) return 'delete';
  return mayBin(actor, facts) === true ? 'bin' : null;
}

/** The editor's scripts save as you type and ask for JSON; a plain form post gets a page. */
function wantsJson(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function newArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const choices = await editorChoices(s.db.kysely);
    const values = { section_id: choices.sections[0]?.id, author_ids: [String(req.user!.id)], comments_enabled: true };
    return render(s, req, reply, { id: null, status: 'draft', path: null, reviewNote: null, values, errors: {}, choices, mayPublish: await s.articles.mayPublish(actorOf(req.user!), null) });
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
    const actor = actorOf(req.user!);
    if (!mayEdit(actor, { status: existing.status, authorIds: existing.authorIds, createdBy: existing.created_by })) throw new Forbidden('You can edit only your own articles.');
    const tz = s.settings.get().timezone;
    const values = {
      ...existing,
      author_ids: existing.authorIds.map(String),
      tags: existing.tags.join(', '),
      comments_enabled: existing.comments_enabled === 1,
      publish_at: existing.status === 'scheduled' && existing.published_at ? isoToZonedLocal(existing.published_at, tz) : '',
      version: existing.updated_at,
    };
    const saved = (req.query as { saved?: string }).saved;
    return render(s, req, reply, {
      id: existing.id, status: existing.status, path: existing.path, reviewNote: existing.review_note, values, errors: {},
      choices: await editorChoices(s.db.kysely, existing.authorIds), mayPublish: await s.articles.mayPublish(actor, existing.id), message: saved ? MESSAGES[saved as EditorAction] : undefined,
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

export function saveArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = (req.params as { id?: string }).id ? articleId(req) : null;
    const actor = actorOf(req.user!);
    const { values, data, errors } = parseArticleForm(req.body);
    const existing = id ? await s.articles.facts(id) : null;
    if (id && !existing) throw new NotFound();
    const again = async (problems: FormErrors, status: number, bodyProblems?: string[]) => wantsJson(req)
      ? reply.code(status).send({ ok: false, problems, bodyProblems: bodyProblems ?? [] })
      : render(s, req, reply, {
        id, status: existing?.status ?? 'draft', path: existing?.path ?? null, reviewNote: existing?.reviewNote ?? null, values, errors: problems, bodyProblems,
        choices: await editorChoices(s.db.kysely, existing?.authorIds), mayPublish: await s.articles.mayPublish(actor, id),
      }, status);
    if (!data) {
      if (existing && !mayEdit(actor, existing)) throw new Forbidden('You can edit only your own articles.');
      return again(errors, 422);
    }
    const result = await s.articles.save(actor, id, toDraft(data, s.settings.get().timezone));
    if (result.ok) await attachChosenPoll(s, req, result.id);
    if (result.ok && wantsJson(req)) {
      return reply.send({ ok: true, id: result.id, status: result.status, version: result.version, editUrl: `/admin/articles/${result.id}/edit`, saveUrl: `/admin/articles/${result.id}` });
    }
    if (result.ok) return reply.redirect(`/admin/articles/${result.id}/edit?saved=${data.action}`, 303);
    if ('conflict' in result) return conflict(s, req, reply, id!, data);
    if ('refused' in result) {
      if (result.refused === 'not-found') throw new NotFound();
      throw new Forbidden('You can edit only your own articles.');
    }
    return again(result.problems, result.problems.slug?.includes('already used') ? 409 : 422, result.bodyProblems);
  };
}

/**
 * A save from a version no longer stored (someone else saved meanwhile): 409,
 * and the editor again with the writer's own text, the saved version beside it
 * as differences, and the current version in the form, so that only a
 * deliberate press of Save replaces the other person's work. Saving as you
 * type gets the same 409 as JSON and stops until the writer has seen this.
 */
async function conflict(s: Services, req: FastifyRequest, reply: FastifyReply, id: number, data: ArticleForm) {
  const saved = await articleForEditing(s.db.kysely, id);
  if (!saved) throw new NotFound();
  const message = 'Not saved: someone else changed this article after you opened it. Press Save to see both versions; your text stays here.';
  if (wantsJson(req)) return reply.code(409).send({ ok: false, conflict: true, problems: { form: message }, bodyProblems: [] });
  const { locale, timezone } = s.settings.get();
  const actor = actorOf(req.user!);
  return render(s, req, reply, {
    id, status: saved.status, path: saved.path, reviewNote: saved.review_note, values: { ...data, version: saved.updated_at }, errors: {},
    choices: await editorChoices(s.db.kysely, saved.authorIds), mayPublish: await s.articles.mayPublish(actor, id),
    conflict: {
      kind: 'article', editUrl: `/admin/articles/${id}/edit`, savedAt: formatDateTime(saved.updated_at, locale, timezone),
      yours: { title: data.title, standfirst: data.standfirst, bodyMd: data.body_md },
      saved: { title: saved.title, standfirst: saved.standfirst, bodyMd: saved.body_md },
    },
  }, 409);
}

/** The form as the article domain takes it: times in UTC, empty texts as absent. */
function toDraft(d: ArticleForm, tz: string): ArticleDraft {
  return {
    title: d.title, slug: d.slug || undefined, standfirst: d.standfirst, sectionId: d.section_id,
    authorIds: d.author_ids, tags: d.tags.split(',').map((t) => t.trim()).filter(Boolean), bodyMd: d.body_md,
    leadMediaId: d.lead_media_id, leadCaption: d.lead_caption || null, leadCredit: d.lead_credit || null,
    seoTitle: d.seo_title || null, seoDescription: d.seo_description || null, commentsEnabled: d.comments_enabled,
    action: d.action, publishAt: d.action === 'schedule' ? zonedLocalToIso(d.publish_at, tz) : null,
    change: { kind: d.change_kind, note: d.change_note }, reviewNote: d.review_note, baseVersion: d.version || undefined,
  };
}
