import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_FORMAT, chain, entryProblem, genesisHash } from './board.ts';
import { readBoard, Unreadable } from './board-read.ts';
import { verifyPoll } from './verify.ts';

const poll = { id: 7, question: 'Should the market move to Sundays?', maxChoices: 1, options: ['Yes', 'No'] };
const header = { ...poll, options: poll.options.map((label, i) => ({ number: i + 1, label })), genesis: genesisHash(poll) };
const BALLOTS = 200_000;

describe('reading a board', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-read-'));
    file = path.join(dir, 'poll-7-board.json');
    // Written the way the site streams it: the header line, one ballot a line, the closing line.
    const out = createWriteStream(file);
    out.write(`{"format":"${BOARD_FORMAT}","poll":${JSON.stringify(header)},"ballots":[\n`);
    let head = { seq: 0, hash: header.genesis };
    for (let from = 0; from < BALLOTS; from += 1000) {
      const ballots = Array.from({ length: 1000 }, (_, i) => ({ receipt: (from + i).toString(16).padStart(64, '0'), choices: [1 + ((from + i) % 2)], hour: '2025-03-01T09:00Z' }));
      const entries = chain(head, ballots);
      if (!out.write(`${from ? ',\n' : ''}${entries.map((e) => JSON.stringify(e)).join(',\n')}`)) await new Promise<void>((r) => out.once('drain', () => r()));
      head = entries[entries.length - 1];
    }
    out.end(`\n],"head":${JSON.stringify({ seq: head.seq, hash: head.hash })}}\n`);
    await finished(out);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`takes a ${BALLOTS.toLocaleString('en')}-ballot board one entry at a time, as the file is read`, async () => {
    const size = fs.statSync(file).size;
    const stream = createReadStream(file);
    const board = await readBoard(stream);
    expect(board.layout).toBe('json lines');
    const entries = board.entries[Symbol.asyncIterator]();
    const first = await entries.next();
    expect(first.value?.seq).toBe(1);
    // The first entry arrives while most of the file is still unread.
    expect(stream.bytesRead).toBeLessThan(size / 100);
    let before = { seq: 1, hash: first.value!.hash };
    let problems = 0;
    for (let next = await entries.next(); !next.done; next = await entries.next()) {
      if (entryProblem(next.value, before, 2, 1)) problems++;
      before = next.value;
    }
    expect(problems).toBe(0);
    expect(before.seq).toBe(BALLOTS);
    expect(stream.bytesRead).toBe(size);
    expect(board.statedHead()).toEqual({ seq: BALLOTS, hash: before.hash });
  });

  it('verifies it without results, counting every ballot', async () => {
    const v = await verifyPoll({ target: file });
    expect(v.outcome).toBe('verified');
    expect(v.counts).toEqual([BALLOTS / 2, BALLOTS / 2]);
  });

  it('reads the same JSON laid out otherwise, when small, and refuses what is not a board', async () => {
    const entries = chain({ seq: 0, hash: header.genesis }, [{ receipt: 'a'.repeat(64), choices: [2], hour: '2025-03-01T09:00Z' }]);
    const pretty = JSON.stringify({ format: BOARD_FORMAT, poll: header, ballots: entries, head: { seq: 1, hash: entries[0].hash } }, null, 2);
    const small = path.join(dir, 'pretty.json');
    fs.writeFileSync(small, pretty);
    const v = await verifyPoll({ target: small });
    expect(v.outcome).toBe('verified');
    expect(v.counts).toEqual([0, 1]);

    const bytes = async function* (text: string) {
      yield Buffer.from(text);
    };
    await expect(readBoard(bytes('{"format":"samizdat-poll-results/1"}'))).rejects.toThrow(/results file/);
    await expect(readBoard(bytes('seq,hash\n'))).rejects.toThrow(Unreadable);
    const readAll = async (text: string) => {
      for await (const _ of (await readBoard(bytes(text))).entries);
    };
    const open = `{"format":"${BOARD_FORMAT}","poll":${JSON.stringify(header)},"ballots":[\n`;
    await expect(readAll(`${open}{"seq":1}\n],"head":null}`)).rejects.toThrow(/line 2 is not a ballot/);
    await expect(readAll(`${open}${JSON.stringify(entries[0])},\n],"head":null}`)).rejects.toThrow(/comma after the last ballot/);
    await expect(readAll(`${open}${JSON.stringify(entries[0])}\n`)).rejects.toThrow(/cut short/);
  });
});
