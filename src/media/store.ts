import type { Readable } from 'node:stream';

/**
 * Where media files live: the one way any code reads or writes them. Two
 * kinds: a folder on this machine (local-store.ts, the default) and
 * S3-compatible object storage (s3-store.ts), which every app server shares.
 * Pages always name files as /media/<name> (media/picture.ts), never by a
 * store's own address, so moving the files never rewrites content.
 *
 * Names are plain file names (`harbour-dawn-960.webp`): a store never sees a
 * path, so no name can reach outside it.
 */
export type StoreKind = 'local' | 's3';

export interface StoredFile {
  size: number;
  /** A strong validator, quoted as HTTP wants it. */
  etag: string;
  lastModified: Date;
}

/** Inclusive byte positions, as in a Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaStore {
  readonly kind: StoreKind;
  /** Where the files are, for people: a folder, or s3://bucket/prefix. */
  readonly where: string;
  /** Where uploads are written while they are made (always on this machine; swept when abandoned). */
  readonly scratchRoot: string;
  /** Puts a finished file in under `name`, whole or not at all; the file at `from` is left as it was. */
  put(name: string, from: string): Promise<void>;
  /** Size and validators, or null when there is no such file. */
  stat(name: string): Promise<StoredFile | null>;
  /** The file's bytes (or some of them); null when there is no such file. */
  read(name: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes files; names that are not plain file names, or not there, are passed over. */
  remove(names: string[]): Promise<void>;
  /** Every finished file (scratch left out), in no particular order. */
  list(): AsyncIterable<{ name: string; size: number }>;
  /** An address on another host to send readers to (a CDN), or null to stream the file from here. */
  publicUrl(name: string): string | null;
}

/** `harbour-dawn-960.webp`: what upload.ts and the demo write; nothing else is ever read or removed. */
const PLAIN_NAME = /^[a-z0-9][a-z0-9._-]*$/;

export function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name) && !name.includes('..') && name.length <= 200;
}

export const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/** The type a stored file is served with, from its extension; null for anything we never store. */
export function contentType(name: string): string | null {
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  return (ext && CONTENT_TYPES[ext]) ?? null;
}
