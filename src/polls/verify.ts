import { type BoardEntry, entryProblem, genesisHash, receiptHash } from './board.ts';
import { type PollHeader, readBoard, Unreadable } from './board-read.ts';
import { percentages } from './tally.ts';
import { BOARD_MAX_BYTES, describePlace, locate, open, type Opened, readResults, type Results } from './verify-sources.ts';

/**
 * `samizdat verify-poll`: checks a poll's published board and results the way
 * docs/polls.md tells anyone to, step by step, with the same rules the site
 * writes by (board.ts). It trusts nothing the site says about itself: the
 * chain's start is hashed again from the question and options, every entry is
 * checked, and the counts are added up again from the ballots.
 */

export interface VerifyRequest {
  /** The poll's page, its results.json, board.json or board.csv (an address), or a saved board. */
  target: string;
  /** results.json to compare with, when not the one beside the board. */
  results?: string;
  /** A voter's receipt, to find their ballot. */
  receipt?: string;
  /** A head seen before: "seq:hash", or the hash alone. */
  previous?: string;
}

export interface Verdict {
  outcome: 'verified' | 'problem' | 'unreadable';
  /** What was checked and what was found, a line each, in the order of the steps. */
  report: string[];
  problems: string[];
  poll: PollHeader | null;
  /** The last entry of the board that checked out. */
  head: { seq: number; hash: string } | null;
  /** The recount at the results' head (or at the board's end when there are no results). */
  counts: number[] | null;
  /** The entry the receipt stands for: null when not found, undefined when no receipt was given. */
  receiptEntry?: BoardEntry | null;
}

type Head = { seq: number; hash: string };

class Checks {
  report: string[] = [];
  problems: string[] = [];
  ok(line: string) {
    this.report.push(`ok    ${line}`);
  }
  wrong(line: string) {
    this.problems.push(line);
    this.report.push(`FAIL  ${line}`);
  }
  note(line: string) {
    this.report.push(`      ${line}`);
  }
}

export async function verifyPoll(req: VerifyRequest): Promise<Verdict> {
  const c = new Checks();
  const verdict: Verdict = { outcome: 'verified', report: c.report, problems: c.problems, poll: null, head: null, counts: null };
  let board: Opened | null = null;
  try {
    const previous = req.previous === undefined ? null : parsePrevious(req.previous);
    const where = locate(req.target, req.results);
    // Step 1. The results first, then the board: the board can then only be longer than the results, never shorter.
    const results = where.results ? await readResults(where.results) : null;
    board = await open(where.board, BOARD_MAX_BYTES);
    const reading = await readBoard(board.chunks);
    // Step 2. The poll, as the board states it (a CSV board states none: results.json does).
    const poll = reading.header ?? results?.poll;
    if (!poll) throw new Unreadable('a CSV board names no poll: give its results.json after it');
    verdict.poll = poll;
    c.note(`Poll ${poll.id}: ${poll.question}`);
    c.note(`Board: ${describePlace(where.board)}${where.results ? `; results: ${describePlace(where.results)}` : ''}`);
    if (reading.header && results) compareHeaders(c, reading.header, results.poll);
    // Step 3. The chain's start, hashed again from the poll's header.
    const genesis = checkGenesis(c, poll);
    // Steps 4 and 5. Every entry, in order; the counts added up again.
    const walk = await walkChain(c, reading.entries, genesis, poll, { stopAt: results?.head.seq ?? null, receipt: req.receipt, previous });
    verdict.head = walk.head;
    if (walk.intact) checkStatedHead(c, walk.head, reading.statedHead());
    // Step 6. The results against the recount at their own head.
    if (results && walk.intact) verdict.counts = compareResults(c, poll, results, walk);
    else if (!results) {
      verdict.counts = walk.counts;
      c.note('No results.json to compare with: only the board was checked.');
    }
    // Steps 7 and 8. A voter's receipt; a head seen before.
    if (req.receipt !== undefined) verdict.receiptEntry = reportReceipt(c, poll, walk);
    if (previous) reportPrevious(c, previous, walk);
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
    c.report.push(`Could not check: ${err.message.replace(/\.+$/, '')}.`);
    return { ...verdict, outcome: 'unreadable' };
  } finally {
    board?.close();
  }
  verdict.outcome = c.problems.length ? 'problem' : 'verified';
  c.report.push(c.problems.length ? `NOT VERIFIED: ${c.problems.length === 1 ? 'one problem' : `${c.problems.length} problems`} (above).` : 'Verified.');
  return verdict;
}

export function parsePrevious(text: string): { seq: number | null; hash: string } {
  const m = /^(?:(\d+):)?([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!m) throw new Unreadable(`--previous takes a head as "seq:hash" or the hash alone (64 hex digits), not "${text}"`);
  return { seq: m[1] === undefined ? null : Number(m[1]), hash: m[2] };
}

function compareHeaders(c: Checks, board: PollHeader, results: PollHeader): void {
  const same = board.id === results.id && board.question === results.question && board.maxChoices === results.maxChoices
    && board.options.length === results.options.length && board.options.every((o, i) => o.number === results.options[i].number && o.label === results.options[i].label)
    && (board.genesis === null || results.genesis === null || board.genesis === results.genesis);
  if (!same) c.wrong('the board and results.json describe different polls (or the question or options differ)');
}

/** SHA-256 of the lines: the format, the poll's id, its question, how many choices a voter may make, each option's label. */
function checkGenesis(c: Checks, poll: PollHeader): string {
  const numbered = poll.options.every((o, i) => o.number === i + 1);
  if (!numbered) c.wrong('the poll\'s options are not numbered 1, 2, 3… in order');
  if ([poll.question, ...poll.options.map((o) => o.label)].some((t) => t.includes('\n'))) {
    c.wrong('the question or an option holds a line break, so the chain\'s start could stand for another question and options');
  }
  const genesis = genesisHash({ id: poll.id, question: poll.question, maxChoices: poll.maxChoices, options: poll.options.map((o) => o.label) });
  if (poll.genesis !== null && poll.genesis !== genesis) c.wrong(`the poll's stated genesis ${poll.genesis} is not the hash of its question and options (${genesis})`);
  else c.ok(`The question and options hash to the chain's start: ${genesis}`);
  return genesis;
}

interface Walk {
  intact: boolean;
  genesis: string;
  head: Head;
  counts: number[];
  /** The counts and hash at the results' head, once the walk has passed it. */
  atResults: { counts: number[]; hash: string } | null;
  mine: BoardEntry | null;
  previousFound: boolean;
}

async function walkChain(c: Checks, entries: AsyncIterable<BoardEntry>, genesis: string, poll: PollHeader, opts: { stopAt: number | null; receipt?: string; previous: { seq: number | null; hash: string } | null }): Promise<Walk> {
  const n = poll.options.length;
  const walk: Walk = { intact: true, genesis, head: { seq: 0, hash: genesis }, counts: new Array<number>(n).fill(0), atResults: null, mine: null, previousFound: false };
  const mine = opts.receipt === undefined ? null : receiptHash(opts.receipt.trim());
  const seen = (h: Head) => {
    if (h.seq === opts.stopAt) walk.atResults = { counts: [...walk.counts], hash: h.hash };
    if (opts.previous && h.hash === opts.previous.hash && (opts.previous.seq === null || opts.previous.seq === h.seq)) walk.previousFound = true;
  };
  seen(walk.head);
  for await (const e of entries) {
    const wrong = entryProblem(e, walk.head, n, poll.maxChoices);
    if (wrong) {
      c.wrong(`${wrong} (after ${walk.head.seq} good entries; nothing after it can be trusted)`);
      walk.intact = false;
      return walk;
    }
    for (const choice of e.choices) walk.counts[choice - 1]++;
    walk.head = { seq: e.seq, hash: e.hash };
    if (e.receipt === mine) walk.mine = e;
    seen(walk.head);
  }
  c.ok(`The chain holds: ${walk.head.seq} ${walk.head.seq === 1 ? 'entry' : 'entries'}, each linked to the one before, each hash right. Head: ${walk.head.seq}:${walk.head.hash}`);
  return walk;
}

function checkStatedHead(c: Checks, actual: Head, stated: Head | null): void {
  if (!stated) return;
  if (stated.seq !== actual.seq || stated.hash !== actual.hash) c.wrong(`the board says its head is ${stated.seq}:${stated.hash}, but its entries end at ${actual.seq}:${actual.hash}`);
}

function compareResults(c: Checks, poll: PollHeader, results: Results, walk: Walk): number[] | null {
  const at = results.head.seq;
  if (!walk.atResults) {
    c.wrong(`results.json counts ${at} ballots, but the board ends at entry ${walk.head.seq}`);
    return null;
  }
  if (walk.atResults.hash !== results.head.hash) {
    c.wrong(`results.json's head ${at}:${results.head.hash} is not on the board: entry ${at} there is ${walk.atResults.hash}`);
    return null;
  }
  const counts = walk.atResults.counts;
  const pct = percentages(counts);
  const before = c.problems.length;
  if (results.voters !== at) c.wrong(`results.json says ${results.voters} voters, but its head is entry ${at}`);
  if (results.options.length !== counts.length) c.wrong(`results.json lists ${results.options.length} options; the poll has ${counts.length}`);
  results.options.forEach((o, i) => {
    const label = poll.options[i]?.label ?? `option ${o.number}`;
    if (o.number !== i + 1 || o.label !== poll.options[i]?.label) c.wrong(`results.json's option ${i + 1} is not the poll's (“${label}”)`);
    if (o.count !== counts[i]) c.wrong(`results.json gives “${label}” ${o.count} votes; the board gives it ${counts[i]}`);
    else if (o.percent !== pct[i]) c.wrong(`results.json gives “${label}” ${o.percent}%; ${counts[i]} of the choices made is ${pct[i]}%`);
  });
  if (c.problems.length === before) {
    const later = walk.head.seq - at;
    c.ok(`The recount at entry ${at} matches results.json (${results.closed ? 'the poll has closed' : 'the poll is open'}): ${poll.options.map((o, i) => `${o.label} ${counts[i]} (${pct[i]}%)`).join('; ')}`);
    if (later > 0) c.note(`${later} more ${later === 1 ? 'ballot' : 'ballots'} arrived between reading the results and reading the board; they chain on but are not in these results.`);
  }
  return counts;
}

function reportReceipt(c: Checks, poll: PollHeader, walk: Walk): BoardEntry | null {
  if (!walk.mine) {
    if (walk.intact) c.wrong('your receipt is not on the board (check it was copied whole, and that this is the poll you voted in)');
    else c.note('Your receipt was not among the entries read before the problem.');
    return null;
  }
  const e = walk.mine;
  c.ok(`Your receipt is entry ${e.seq}: ${e.choices.map((n) => poll.options[n - 1]?.label ?? n).join(', ')}, cast in the hour from ${e.hour}`);
  return e;
}

function reportPrevious(c: Checks, previous: { seq: number | null; hash: string }, walk: Walk): void {
  const shown = `${previous.seq === null ? '' : `${previous.seq}:`}${previous.hash}`;
  if (walk.previousFound) c.ok(`The head seen before (${shown}) is still in the chain: nothing up to it was rewritten`);
  else if (walk.intact) c.wrong(`the head seen before (${shown}) is not in this board: the board was rewritten, or that head belongs to another poll`);
  else c.note(`The head seen before (${shown}) was not among the entries read before the problem.`);
}

export const EXIT_CODES: Record<Verdict['outcome'], number> = { verified: 0, problem: 1, unreadable: 2 };
