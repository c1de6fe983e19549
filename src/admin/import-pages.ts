import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout } from './admin-layout.ts';
import type { FieldErrors } from './form-fields.ts';
import { importFormMain, importStatusMain } from './import-view.ts';

/**
 * /admin/import (owners: manage_settings): upload a WordPress export, and
 * watch the import run in the background of this server process, with the
 * report at the end. The file is streamed to a temporary file (never held in
 * memory) up to MAX_BYTES; the form token is the first multipart field, read
 * before any of the file.
 */

const MAX_BYTES = 1024 * 1024 * 1024;

interface ImportForm {
  file: { path: string; name: string } | null;
  tooLarge: boolean;
  uploads: string;
  dryRun: boolean;
}

function formPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, errors: FieldErrors, uploads = '') {
  const a = adminContext(s, req, reply);
  const jobs = s.wordpressImports;
  const main = importFormMain(a, { job: jobs.current(), busy: jobs.busy(), errors, values: { uploads }, maxMb: MAX_BYTES / 1048576 });
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Import from WordPress', main));
}

export function showImport(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => formPage(s, req, reply, 200, {});
}

export function startImport(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = await readImportForm(req, (token) => s.forms.checkToken(req, token));
    const errors = problems(form, s.wordpressImports.busy());
    if (Object.keys(errors).length) {
      if (form.file) fs.rmSync(path.dirname(form.file.path), { recursive: true, force: true });
      return formPage(s, req, reply, form.tooLarge ? 413 : s.wordpressImports.busy() ? 409 : 422, errors, form.uploads);
    }
    const job = s.wordpressImports.start({
      file: form.file!.path, fileName: form.file!.name, uploadsDir: form.uploads || null, dryRun: form.dryRun, startedBy: req.user!.id,
    });
    if (!job) return formPage(s, req, reply, 409, { file: 'Another import is running: wait for it to finish.' });
    return reply.redirect('/admin/import/status', 303);
  };
}

function problems(form: ImportForm, busy: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (busy) errors.file = 'Another import is running: wait for it to finish.';
  else if (form.tooLarge) errors.file = `The file is larger than ${MAX_BYTES / 1048576} MB. Import it with the samizdat import-wordpress command instead.`;
  else if (!form.file) errors.file = 'Choose the export file (.xml) to upload.';
  if (form.uploads && !(path.isAbsolute(form.uploads) && isDirectory(form.uploads))) errors.uploads = 'There is no folder at that place on the server. Give its full path, such as /srv/old-site/wp-content/uploads.';
  return errors;
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
    const job = s.wordpressImports.current();
    // The page watches the job by asking again: a Refresh header needs no script.
    if (job && !job.finishedAt) reply.header('Refresh', '3');
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Import from WordPress', importStatusMain(job)));
  };
}

/** Reads the form: the token first (nothing else is kept without it), the fields, the file into a temporary file. */
async function readImportForm(req: FastifyRequest, checkToken: (token: unknown) => void): Promise<ImportForm> {
  const form: ImportForm = { file: null, tooLarge: false, uploads: '', dryRun: false };
  if (!req.isMultipart()) {
    checkToken((req.body as Record<string, unknown> | undefined)?._csrf);
    return form;
  }
  let checked = false;
  let refused: unknown = null;
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
    if (part.fieldname !== 'file' || !part.filename) {
      part.file.resume();
      continue;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-import-'));
    const file = path.join(dir, `export-${randomBytes(4).toString('hex')}.xml`);
    await pipeline(part.file, fs.createWriteStream(file));
    if (part.file.truncated) {
      form.tooLarge = true;
      fs.rmSync(dir, { recursive: true, force: true });
    } else form.file = { path: file, name: path.basename(part.filename).slice(0, 200) };
  }
  if (refused) throw refused;
  if (!checked) checkToken(undefined);
  return form;
}

function tokenRefusal(checkToken: (token: unknown) => void, token: unknown): unknown {
  try {
    checkToken(token);
    return null;
  } catch (e) {
    return e;
  }
}
