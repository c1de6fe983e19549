import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import type { ImportUploads } from '../wordpress/import-uploads.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import type { FieldErrors } from './form-fields.ts';
import { importFormMain, importStatusMain } from './import-view.ts';

/**
 * /admin/import (owners: manage_settings): upload a WordPress export, and
 * watch the import run as a job of the database's queue, on whichever server
 * claims it, with the report at the end (wordpress/import-job.ts). The file is
 * streamed into DATA_DIR/imports (never held in memory) up to MAX_BYTES; the
 * form token is the first multipart field, read before any of the file. An
 * upload that does not arrive whole is removed at once.
 */

const MAX_BYTES = 1024 * 1024 * 1024;

type UploadProblem = 'too-large' | 'interrupted' | 'several-files' | 'busy';

interface ImportForm {
  /** The upload, complete, in the imports folder. */
  file: { stored: string; name: string } | null;
  problem: UploadProblem | null;
  uploads: string;
  dryRun: boolean;
}

const BUSY = 'Another import is queued or running: wait for it to finish (its progress is on the status page).';

const UPLOAD_PROBLEMS: Record<UploadProblem, { status: number; message: string }> = {
  'too-large': { status: 413, message: `The file is larger than ${MAX_BYTES / 1048576} MB. Import it with the samizdat import-wordpress command instead.` },
  interrupted: { status: 400, message: 'The upload stopped before the whole file arrived (the connection was cut, or the browser gave up). Nothing of it was kept: choose the file and start the import again.' },
  'several-files': { status: 400, message: 'Send one export file at a time. Nothing was kept: choose the one file and start the import again.' },
  busy: { status: 409, message: BUSY },
};

async function formPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, errors: FieldErrors, uploads = '') {
  const a = adminContext(s, req, reply);
  const jobs = s.wordpressImports;
  const job = await jobs.current();
  const busy = job !== null && (job.state === 'queued' || job.state === 'running');
  const main = importFormMain(a, { job, busy, errors, values: { uploads }, maxMb: MAX_BYTES / 1048576 });
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Import from WordPress', main));
}

export function showImport(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => formPage(s, req, reply, 200, {});
}

export function startImport(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const imports = s.wordpressImports;
    const form = await readImportForm(req, (token) => s.forms.checkToken(req, token), imports.uploads, () => imports.busy());
    try {
      const refused = refusal(form);
      if (refused) return await formPage(s, req, reply, refused.status, refused.errors, form.uploads);
      const job = await imports.start({
        storedFile: form.file!.stored, fileName: form.file!.name, uploadsDir: form.uploads || null, dryRun: form.dryRun, startedBy: req.user!.id,
      });
      if (!job) return await formPage(s, req, reply, 409, { file: BUSY }, form.uploads);
      form.file = null;
      return reply.redirect('/admin/import/status', 303);
    } finally {
      // Kept only by an import that was queued; otherwise removed now.
      if (form.file) imports.uploads.remove(form.file.stored);
    }
  };
}

function refusal(form: ImportForm): { status: number; errors: FieldErrors } | null {
  const errors: FieldErrors = {};
  if (form.problem) errors.file = UPLOAD_PROBLEMS[form.problem].message;
  else if (!form.file) errors.file = 'Choose the export file (.xml) to upload.';
  if (form.uploads && !(path.isAbsolute(form.uploads) && isDirectory(form.uploads))) errors.uploads = 'There is no folder at that place on the server. Give its full path, such as /srv/old-site/wp-content/uploads.';
  if (!Object.keys(errors).length) return null;
  return { status: form.problem ? UPLOAD_PROBLEMS[form.problem].status : 422, errors };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function importStatus(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = adminContext(s, req, reply);
    const job = await s.wordpressImports.current();
    // The page watches the job by asking again: a Refresh header needs no script.
    if (job && !job.finishedAt) reply.header('Refresh', '3');
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Import from WordPress', importStatusMain(job)));
  };
}

/**
 * Reads the form: the token first (nothing else is kept without it), the
 * fields, the file into the imports folder — unless an import is under way,
 * when the file is not kept. A body that breaks off, or brings a second file,
 * leaves nothing behind and says so.
 */
async function readImportForm(req: FastifyRequest, checkToken: (token: unknown) => void, uploads: ImportUploads, busy: () => Promise<boolean>): Promise<ImportForm> {
  const form: ImportForm = { file: null, problem: null, uploads: '', dryRun: false };
  if (!req.isMultipart()) {
    checkToken((req.body as Record<string, unknown> | undefined)?._csrf);
    return form;
  }
  let checked = false;
  let refused: unknown = null;
  let writing: string | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_BYTES, files: 1 } })) {
      // Without the token first, nothing is kept; the body is still read through, or the connection stalls.
      if (refused || !checked) {
        if (part.type === 'file') part.file.resume();
        if (!checked) refused = tokenRefusal(checkToken, part.type === 'field' && part.fieldname === '_csrf' ? part.value : undefined);
        checked = true;
        continue;
      }
      if (part.type === 'field') {
        if (part.fieldname === 'uploads' && typeof part.value === 'string') form.uploads = part.value.trim().slice(0, 1000);
        if (part.fieldname === 'dry_run') form.dryRun = part.value === '1';
        continue;
      }
      if (part.fieldname !== 'file' || !part.filename || form.problem) {
        part.file.resume();
        continue;
      }
      // Refused before a byte is written: a gigabyte need not travel to be turned away.
      if (await busy()) {
        form.problem = 'busy';
        part.file.resume();
        continue;
      }
      const place = uploads.create();
      writing = place.name;
      await pipeline(part.file, fs.createWriteStream(place.file));
      if (part.file.truncated) form.problem = 'too-large';
      else form.file = { stored: place.name, name: path.basename(part.filename).slice(0, 200) };
      writing = null;
    }
  } catch (e) {
    // A write to this server's disk that failed is ours to report, not the sender's.
    if (typeof (e as { syscall?: unknown } | null)?.syscall === 'string') {
      removeUpload(uploads, form, writing);
      throw e;
    }
    form.problem = uploadProblem(e);
  }
  if (form.problem || refused) removeUpload(uploads, form, writing);
  if (refused) throw refused;
  if (!checked) checkToken(undefined);
  return form;
}

function removeUpload(uploads: ImportUploads, form: ImportForm, writing: string | null): void {
  if (writing) uploads.remove(writing);
  if (form.file) uploads.remove(form.file.stored);
  form.file = null;
}

/** The multipart reader's complaints, in the owner's terms. */
function uploadProblem(e: unknown): UploadProblem {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return 'too-large';
  if (code === 'FST_FILES_LIMIT') return 'several-files';
  return 'interrupted';
}

function tokenRefusal(checkToken: (token: unknown) => void, token: unknown): unknown {
  try {
    checkToken(token);
    return null;
  } catch (e) {
    return e;
  }
}
