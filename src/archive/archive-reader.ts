import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';

export interface ArchiveEntry {
  name: string;
  size: number;
  /** The entry's bytes; read them (or not) before asking for the next entry. */
  body: Readable;
  text(): Promise<string>;
}

/** A .tar, or a gzipped one (told by its first two bytes, whatever its name). */
function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The archive's files in the order they were written, read as a stream: the
 * archive is never unpacked to disk nor held in memory. Directory entries
 * (which a re-packing tool may add) are passed over; what an entry's reader
 * leaves unread is skipped before the next.
 */
export async function* archiveEntries(file: string): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  const source = fs.createReadStream(file);
  const feeding = isGzip(file) ? pipeline(source, zlib.createGunzip(), extract) : pipeline(source, extract);
  // A failure reaches the reader through the entries; this only keeps it from being reported twice.
  feeding.catch(() => {});
  try {
    for await (const entry of extract) {
      const type = entry.header.type ?? 'file';
      if (type === 'file' || type === 'contiguous-file') {
        // tar-stream's entries are streamx streams: async-iterable like Node's, which is all that is asked of them.
        const body = entry as unknown as Readable;
        yield { name: entry.header.name.replace(/^\.\//, ''), size: entry.header.size ?? 0, body, text: () => readText(body) };
      }
      entry.resume();
    }
    await feeding;
  } catch (e) {
    throw new Error(`the archive could not be read (${(e as Error).message}): it is damaged or incomplete`);
  } finally {
    source.destroy();
    extract.destroy();
  }
}

async function readText(body: Readable): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024 * 1024) throw new Error('the manifest is larger than any archive’s could be');
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}
