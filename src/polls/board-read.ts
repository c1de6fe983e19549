import { z } from 'zod';
import type { BoardEntry } from './board.ts';

/**
 * Reads a published board (docs/polls.md) as it arrives, one entry at a time,
 * so a verifier holds one line of a board of a million ballots, never the
 * board. The JSON board puts each ballot on a line of its own and is read line
 * by line; other layouts of the same JSON are read whole, if small. The CSV
 * board is read row by row.
 */

/** The board could not be read at all (as against a board that reads, and is wrong). */
export class Unreadable extends Error {}

/** Longest line read: the header's question and twenty options, escaped, fit well within it. */
const MAX_LINE = 256 * 1024;
/** The largest JSON board read whole when it is not laid out one ballot a line. */
export const MAX_WHOLE_JSON = 16 * 1024 * 1024;

export const pollHeaderSchema = z.object({
  id: z.number().int().positive(),
  question: z.string(),
  maxChoices: z.number().int().positive(),
  options: z.array(z.object({ number: z.number().int(), label: z.string() })).min(1),
  genesis: z.string().nullable(),
});
export type PollHeader = z.infer<typeof pollHeaderSchema>;

const headSchema = z.object({ seq: z.number().int().nonnegative(), hash: z.string() });

export interface BoardReading {
  layout: 'json lines' | 'json whole' | 'csv';
  /** The poll as the board states it (the CSV board has none: it comes from results.json). */
  header: PollHeader | null;
  entries: AsyncIterable<BoardEntry>;
  /** The head the board states at its end, known once entries are read through (the CSV board states none). */
  statedHead(): { seq: number; hash: string } | null;
}

/** Lines of UTF-8 text from chunks of bytes, without their line ends. */
export async function* linesOf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let rest = '';
  let number = 0;
  for await (const chunk of chunks) {
    rest += decode(decoder, chunk, number);
    let start = 0;
    for (let at = rest.indexOf('\n'); at >= 0; at = rest.indexOf('\n', start)) {
      number++;
      yield withoutCr(rest.slice(start, at));
      start = at + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE) throw new Unreadable(`line ${number + 1} is longer than ${MAX_LINE} characters`);
  }
  rest += decode(decoder, undefined, number);
  if (rest) yield withoutCr(rest);
}

function decode(decoder: TextDecoder, chunk: Uint8Array | undefined, line: number): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch {
    throw new Unreadable(`the text after line ${line} is not UTF-8`);
  }
}

const withoutCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** Reads a board, telling JSON from CSV by its first line. */
export async function readBoard(chunks: AsyncIterable<Uint8Array>): Promise<BoardReading> {
  const lines = linesOf(chunks)[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Unreadable('the board is empty');
  const line = first.value.trimStart();
  if (line.startsWith('seq,')) return readCsv(line, lines);
  if (line.startsWith('{')) return readJson(line, lines);
  throw new Unreadable('this is neither a JSON nor a CSV board');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Unreadable(`${what} is not JSON`);
  }
}

function checkFormat(doc: Record<string, unknown>): void {
  if (doc.format === 'samizdat-poll-results/1') throw new Unreadable('this is a results file, not a board: give the board first and the results after it');
  if (doc.format !== 'samizdat-poll-board/1') throw new Unreadable(`the board's format is ${JSON.stringify(doc.format)}, not "samizdat-poll-board/1"`);
}

function header(value: unknown): PollHeader {
  const r = pollHeaderSchema.safeParse(value);
  if (!r.success) throw new Unreadable('the board\'s "poll" is not a poll header of the documented form');
  return r.data;
}

function statedHead(value: unknown): { seq: number; hash: string } {
  const r = headSchema.safeParse(value);
  if (!r.success) throw new Unreadable('the board\'s "head" is not of the documented form');
  return r.data;
}

/** One ballot as JSON gives it; fields of the wrong kind make the board unreadable. */
export function ballotFrom(value: unknown, where: string): BoardEntry {
  const b = value as Record<string, unknown> | null;
  const ok = b !== null && typeof b === 'object' && Number.isSafeInteger(b.seq) && typeof b.receipt === 'string'
    && Array.isArray(b.choices) && b.choices.every((c) => typeof c === 'number')
    && typeof b.hour === 'string' && typeof b.prev === 'string' && typeof b.hash === 'string';
  if (!ok) throw new Unreadable(`${where} is not a ballot of the documented form`);
  return { seq: b.seq as number, receipt: b.receipt as string, choices: b.choices as number[], hour: b.hour as string, prev: b.prev as string, hash: b.hash as string };
}

/**
 * The line layout: a first line that opens the ballots array (everything but
 * the ballots and the head), one ballot a line with a comma after every one
 * but the last, and a last line that closes the array and states the head.
 */
async function readJson(first: string, lines: AsyncIterator<string>): Promise<BoardReading> {
  const opened = first.endsWith('[') ? tryParse(`${first}]}`) : undefined;
  const keys = opened && typeof opened === 'object' ? Object.keys(opened) : [];
  if (keys[keys.length - 1] !== 'ballots') return readWholeJson(first, lines);
  const doc = opened as Record<string, unknown>;
  checkFormat(doc);
  const box: { head: { seq: number; hash: string } | null } = { head: null };
  return { layout: 'json lines', header: header(doc.poll), entries: jsonLines(lines, box), statedHead: () => box.head };
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function* jsonLines(lines: AsyncIterator<string>, box: { head: { seq: number; hash: string } | null }): AsyncGenerator<BoardEntry> {
  let number = 1;
  // Before the first ballot the list may close; after a comma another ballot must come; after none, the end.
  let next: 'ballot or end' | 'ballot' | 'end' = 'ballot or end';
  for (let read = await lines.next(); !read.done; read = await lines.next()) {
    number++;
    const line = read.value.trim();
    if (line === '') continue;
    if (line.startsWith(']')) {
      if (next === 'ballot') throw new Unreadable(`line ${number}: there is a comma after the last ballot`);
      return closeJson(line, lines, box);
    }
    if (next === 'end') throw new Unreadable(`line ${number}: the ballot before it has no comma after it`);
    next = line.endsWith(',') ? 'ballot' : 'end';
    yield ballotFrom(parseJson(next === 'ballot' ? line.slice(0, -1) : line, `line ${number}`), `line ${number}`);
  }
  throw new Unreadable('the board ends before its ballots do (was it cut short?)');
}

async function closeJson(line: string, lines: AsyncIterator<string>, box: { head: { seq: number; hash: string } | null }): Promise<void> {
  const closing = tryParse(`{"ballots":[${line}`) as Record<string, unknown> | undefined;
  if (!closing) throw new Unreadable('the line that closes the ballots is not JSON');
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    if (next.value.trim()) throw new Unreadable('there is more after the end of the board');
  }
  box.head = closing.head === undefined ? null : statedHead(closing.head);
}

/** Any other layout of the same JSON: read whole, when it is small. */
async function readWholeJson(first: string, lines: AsyncIterator<string>): Promise<BoardReading> {
  let text = first;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    text += `\n${next.value}`;
    if (text.length > MAX_WHOLE_JSON) throw new Unreadable(`the board is not laid out one ballot a line, and is too large (over ${MAX_WHOLE_JSON} bytes) to read whole`);
  }
  const doc = parseJson(text, 'the board') as Record<string, unknown>;
  if (!doc || typeof doc !== 'object') throw new Unreadable('the board is not a JSON object');
  checkFormat(doc);
  if (!Array.isArray(doc.ballots)) throw new Unreadable('the board has no "ballots" list');
  const ballots = (doc.ballots as unknown[]).map((b, i) => ballotFrom(b, `ballot ${i + 1} of the list`));
  const head = doc.head === undefined ? null : statedHead(doc.head);
  return { layout: 'json whole', header: header(doc.poll), entries: (async function* () { yield* ballots; })(), statedHead: () => head };
}

const CSV_HEADING = 'seq,receipt_hash,choices,hour,prev_hash,hash';
const CSV_ROW = /^(\d+),([^,]*),(\d+(?: \d+)*),([^,]*),([^,]*),([^,]*)$/;

function readCsv(first: string, lines: AsyncIterator<string>): BoardReading {
  if (first !== CSV_HEADING) throw new Unreadable(`the CSV board's first line is not "${CSV_HEADING}"`);
  return { layout: 'csv', header: null, entries: csvRows(lines), statedHead: () => null };
}

async function* csvRows(lines: AsyncIterator<string>): AsyncGenerator<BoardEntry> {
  let number = 1;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    number++;
    if (next.value === '') continue;
    const m = CSV_ROW.exec(next.value);
    if (!m) throw new Unreadable(`line ${number} is not a row of the CSV board`);
    yield { seq: Number(m[1]), receipt: m[2], choices: m[3].split(' ').map(Number), hour: m[4], prev: m[5], hash: m[6] };
  }
}
