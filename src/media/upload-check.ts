import sharp, { type Metadata } from 'sharp';

/**
 * What an upload must be before anything is written: alt text for people who
 * cannot see it, and a file that is, by its content, an image we accept, of a
 * size we can process, that decodes cleanly. Each refusal says what to do, in
 * words for the form; what the web answers with is the route's business.
 */

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
  maxSide: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxSide: 12_000,
});

export interface UploadInput {
  filename: string;
  bytes: Buffer;
  alt: string;
  caption?: string;
  credit?: string;
}

/** Why an upload was refused: the file is too big, is not an image we take, or the form or file is not right. */
export type RefusalReason = 'too-large' | 'not-an-image' | 'unusable';

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  field: 'file' | 'alt';
  message: string;
}

const ALT_MAX = 300;
const NOT_AN_IMAGE = 'This file is not an image we accept. Upload a JPEG, PNG, WebP, AVIF or GIF.';
const HEIC =
  'This looks like an iPhone photo in HEIC format, which most browsers cannot show. ' +
  'Export it as JPEG (or set the camera to “Most Compatible”) and upload that.';
const DAMAGED = 'The file seems damaged or incomplete. Try saving or downloading it again, then upload the new copy.';

/** Why the alt text cannot be saved, in words for the form; null when it is fine. */
export function altTextProblem(alt: string): string | null {
  const length = [...alt.trim()].length;
  if (length === 0) return 'Describe the image in a few words for readers who cannot see it (alt text).';
  if (length > ALT_MAX) return `Keep the alt text to ${ALT_MAX} characters or fewer; this one has ${length}.`;
  return null;
}

/** The checks in the order a person fixes them: the form, then the file's size, type, dimensions, integrity. */
export async function checkUpload(input: UploadInput, limits: UploadLimits): Promise<Refusal | null> {
  const alt = altTextProblem(input.alt);
  if (alt) return { ok: false, reason: 'unusable', field: 'alt', message: alt };
  if (input.bytes.length > limits.maxBytes) return fileRefusal('too-large', tooLargeMessage(input.bytes.length, limits.maxBytes));
  const kind = sniff(input.bytes);
  if (kind === 'heic') return fileRefusal('not-an-image', HEIC);
  if (!kind) return fileRefusal('not-an-image', NOT_AN_IMAGE);
  const meta = await readHeader(input.bytes);
  if (!meta || !meta.width || !meta.height) return fileRefusal('unusable', DAMAGED);
  if (meta.format !== SHARP_FORMAT[kind] || (kind === 'avif' && meta.compression !== 'av1')) return fileRefusal('not-an-image', NOT_AN_IMAGE);
  const size = dimensionsProblem(meta.width, meta.height, limits);
  if (size) return fileRefusal('unusable', size);
  if (!(await decodesCleanly(input.bytes, limits))) return fileRefusal('unusable', DAMAGED);
  return null;
}

function fileRefusal(reason: RefusalReason, message: string): Refusal {
  return { ok: false, reason, field: 'file', message };
}

type Accepted = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif';

/** sharp's name for each accepted type; AVIF is an HEIF container holding AV1. */
const SHARP_FORMAT: Record<Accepted, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', gif: 'gif', avif: 'heif' };

/**
 * The type from the file's first bytes, never its name. Only these formats ever
 * reach sharp, so SVG (scripts), PDF and the rest are never parsed at all.
 */
function sniff(b: Buffer): Accepted | 'heic' | null {
  const ascii = (from: number, to: number) => b.toString('latin1', from, to);
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  const brands = isoBrands(b);
  if (brands.includes('avif') || brands.includes('avis')) return 'avif';
  if (brands.some((x) => ['heic', 'heix', 'heim', 'heis', 'mif1'].includes(x))) return 'heic';
  return null;
}

/** Major and compatible brands of an ISO-BMFF `ftyp` box (AVIF, HEIC, MP4 …). */
function isoBrands(b: Buffer): string[] {
  if (b.length < 16 || b.toString('latin1', 4, 8) !== 'ftyp') return [];
  const end = Math.min(b.readUInt32BE(0), b.length, 256);
  const brands = [b.toString('latin1', 8, 12)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(b.toString('latin1', i, i + 4));
  return brands;
}

/**
 * The header only: no pixels are decoded, so a 20,000 × 20,000 "pixel bomb"
 * costs nothing to refuse. sharp's own pixel limit is lifted here because it
 * would refuse such a file with a message meant for programmers; ours follows.
 */
async function readHeader(bytes: Buffer): Promise<Metadata | null> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return null;
  }
}

function dimensionsProblem(width: number, height: number, limits: UploadLimits): string | null {
  if (width * height <= limits.maxPixels && Math.max(width, height) <= limits.maxSide) return null;
  const n = (x: number) => x.toLocaleString('en-GB');
  const mp = (px: number) => n(Math.round(px / 100_000) / 10);
  return (
    `This image is ${n(width)} × ${n(height)} pixels (${mp(width * height)} megapixels). ` +
    `The largest we accept is ${mp(limits.maxPixels)} megapixels and ${n(limits.maxSide)} pixels on the longer side. ` +
    'Resize it and upload it again.'
  );
}

function tooLargeMessage(bytes: number, max: number): string {
  const mb = (x: number) => `${Number((x / 1024 / 1024).toFixed(1))} MB`;
  return `This file is ${mb(bytes)}; the largest we accept is ${mb(max)}. Save it at a smaller size or lower quality and upload it again.`;
}

/**
 * A full decode of the (first) frame: truncated or corrupt files are caught
 * here with a message for people, rather than failing halfway through writing
 * variants. It costs a second decode, which uploads can afford.
 */
async function decodesCleanly(bytes: Buffer, limits: UploadLimits): Promise<boolean> {
  try {
    await sharp(bytes, { failOn: 'error', limitInputPixels: limits.maxPixels }).stats();
    return true;
  } catch {
    return false;
  }
}

