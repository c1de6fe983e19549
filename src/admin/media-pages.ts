import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../accounts/capabilities.ts';
import type { SessionUser } from '../accounts/sessions.ts';
import { articleDep } from '../articles/deps.ts';
import { rerenderBodiesUsing } from '../articles/rerender.ts';
import { EVERYTHING } from '../cache/page-cache.ts';
import { NotFound } from '../http/errors.ts';
import { pageParam, parseQuery } from '../http/query.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import { isUsed, listLibrary, mediaById, mediaUsage } from '../media/library-store.ts';
import { deleteMedia, updateMediaText } from '../media/media-store.ts';
import { altTextProblem, type RefusalReason } from '../media/upload-check.ts';
import { storeUpload, type UploadOutcome } from '../media/upload.ts';
import { rerenderPagesUsing } from '../pages/rerender.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import { type FieldErrors, libraryMain, mediaMain, type TextValues } from './media-views.ts';
import { NO_FILE_MESSAGE, readUploadForm, tooLargeMessage, type UploadForm } from './upload-form.ts';

/** The media library at /admin/media: list and upload, one image's texts, delete. */

const PAGE_SIZE = 50;
const EMPTY: TextValues = { alt: '', caption: '', credit: '' };

const listQuery = {
  page: pageParam,
  unused: z.enum(['', '1']).optional(),
  deleted: z.string().optional(),
};

interface LibraryState {
  page: number;
  onlyUnused: boolean;
  values: TextValues;
  errors: FieldErrors;
  message?: string;
}

async function libraryPage(s: Services, req: FastifyRequest, reply: FastifyReply, st: LibraryState, status = 200) {
  const a = adminContext(s, req, reply);
  const page = pageOf(st.page, PAGE_SIZE);
  const { items, total } = await listLibrary(s.db, page, st.onlyUnused);
  const { locale, timezone } = s.settings.get();
  const main = libraryMain(a, { ...st, items, total, pages: paginate(page, total), dates: { locale, timezone } });
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Media library', main));
}

export function mediaLibrary(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const q = parseQuery(listQuery, req.query);
    // The filter is for those who may delete what it finds.
    const onlyUnused = q.unused === '1' && can(req.user!.role, 'manage_media');
    const message = q.deleted ? 'The image was deleted.' : undefined;
    return libraryPage(s, req, reply, { page: q.page, onlyUnused, values: EMPTY, errors: {}, message });
  };
}

export function uploadMedia(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = await readUploadForm(req, (token) => s.forms.checkToken(req, token));
    const outcome = form.file && !form.tooLarge ? await storeUpload(s.db, s.media.current(), { ...form.file, ...texts(form) }) : null;
    if (outcome?.ok) return reply.redirect(`/admin/media/${outcome.id}?uploaded=1`, 303);
    const { status, errors } = refusal(form, outcome);
    return libraryPage(s, req, reply, { page: 1, onlyUnused: false, values: texts(form), errors }, status);
  };
}

/** Every problem the person can fix at once: the file and the alt text are both reported. */
/** What the web answers for each reason the library refuses an upload. */
const STATUS: Record<RefusalReason, number> = { 'too-large': 413, 'not-an-image': 415, unusable: 422 };

function refusal(form: UploadForm, outcome: Extract<UploadOutcome, { ok: false }> | null): { status: number; errors: FieldErrors } {
  const alt = altTextProblem(form.alt) ?? undefined;
  if (form.tooLarge) return { status: 413, errors: { file: tooLargeMessage(), alt } };
  if (!form.file) return { status: 422, errors: { file: NO_FILE_MESSAGE, alt } };
  if (!outcome) throw new Error('an upload with a file has an outcome');
  return { status: STATUS[outcome.reason], errors: { [outcome.field]: outcome.message } };
}

function texts(v: Partial<Record<keyof TextValues, unknown>>): TextValues {
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  return { alt: str(v.alt), caption: str(v.caption), credit: str(v.credit) };
}

function mediaId(req: FastifyRequest): number {
  const id = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound();
  return id;
}

const NO_SUCH_IMAGE = 'There is no such image in the media library. It may have been deleted.';

interface MediaState {
  values?: TextValues;
  errors?: FieldErrors;
  message?: string;
  problem?: string;
}

async function mediaPage(s: Services, req: FastifyRequest, reply: FastifyReply, id: number, st: MediaState, status = 200) {
  const media = await mediaById(s.db.kysely, id);
  if (!media) throw new NotFound(NO_SUCH_IMAGE);
  const a = adminContext(s, req, reply);
  const usage = await mediaUsage(s.db.kysely, media);
  const { locale, timezone } = s.settings.get();
  const main = mediaMain(a, {
    media, usage, inUse: isUsed(usage), values: st.values ?? texts(media), errors: st.errors ?? {},
    message: st.message, problem: st.problem, dates: { locale, timezone },
  });
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, `Image ${media.slug}`, main));
}

const MEDIA_MESSAGES: Record<string, string> = {
  uploaded: 'Uploaded. Check the alt text, caption and credit, then use the image in an article.',
  saved: 'Saved. Articles showing this image now show the new texts.',
};

export function editMedia(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const q = req.query as Record<string, unknown>;
    const message = Object.keys(MEDIA_MESSAGES).find((k) => q[k] === '1');
    return mediaPage(s, req, reply, mediaId(req), { message: message && MEDIA_MESSAGES[message] });
  };
}

export function saveMedia(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = mediaId(req);
    const values = texts((req.body ?? {}) as Record<string, unknown>);
    const problem = altTextProblem(values.alt);
    if (problem) return mediaPage(s, req, reply, id, { values, errors: { alt: problem } }, 422);
    const media = await mediaById(s.db.kysely, id);
    if (!media) throw new NotFound(NO_SUCH_IMAGE);
    const others = await othersPublishedUsing(s, req.user!, media);
    if (others.length) {
      const problem = `This image appears in published articles you cannot edit (${others.join('; ')}). Changing its texts would change those articles, so only an editor may do it.`;
      return mediaPage(s, req, reply, id, { values, problem }, 403);
    }
    const saved = await updateMediaText(s.db, id, values);
    if (saved === 'not-found') throw new NotFound(NO_SUCH_IMAGE);
    if (typeof saved === 'object') return mediaPage(s, req, reply, id, { values, errors: { alt: saved.problem } }, 422);
    // Figures are rendered into stored bodies; lead images are rendered on each view.
    await rerenderBodiesUsing(s.db.kysely, media.slug);
    const pages = await rerenderPagesUsing(s.db.kysely, media.slug);
    await s.changes.changed([...(await mediaDeps(s, media)), ...pages]);
    return reply.redirect(`/admin/media/${id}?saved=1`, 303);
  };
}

/**
 * A library picture's texts show wherever it is used. Someone who may not edit
 * every published article using it may not change them: the titles of the
 * articles in the way (none for editors).
 */
async function othersPublishedUsing(s: Services, user: SessionUser, media: { id: number; slug: string }): Promise<string[]> {
  if (can(user.role, 'edit_others')) return [];
  const usage = await mediaUsage(s.db.kysely, media);
  const live = usage.articles.filter((a) => a.status === 'published' || a.status === 'scheduled');
  if (!live.length) return [];
  const ids = live.map((a) => a.id);
  const mine = new Set([
    ...(await s.db.kysely.selectFrom('article_authors').select('article_id').where('article_id', 'in', ids).where('user_id', '=', user.id).execute()).map((r) => r.article_id),
    ...(await s.db.kysely.selectFrom('articles').select('id as article_id').where('id', 'in', ids).where('created_by', '=', user.id).execute()).map((r) => r.article_id),
  ]);
  return live.filter((a) => !mine.has(a.id)).map((a) => a.title);
}

/** The pages that show a library picture: its articles', or every page when it is a portrait or the logo. */
async function mediaDeps(s: Services, media: { id: number; slug: string }): Promise<string[]> {
  const usage = await mediaUsage(s.db.kysely, media);
  if (usage.publisherLogo || usage.avatarOf.length || usage.elsewhere.length) return [EVERYTHING];
  return usage.articles.map((a) => articleDep(a.id));
}

export function deleteMediaItem(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = mediaId(req);
    const outcome = await deleteMedia(s.db, s.media.current(), id);
    if (outcome === 'not-found') throw new NotFound(NO_SUCH_IMAGE);
    if (outcome === 'in-use') {
      const problem = 'This image is in use, so it was not deleted. Remove it from the articles (and anything else) listed under “Used in” first.';
      return mediaPage(s, req, reply, id, { problem }, 409);
    }
    // Only an unused image can be deleted: no page showed it.
    return reply.redirect('/admin/media?deleted=1', 303);
  };
}
