import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can } from '../accounts/capabilities.ts';
import { pageParam, parseQuery } from '../http/query.ts';
import { pageOf, paginate } from '../lib/pagination.ts';
import { findPickerItem, MAX_SEARCH, searchLibrary } from '../media/library-search.ts';
import { altTextProblem, type RefusalReason } from '../media/upload-check.ts';
import { storeUpload } from '../media/upload.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import { pickerPageMain } from './media-picker-view.ts';
import { NO_FILE_MESSAGE, readUploadForm, tooLargeMessage } from './upload-form.ts';

/**
 * The editor's way into the media library: pictures to choose from, searched
 * and paged, as JSON for the editor's picker and as a page for writing without
 * JavaScript; and an upload that answers with the new picture instead of
 * leaving the editor.
 */

export const PICKER_PAGE_SIZE = 24;

// Longer searches are cut, not refused: a pasted caption should still find its picture.
const pickerQuery = { q: z.string().transform((q) => q.slice(0, MAX_SEARCH)).optional(), page: pageParam };

async function findPictures(s: Services, query: unknown) {
  const q = parseQuery(pickerQuery, query);
  const page = pageOf(q.page, PICKER_PAGE_SIZE);
  const { items, total } = await searchLibrary(s.db.kysely, q.q ?? '', page);
  return { q: q.q ?? '', items, total, pages: paginate(page, total) };
}

/** GET /admin/media/picker.json?q=&page= */
export function pickerJson(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const found = await findPictures(s, req.query);
    return reply.type('application/json; charset=utf-8').send({ items: found.items, total: found.total, page: found.pages.current, pages: found.pages.total });
  };
}

/** GET /admin/media/picker: the same, as a page with the Markdown of each figure to copy. */
export function pickerPage(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const found = await findPictures(s, req.query);
    const a = adminContext(s, req, reply);
    const main = pickerPageMain({ ...found, mayUpload: can(a.user.role, 'upload_media') });
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Pictures for articles', main));
  };
}

const STATUS: Record<RefusalReason, number> = { 'too-large': 413, 'not-an-image': 415, unusable: 422 };

/**
 * POST /admin/media/picker/upload: the library's upload (the form token is the
 * first multipart field), answered with the picture as the picker lists it, or
 * with the problems by field.
 */
export function pickerUpload(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = await readUploadForm(req, (token) => s.forms.checkToken(req, token));
    const json = reply.type('application/json; charset=utf-8');
    const alt = altTextProblem(form.alt) ?? undefined;
    if (form.tooLarge) return json.code(413).send({ ok: false, errors: { file: tooLargeMessage(), alt } });
    if (!form.file) return json.code(422).send({ ok: false, errors: { file: NO_FILE_MESSAGE, alt } });
    const outcome = await storeUpload(s.db, s.media.current(), { ...form.file, alt: form.alt, caption: form.caption, credit: form.credit });
    if (!outcome.ok) return json.code(STATUS[outcome.reason]).send({ ok: false, errors: { [outcome.field]: outcome.message } });
    return json.code(201).send({ ok: true, item: await findPickerItem(s.db.kysely, outcome.id) });
  };
}
