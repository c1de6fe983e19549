import { Readable } from 'node:stream';
import type { Db } from '../db/connection.ts';
import { BOARD_FORMAT } from './board.ts';
import { ballotsAfter } from './store.ts';
import type { Poll } from './store.ts';

/**
 * A poll's board, written as it is read, a page of ballots at a time, so a
 * board of a million ballots is served in bounded memory. It runs up to the
 * head read when the request began, so it is one consistent prefix of the
 * chain even while votes keep arriving. In the JSON form each ballot is on a
 * line of its own, so a verifier can read it line by line as well.
 */

const PAGE = 2000;

async function* ballotPages(db: Db, poll: Poll, upTo: number) {
  for (let after = 0; after < upTo;) {
    const page = await ballotsAfter(db.kysely, poll.id, after, PAGE, upTo);
    if (!page.length) return;
    yield page;
    after = page[page.length - 1].seq;
  }
}

export function pollHeader(poll: Poll) {
  return {
    id: poll.id,
    question: poll.question,
    maxChoices: poll.maxChoices,
    options: poll.options.map((label, i) => ({ number: i + 1, label })),
    genesis: poll.genesis,
  };
}

export function boardJson(db: Db, poll: Poll, head: { seq: number; hash: string }): Readable {
  return Readable.from((async function* () {
    yield `{"format":${JSON.stringify(BOARD_FORMAT)},"poll":${JSON.stringify(pollHeader(poll))},"ballots":[\n`;
    let first = true;
    for await (const page of ballotPages(db, poll, head.seq)) {
      const lines = page.map((e) => JSON.stringify({ seq: e.seq, receipt: e.receipt, choices: e.choices, hour: e.hour, prev: e.prev, hash: e.hash }));
      yield (first ? '' : ',\n') + lines.join(',\n');
      first = false;
    }
    yield `\n],"head":${JSON.stringify(head)}}\n`;
  })());
}

export function boardCsv(db: Db, poll: Poll, head: { seq: number }): Readable {
  return Readable.from((async function* () {
    yield 'seq,receipt_hash,choices,hour,prev_hash,hash\n';
    for await (const page of ballotPages(db, poll, head.seq)) {
      yield page.map((e) => `${e.seq},${e.receipt},${e.choices.join(' ')},${e.hour},${e.prev},${e.hash}\n`).join('');
    }
  })());
}
