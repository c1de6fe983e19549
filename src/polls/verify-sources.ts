import { createReadStream, existsSync } from 'node:fs';
import { z } from 'zod';
import { pollHeaderSchema, Unreadable } from './board-read.ts';

/**
 * Where a verifier finds a poll's board and results, and how it reads them in:
 * from the site (http or https only, redirects followed on the same host, a
 * limit on size and on silence) or from files saved earlier.
 */

export type Place = { url: URL } | { file: string };

/** A board is read as it streams; this is only a ceiling (about seven million ballots). */
export const BOARD_MAX_BYTES = 2 * 1024 ** 3;
const RESULTS_MAX_BYTES = 1024 * 1024;
/** Longest wait for the next bytes (or for the answer to begin). */
const SILENCE_MS = 30_000;
const MAX_REDIRECTS = 5;

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

function placeOf(s: string): Place {
  if (!isUrl(s)) return { file: s };
  const url = new URL(s);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Unreadable(`only http and https addresses are read, not ${url.protocol}`);
  url.hash = '';
  url.search = '';
  return { url };
}

/**
 * The board and the results, from what was given: the address of the poll's
 * page, of its results.json, board.json or board.csv, or a saved board. The
 * other half is at the same address (results.json beside a board, board.json
 * beside results or the page), or, for a saved board, the file whose name
 * swaps "board.json" or "board.csv" for "results.json", when there is one.
 */
export function locate(target: string, results?: string): { board: Place; results: Place | null } {
  const given = placeOf(target);
  const named = results === undefined ? null : placeOf(results);
  if ('file' in given) {
    const beside = given.file.replace(/board\.(json|csv)$/i, 'results.json');
    return { board: given, results: named ?? (beside !== given.file && existsSync(beside) ? { file: beside } : null) };
  }
  const url = given.url;
  const file = /\/(results\.json|board\.json|board\.csv)$/.exec(url.pathname)?.[1];
  const base = file ? url.pathname.slice(0, -file.length - 1) : url.pathname.replace(/\/+$/, '');
  const at = (name: string) => ({ url: new URL(`${base}/${name}`, url) });
  return {
    board: file && file !== 'results.json' ? given : at('board.json'),
    results: named ?? (file === 'results.json' ? given : at('results.json')),
  };
}

export const describePlace = (p: Place) => ('file' in p ? p.file : p.url.href);

export interface Opened {
  chunks: AsyncIterable<Uint8Array>;
  close(): void;
}

/** Opens a place for reading, a chunk at a time, refusing more than maxBytes. */
export async function open(place: Place, maxBytes: number): Promise<Opened> {
  if ('url' in place) return fetchChunks(place.url, maxBytes);
  const stream = createReadStream(place.file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new Unreadable(`could not open ${place.file}: ${err.message}`)));
  });
  return { chunks: failuresAreUnreadable(counted(stream, maxBytes, place.file), place.file), close: () => stream.destroy() };
}

async function* failuresAreUnreadable(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (err) {
    throw err instanceof Unreadable ? err : new Unreadable(`reading ${file} failed: ${(err as Error).message}`);
  }
}

async function* counted(chunks: AsyncIterable<Uint8Array>, maxBytes: number, what: string, onChunk?: () => void): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new Unreadable(`${what} is larger than ${maxBytes} bytes`);
    onChunk?.();
    yield chunk;
  }
}

async function fetchChunks(start: URL, maxBytes: number): Promise<Opened> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), SILENCE_MS);
  const waitAgain = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), SILENCE_MS);
  };
  const close = () => {
    clearTimeout(timer);
    controller.abort();
  };
  try {
    const res = await follow(start, controller.signal);
    const body = res.body ?? (async function* () {})();
    return { chunks: silenceIsAnError(counted(body, maxBytes, res.url || start.href, waitAgain), controller.signal, start), close };
  } catch (err) {
    close();
    throw err;
  }
}

async function* silenceIsAnError(chunks: AsyncIterable<Uint8Array>, signal: AbortSignal, url: URL): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (err) {
    if (err instanceof Unreadable) throw err;
    throw new Unreadable(signal.aborted ? `${url.href} sent nothing for ${SILENCE_MS / 1000} seconds` : `reading ${url.href} failed: ${(err as Error).message}`);
  }
}

/** Fetches, following redirects only to the same host (http may become https). */
async function follow(start: URL, signal: AbortSignal): Promise<Response> {
  let url = start;
  for (let hops = 0; ; hops++) {
    let res: Response;
    try {
      res = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'application/json, text/csv;q=0.9', 'user-agent': 'samizdat-verify-poll' } });
    } catch (err) {
      throw new Unreadable(signal.aborted ? `${url.href} did not answer within ${SILENCE_MS / 1000} seconds` : `could not fetch ${url.href}: ${causeOf(err)}`);
    }
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (!location) {
      if (res.ok) return res;
      throw new Unreadable(`${url.href} answered ${res.status}${await saidBy(res)}`);
    }
    await res.body?.cancel();
    const next = new URL(location, url);
    if (next.hostname !== start.hostname || (next.protocol !== 'http:' && next.protocol !== 'https:')) throw new Unreadable(`${url.href} sends us to another site (${next.href}); not followed`);
    if (hops >= MAX_REDIRECTS) throw new Unreadable(`${start.href} redirects more than ${MAX_REDIRECTS} times`);
    url = next;
  }
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { message?: string } };
  return e.cause?.message ?? e.message ?? String(err);
}

/** The site's own words for a refusal (its JSON answers carry a message), if short. */
async function saidBy(res: Response): Promise<string> {
  try {
    const text = (await res.text()).slice(0, 2000);
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return typeof message === 'string' ? `: ${message}` : '';
  } catch {
    return '';
  }
}

const resultsSchema = z.object({
  format: z.literal('samizdat-poll-results/1'),
  poll: pollHeaderSchema,
  closed: z.boolean(),
  options: z.array(z.object({ number: z.number().int(), label: z.string(), count: z.number().int().nonnegative(), percent: z.number() })),
  voters: z.number().int().nonnegative(),
  head: z.object({ seq: z.number().int().nonnegative(), hash: z.string() }),
});
export type Results = z.infer<typeof resultsSchema>;

/** Reads results.json whole (it is small). */
export async function readResults(place: Place): Promise<Results> {
  const opened = await open(place, RESULTS_MAX_BYTES);
  const parts: Buffer[] = [];
  try {
    for await (const chunk of opened.chunks) parts.push(Buffer.from(chunk));
  } finally {
    opened.close();
  }
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new Unreadable(`${describePlace(place)} is not JSON`);
  }
  const r = resultsSchema.safeParse(doc);
  if (!r.success) throw new Unreadable(`${describePlace(place)} is not a results file of the documented form ("samizdat-poll-results/1")`);
  return r.data;
}
