import { createHash } from 'node:crypto';

/**
 * The bulletin board: every ballot, in the order cast, as the hash of its
 * receipt and its choices, each entry chained to the one before by including
 * its hash. The exact byte strings hashed are the public format (docs/polls.md):
 * anyone can rebuild the chain and recount it without our code.
 */

export const BOARD_FORMAT = 'samizdat-poll-board/1';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What the chain starts from: the poll itself, so the head also vouches for the question and options. */
export function genesisHash(poll: { id: number; question: string; maxChoices: number; options: readonly string[] }): string {
  return sha256([BOARD_FORMAT, String(poll.id), poll.question, String(poll.maxChoices), ...poll.options].join('\n'));
}

export function receiptHash(receipt: string): string {
  return sha256(receipt);
}

export interface BoardEntry {
  seq: number;
  receipt: string;
  choices: number[];
  hour: string;
  prev: string;
  hash: string;
}

/** The hash of one entry: the previous entry's hash, its position, the receipt's hash, the choices and the hour. */
export function entryHash(e: Omit<BoardEntry, 'hash'>): string {
  return sha256([e.prev, String(e.seq), e.receipt, e.choices.join(','), e.hour].join('\n'));
}

/** The hour a ballot is stamped with: no finer, so the board's times say little about who voted when. */
export function ballotHour(now: Date): string {
  return `${now.toISOString().slice(0, 13)}:00Z`;
}

/** Choices as stored and hashed: option numbers, ascending, each once. */
export function canonicalChoices(choices: readonly number[]): number[] {
  return [...new Set(choices)].sort((a, b) => a - b);
}

export function parseChoices(text: string): number[] {
  return text ? text.split(',').map(Number) : [];
}

/** Chains new ballots onto a head: their positions, hashes and links. */
export function chain(head: { seq: number; hash: string }, ballots: readonly { receipt: string; choices: number[]; hour: string }[]): BoardEntry[] {
  const out: BoardEntry[] = [];
  let prev = head.hash;
  let seq = head.seq;
  for (const b of ballots) {
    seq++;
    const e = { seq, receipt: b.receipt, choices: b.choices, hour: b.hour, prev };
    const hash = entryHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

export interface ChainProblem {
  seq: number;
  problem: string;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;
const WHOLE_HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/;

/**
 * The rules one entry must keep, following on from the entry before it (the
 * genesis, at position 0, before the first): its position is the next one, it
 * names the hash before it, its own hash is right, its choices are valid, its
 * receipt hash is a SHA-256 and its time no finer than the hour. Returns what
 * is wrong, or null.
 */
export function entryProblem(e: BoardEntry, before: { seq: number; hash: string }, options: number, maxChoices: number): string | null {
  const expected = before.seq + 1;
  if (e.seq !== expected) return `entry ${e.seq} is where entry ${expected} should be`;
  if (e.prev !== before.hash) return `entry ${e.seq} does not link to the entry before it`;
  if (entryHash(e) !== e.hash) return `entry ${e.seq}'s hash does not match its contents`;
  if (!validChoices(e.choices, options, maxChoices)) return `entry ${e.seq} has choices the poll does not allow`;
  if (!HEX_SHA256.test(e.receipt)) return `entry ${e.seq}'s receipt hash is not a SHA-256 hash in hex`;
  if (!WHOLE_HOUR.test(e.hour)) return `entry ${e.seq}'s time is not a whole hour`;
  return null;
}

/**
 * Checks a board from its genesis with the rules above. Returns the first
 * problem, or null; and the counts it adds up to.
 */
export function checkChain(genesis: string, options: number, maxChoices: number, entries: Iterable<BoardEntry>): { problem: ChainProblem | null; counts: number[]; voters: number; head: { seq: number; hash: string } } {
  const counts = new Array<number>(options).fill(0);
  let head = { seq: 0, hash: genesis };
  let problem: ChainProblem | null = null;
  for (const e of entries) {
    const wrong = entryProblem(e, head, options, maxChoices);
    if (wrong) {
      problem = { seq: e.seq, problem: wrong };
      break;
    }
    for (const c of e.choices) counts[c - 1]++;
    head = { seq: e.seq, hash: e.hash };
  }
  return { problem, counts, voters: head.seq, head };
}

export function validChoices(choices: readonly number[], options: number, maxChoices: number): boolean {
  if (choices.length < 1 || choices.length > maxChoices) return false;
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i];
    if (!Number.isInteger(c) || c < 1 || c > options || (i > 0 && c <= choices[i - 1])) return false;
  }
  return true;
}
