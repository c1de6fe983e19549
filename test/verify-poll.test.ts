import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoardEntry, chain } from '../src/polls/board.ts';
import type { PollInput } from '../src/polls/service.ts';
import { percentages } from '../src/polls/tally.ts';
import { verifyPoll } from '../src/polls/verify.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/samizdat.js');

const poll: PollInput = {
  question: 'Where should the new library branch open?', options: ['Harbour Street', 'The old mill', 'Station Square'],
  maxChoices: 1, policy: 'browser', showResults: 'always', opensAt: null, closesAt: null,
};

/** The real command, in a child process (asynchronously: the site answering it runs in this process). */
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, 'verify-poll', ...args], { env: { PATH: process.env.PATH ?? '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

type BoardFile = { head: string; ballots: string[]; tail: string };

/** A board.json as lines: the header line, one line per ballot (without its comma), the closing line. */
function splitBoard(text: string): BoardFile {
  const lines = text.split('\n').filter((l) => l !== '');
  return { head: lines[0], ballots: lines.slice(1, -1).map((l) => l.replace(/,$/, '')), tail: lines[lines.length - 1] };
}
const joinBoard = (b: BoardFile) => `${b.head}\n${b.ballots.join(',\n')}\n${b.tail}\n`;

describe.each(DATABASES)('samizdat verify-poll on %s', (kind) => {
  let site: TestSite;
  let dir: string;
  let id: number;
  const receipts: { receipt: string; seq: number; choice: number }[] = [];
  let voterNo = 0;

  const vote = async (pollId: number, choice: number) => {
    voterNo++;
    const res = await site.fetch(`/polls/${pollId}/vote`, {
      method: 'POST', body: new URLSearchParams({ choice: String(choice) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `198.51.100.${voterNo % 250}` },
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { receipt: string; seq: number };
    return { receipt: answer.receipt, seq: answer.seq, choice };
  };
  const create = async (input: Partial<PollInput> = {}) => {
    const r = await site.services.polls.create({ ...poll, ...input }, null);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.id;
  };
  /** Saves the poll's board and results as a reader's browser would, under the names the site gives them. */
  const save = async (pollId: number, kindOf: 'json' | 'csv' = 'json') => {
    const board = await (await site.fetch(`/polls/${pollId}/board.${kindOf}`)).text();
    const results = await (await site.fetch(`/polls/${pollId}/results.json`)).text();
    const sub = fs.mkdtempSync(path.join(dir, 'saved-'));
    fs.writeFileSync(path.join(sub, `poll-${pollId}-results.json`), results);
    const file = path.join(sub, `poll-${pollId}-board.${kindOf}`);
    fs.writeFileSync(file, board);
    return { file, board, results: path.join(sub, `poll-${pollId}-results.json`) };
  };

  beforeAll(async () => {
    site = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-poll-'));
    id = await create();
    for (const choice of [1, 2, 2, 3, 1, 2, 3, 3, 2, 1, 2, 2]) receipts.push(await vote(id, choice));
  });
  afterAll(async () => {
    await site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the live poll from the address of its page, its results or its boards, and finds a voter\'s receipt', async () => {
    const mine = receipts[4];
    const v = await verifyPoll({ target: `${site.url}/polls/${id}`, receipt: mine.receipt });
    expect(v.problems).toEqual([]);
    expect(v.outcome).toBe('verified');
    expect(v.counts).toEqual([3, 6, 3]);
    expect(v.head?.seq).toBe(12);
    expect(v.receiptEntry?.seq).toBe(mine.seq);
    expect(v.receiptEntry?.choices).toEqual([1]);
    expect(v.report.join('\n')).toContain('Harbour Street 3 (25%); The old mill 6 (50%); Station Square 3 (25%)');

    for (const address of [`/polls/${id}/results.json`, `/polls/${id}/board.json`, `/polls/${id}/board.csv`]) {
      const again = await verifyPoll({ target: `${site.url}${address}` });
      expect(again.outcome, address).toBe('verified');
      expect(again.counts).toEqual([3, 6, 3]);
    }
  });

  it('runs as `samizdat verify-poll`, exiting 0 when verified, 1 on a problem and 2 when it cannot read', async () => {
    const ok = await cli([`${site.url}/polls/${id}`, '--receipt', receipts[0].receipt]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`Your receipt is entry ${receipts[0].seq}: Harbour Street`);
    expect(ok.out).toMatch(/Verified\.\n$/);

    const saved = await save(id);
    const b = splitBoard(saved.board);
    b.ballots[2] = b.ballots[2].replace(/"choices":\[(\d)\]/, (_m, c: string) => `"choices":[${c === '3' ? 1 : 3}]`);
    fs.writeFileSync(saved.file, joinBoard(b));
    const edited = await cli([saved.file]);
    expect(edited.code).toBe(1);
    expect(edited.out).toContain("entry 3's hash does not match its contents");
    expect(edited.out).toContain('NOT VERIFIED');

    const missing = await cli([path.join(dir, 'no-such-board.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('could not open');
    expect((await cli(['ftp://example.org/polls/1'])).code).toBe(2);
  });

  it('detects an edited ballot, even with its own hash made right again', async () => {
    const saved = await save(id);
    const b = splitBoard(saved.board);
    const entry = JSON.parse(b.ballots[5]) as BoardEntry;
    // The edited entry's hash is recomputed: then the next entry no longer links to it.
    const [forged] = chain({ seq: 5, hash: entry.prev }, [{ receipt: entry.receipt, choices: [entry.choices[0] === 1 ? 2 : 1], hour: entry.hour }]);
    b.ballots[5] = JSON.stringify(forged);
    fs.writeFileSync(saved.file, joinBoard(b));
    const v = await verifyPoll({ target: saved.file });
    expect(v.outcome).toBe('problem');
    expect(v.problems[0]).toContain('entry 7 does not link to the entry before it');
  });

  it('detects a removed ballot and a reordered chain', async () => {
    const saved = await save(id);
    const b = splitBoard(saved.board);
    fs.writeFileSync(saved.file, joinBoard({ ...b, ballots: b.ballots.filter((_, i) => i !== 6) }));
    const removed = await verifyPoll({ target: saved.file });
    expect(removed.outcome).toBe('problem');
    expect(removed.problems[0]).toContain('entry 8 is where entry 7 should be');

    // The last ballot gone: the chain still holds, but neither the board's stated head nor the results agree.
    fs.writeFileSync(saved.file, joinBoard({ ...b, ballots: b.ballots.slice(0, -1) }));
    const cut = await verifyPoll({ target: saved.file });
    expect(cut.outcome).toBe('problem');
    expect(cut.problems.join('\n')).toContain('the board says its head is 12:');
    expect(cut.problems.join('\n')).toContain('results.json counts 12 ballots, but the board ends at entry 11');

    const swapped = [...b.ballots];
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    fs.writeFileSync(saved.file, joinBoard({ ...b, ballots: swapped }));
    const reordered = await verifyPoll({ target: saved.file });
    expect(reordered.outcome).toBe('problem');
    expect(reordered.problems[0]).toContain('entry 5 is where entry 4 should be');
  });

  it('reads a saved CSV board with the results beside it, and detects an edited row there', async () => {
    const saved = await save(id, 'csv');
    expect((await verifyPoll({ target: saved.file })).outcome).toBe('verified');
    const rows = saved.board.split('\n');
    rows[9] = rows[9].replace(/^(9,[0-9a-f]+,)(\d)/, (_m, start: string, c: string) => `${start}${c === '1' ? 2 : 1}`);
    fs.writeFileSync(saved.file, rows.join('\n'));
    const v = await verifyPoll({ target: saved.file });
    expect(v.problems[0]).toContain("entry 9's hash does not match its contents");
    // Without results.json a CSV board names no poll.
    fs.rmSync(saved.results);
    expect((await verifyPoll({ target: saved.file })).outcome).toBe('unreadable');
  });

  it('detects results that do not match the board', async () => {
    const saved = await save(id);
    const results = JSON.parse(fs.readFileSync(saved.results, 'utf8'));
    results.options[0].count += 1;
    fs.writeFileSync(saved.results, JSON.stringify(results));
    const more = await verifyPoll({ target: saved.file });
    expect(more.outcome).toBe('problem');
    expect(more.problems).toEqual(['results.json gives “Harbour Street” 4 votes; the board gives it 3']);

    // Counts right, percentages wrong (rounded the naive way, not by largest remainder).
    results.options[0].count -= 1;
    results.options.forEach((o: { percent: number }, i: number) => (o.percent = [26, 50, 24][i]));
    fs.writeFileSync(saved.results, JSON.stringify(results));
    expect((await verifyPoll({ target: saved.file })).problems[0]).toContain('“Harbour Street” 26%; 3 of the choices made is 25%');
  });

  it('detects a ballot changed in the database: the live board no longer chains', async () => {
    const other = await create();
    for (const c of [1, 1, 2, 3, 3]) await vote(other, c);
    expect((await verifyPoll({ target: `${site.url}/polls/${other}` })).outcome).toBe('verified');
    await site.services.db.kysely.updateTable('poll_ballots').set({ choices: '2' }).where('poll_id', '=', other).where('seq', '=', 2).execute();
    const v = await verifyPoll({ target: `${site.url}/polls/${other}` });
    expect(v.outcome).toBe('problem');
    expect(v.problems[0]).toContain("entry 2's hash does not match its contents");
  });

  it('says when a receipt is not on the board', async () => {
    const v = await verifyPoll({ target: `${site.url}/polls/${id}`, receipt: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(v.outcome).toBe('problem');
    expect(v.receiptEntry).toBeNull();
    expect(v.problems[0]).toContain('your receipt is not on the board');
  });

  it('confirms a head seen before is still in the chain, and detects a board rewritten since', async () => {
    const third = await create();
    for (const c of [1, 2, 3]) await vote(third, c);
    const earlier = await save(third);
    const seen = JSON.parse(fs.readFileSync(earlier.results, 'utf8')).head as { seq: number; hash: string };
    for (const c of [2, 2]) await vote(third, c);

    // The board is now longer than the results it is compared with: compared at the results' head.
    const later = await verifyPoll({ target: `${site.url}/polls/${third}/board.json`, results: earlier.results, previous: `${seen.seq}:${seen.hash}` });
    expect(later.problems).toEqual([]);
    expect(later.counts).toEqual([1, 1, 1]);
    expect(later.report.join('\n')).toContain('2 more ballots arrived between reading the results and reading the board');
    expect((await verifyPoll({ target: `${site.url}/polls/${third}`, previous: seen.hash })).outcome).toBe('verified');

    // A rewrite: ballot 2 changed and every entry after it chained again, with results to match.
    const now = await save(third);
    const b = splitBoard(now.board);
    const entries = b.ballots.map((l) => JSON.parse(l) as BoardEntry);
    const rewritten = [entries[0], ...chain(entries[0], entries.slice(1).map((e, i) => ({ receipt: e.receipt, choices: i === 0 ? [3] : e.choices, hour: e.hour })))];
    const last = rewritten[rewritten.length - 1];
    fs.writeFileSync(now.file, joinBoard({ head: b.head, ballots: rewritten.map((e) => JSON.stringify(e)), tail: `],"head":${JSON.stringify({ seq: last.seq, hash: last.hash })}}` }));
    const results = JSON.parse(fs.readFileSync(now.results, 'utf8'));
    const counts = [1, 2, 2];
    results.options.forEach((o: { count: number; percent: number }, i: number) => Object.assign(o, { count: counts[i], percent: percentages(counts)[i] }));
    results.head = { seq: last.seq, hash: last.hash };
    fs.writeFileSync(now.results, JSON.stringify(results));
    // On its own the rewritten board checks out: only a head seen before gives it away.
    expect((await verifyPoll({ target: now.file })).outcome).toBe('verified');
    const caught = await verifyPoll({ target: now.file, previous: `${seen.seq}:${seen.hash}` });
    expect(caught.outcome).toBe('problem');
    expect(caught.problems[0]).toContain(`the head seen before (${seen.seq}:${seen.hash}) is not in this board`);
  });

  it('keeps the question and options on one line, so the chain\'s start stands for one question and one set of options', async () => {
    const folded = await create({ question: 'Where should\r\nthe branch open?', options: ['Harbour\nStreet', 'The old mill'] });
    const p = await site.services.polls.get(folded);
    expect(p?.question).toBe('Where should the branch open?');
    expect(p?.options).toEqual(['Harbour Street', 'The old mill']);
    await vote(folded, 1);
    expect((await verifyPoll({ target: `${site.url}/polls/${folded}` })).outcome).toBe('verified');
  });

  it('links a voter to the board only once the board answers everyone', async () => {
    const early = await create({ showResults: 'after_vote' });
    const voted = await site.text(`/polls/${early}/vote`, {
      method: 'POST', body: new URLSearchParams({ choice: '2' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '192.0.2.99' },
    });
    expect(voted.status).toBe(200);
    expect(voted.body).toContain('(1 vote)');
    expect(voted.body).not.toContain(`/polls/${early}/board.json`);
    expect((await site.fetch(`/polls/${early}/board.json`)).status).toBe(403);
    await site.services.polls.close(early);
    expect((await site.text(`/polls/${early}`)).body).toContain(`href="/polls/${early}/board.json"`);
    const v = await verifyPoll({ target: `${site.url}/polls/${early}` });
    expect(v.outcome).toBe('verified');
    expect(v.report.join('\n')).toContain('the poll has closed');
  });

  it('cannot verify a board that is not public yet, and says why', async () => {
    const hidden = await create({ showResults: 'after_close' });
    await vote(hidden, 1);
    const v = await verifyPoll({ target: `${site.url}/polls/${hidden}` });
    expect(v.outcome).toBe('unreadable');
    expect(v.report.join('\n')).toContain('answered 403: The results are shown when the poll closes.');
  });
});
