import { withoutIllegalChars } from '../http/clean-text.ts';
import type { FastifyRequest } from 'fastify';
import { BadRequest, HttpError } from '../http/errors.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../media/upload-check.ts';

/** The media library's upload form as it arrived: the file (if one was chosen) and the typed texts. */
export interface UploadForm {
  file: { filename: string; bytes: Buffer } | null;
  /** The file went over the multipart plugin's size limit; its bytes were not kept. */
  tooLarge: boolean;
  alt: string;
  caption: string;
  credit: string;
}

const TEXT_FIELDS = ['alt', 'caption', 'credit'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const isTextField = (name: string): name is TextField => (TEXT_FIELDS as readonly string[]).includes(name);

/**
 * Reads the whole multipart body, so the texts are kept whatever their order
 * in the form and whether or not a file came with them. A form sent without a
 * multipart body (or with an empty file input) gives `file: null`.
 */
export async function readUploadForm(req: FastifyRequest, checkToken: (token: unknown) => void): Promise<UploadForm> {
  const form: UploadForm = { file: null, tooLarge: false, alt: '', caption: '', credit: '' };
  if (!req.isMultipart()) {
    checkToken((req.body as Record<string, unknown> | undefined)?._csrf);
    return form;
  }
  let checked = false;
  let refused: unknown = null;
  try {
    for await (const part of req.parts()) {
      // The form's first field is its CSRF token: nothing else is kept, let alone
      // a file decoded, for a request that did not come from our form. The rest
      // of the body is still read through and dropped, or the connection stalls.
      if (refused) {
        if (part.type === 'file') part.file.resume();
        continue;
      }
      if (!checked) {
        checked = true;
        try {
          checkToken(part.type === 'field' && part.fieldname === '_csrf' ? part.value : undefined);
        } catch (e) {
          refused = e;
          if (part.type === 'file') part.file.resume();
        }
        continue;
      }
      if (part.type === 'field') {
        if (isTextField(part.fieldname) && typeof part.value === 'string') form[part.fieldname] = withoutIllegalChars(part.value);
        continue;
      }
      try {
        const bytes = await part.toBuffer();
        if (part.file.truncated) form.tooLarge = true;
        // A browser sends an empty, nameless file part when no file was chosen.
        else if (part.fieldname === 'file' && (part.filename || bytes.length)) form.file = { filename: part.filename, bytes };
      } catch (e) {
        if (!isTooLarge(e)) throw e;
        form.tooLarge = true;
      }
    }
  } catch (e) {
    // The plugin reports a file over its limit from toBuffer() or, depending on
    // timing, only at the end of the body; either way the texts read so far are kept.
    if (!isTooLarge(e)) throw asClientError(e);
    form.tooLarge = true;
  }
  if (refused) throw refused;
  if (!checked) checkToken(undefined);
  if (form.tooLarge) form.file = null;
  return form;
}

function isTooLarge(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';
}

/** The plugin's own errors carry a status (413 for too many files); a malformed body is the sender's fault. */
function asClientError(e: unknown): unknown {
  if (e instanceof HttpError || typeof (e as { statusCode?: unknown } | null)?.statusCode === 'number') return e;
  return new BadRequest('The upload could not be read; it may have been interrupted. Try again.', { cause: e });
}

/** For a file the plugin cut off: it stopped counting at the limit, so the message gives the limit only. */
export function tooLargeMessage(maxBytes = DEFAULT_UPLOAD_LIMITS.maxBytes): string {
  const mb = `${Number((maxBytes / 1024 / 1024).toFixed(1))} MB`;
  return `This file is larger than ${mb}, the largest we accept. Save it at a smaller size or lower quality and upload it again.`;
}

export const NO_FILE_MESSAGE = 'Choose a file to upload: a JPEG, PNG, WebP, AVIF or GIF image.';
