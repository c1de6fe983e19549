import { randomBytes, randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { ballotHour, chain, genesisHash, receiptHash, validChoices } from './board.ts';

/**
 * Takes votes in and writes them durably, many at a time. Votes that arrive
 * while a write is under way wait for the next one, so under load one
 * transaction (and one sync to disk) carries a whole batch, and each vote is
 * answered only after the transaction that holds it has committed: group commit.
 *
 * In one transaction per batch, for each vote: its address's attempt is counted
 * (the rate limit, claimed before anything else), its voter keys are inserted
 * (the unique key refuses a second vote, even from the same batch), and only
 * then is its ballot chained onto the poll's board. Ballots of one batch go on
 * the board in a random order, so a position says nothing about which request
 * of the batch it came from. On PostgreSQL the poll's row is locked first, so
 * app servers sharing the database append to one chain, one after the other.
 */

export interface CastVote {
  pollId: number;
  /** Keyed hashes that say "this reader (or browser, or address) has voted". */
  voterKeys: string[];
  /** A rate-limit key (a keyed hash of the address) and its limit per window. */
  limit: { key: string; max: number; windowMinutes: number };
  choices: number[];
}

export type CastOutcome =
  | { ok: true; receipt: string; seq: number; hash: string }
  | { ok: false; reason: 'already-voted' | 'throttled' | 'closed' | 'bad-choice' };

interface Pending {
  vote: CastVote;
  done: (o: CastOutcome) => void;
  failed: (err: unknown) => void;
}

/** The most votes one transaction carries. */
const MAX_BATCH = 512;

type Trx = Transaction<Database>;

export class BallotBox {
  private readonly db: Db;
  private readonly now: () => Date;
  private queue: Pending[] = [];
  private writing = false;
  private scheduled = false;
  /** Told of every batch written here (the tallies follow the board without reading it back). */
  private readonly written: ((pollId: number, entries: { seq: number; choices: number[]; hash: string }[]) => void)[] = [];

  constructor(deps: { db: Db; now?: () => Date }) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
  }

  onWritten(listener: (pollId: number, entries: { seq: number; choices: number[]; hash: string }[]) => void): void {
    this.written.push(listener);
  }

  cast(vote: CastVote): Promise<CastOutcome> {
    return new Promise((done, failed) => {
      this.queue.push({ vote, done, failed });
      this.schedule();
    });
  }

  /** Resolves when every vote handed in so far has been answered (for shutting down). */
  async drain(): Promise<void> {
    while (this.queue.length || this.writing) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // The rest of this turn's requests join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  private async writeBatch(): Promise<void> {
    if (this.writing || !this.queue.length) return;
    this.writing = true;
    const batch = this.queue.splice(0, MAX_BATCH);
    try {
      const { outcomes, appended } = await this.db.kysely.transaction().execute((trx) => this.write(trx, batch.map((p) => p.vote)));
      // Committed: now, and only now, the voters hear.
      for (const [pollId, entries] of appended) for (const l of this.written) l(pollId, entries);
      batch.forEach((p, i) => p.done(outcomes[i]));
    } catch (err) {
      for (const p of batch) p.failed(err);
    } finally {
      this.writing = false;
      if (this.queue.length) this.schedule();
    }
  }

  private async write(trx: Trx, votes: CastVote[]) {
    const now = this.now();
    const nowIso = now.toISOString();
    const pollIds = [...new Set(votes.map((v) => v.pollId))].sort((a, b) => a - b);
    const polls = await this.lockPolls(trx, pollIds, nowIso);
    const outcomes: CastOutcome[] = new Array(votes.length);
    const accepted = new Map<number, { index: number; receipt: string; choices: number[] }[]>();
    for (const [i, v] of votes.entries()) {
      const poll = polls.get(v.pollId);
      if (!poll) {
        outcomes[i] = { ok: false, reason: 'closed' };
        continue;
      }
      if (!validChoices(v.choices, poll.options, poll.maxChoices)) {
        outcomes[i] = { ok: false, reason: 'bad-choice' };
        continue;
      }
      if (!(await claim(trx, v.limit, now))) {
        outcomes[i] = { ok: false, reason: 'throttled' };
        continue;
      }
      if (!(await this.markVoted(trx, v))) {
        outcomes[i] = { ok: false, reason: 'already-voted' };
        continue;
      }
      const list = accepted.get(v.pollId) ?? [];
      list.push({ index: i, receipt: randomBytes(16).toString('base64url'), choices: v.choices });
      accepted.set(v.pollId, list);
    }
    const appended = new Map<number, { seq: number; choices: number[]; hash: string }[]>();
    const hour = ballotHour(now);
    for (const [pollId, list] of accepted) {
      shuffle(list);
      const head = polls.get(pollId)!;
      const entries = chain(head, list.map((b) => ({ receipt: receiptHash(b.receipt), choices: b.choices, hour })));
      // Many rows per statement, within the engines' limits on bound values.
      for (let from = 0; from < entries.length; from += 100) {
        await trx.insertInto('poll_ballots').values(entries.slice(from, from + 100).map((e) => ({
          poll_id: pollId, seq: e.seq, receipt_hash: e.receipt, choices: e.choices.join(','), hour: e.hour, prev_hash: e.prev, hash: e.hash,
        }))).execute();
      }
      list.forEach((b, j) => (outcomes[b.index] = { ok: true, receipt: b.receipt, seq: entries[j].seq, hash: entries[j].hash }));
      appended.set(pollId, entries.map((e) => ({ seq: e.seq, choices: e.choices, hash: e.hash })));
    }
    return { outcomes, appended };
  }

  /**
   * The polls of the batch that take votes now, each with the head of its board.
   * On PostgreSQL their rows are locked (in id order, so two servers never wait
   * on each other crosswise) until the batch commits.
   */
  private async lockPolls(trx: Trx, ids: number[], now: string): Promise<Map<number, { seq: number; hash: string; options: number; maxChoices: number }>> {
    let q = trx.selectFrom('polls').select(['id', 'question', 'max_choices', 'genesis', 'secret', 'opens_at', 'closes_at', 'closed_at']).where('id', 'in', ids).orderBy('id');
    if (this.db.dialect === 'postgres') q = q.forUpdate();
    const open = new Map<number, { seq: number; hash: string; options: number; maxChoices: number }>();
    for (const p of await q.execute()) {
      const taking = p.secret !== null && p.closed_at === null && (p.opens_at === null || p.opens_at <= now) && (p.closes_at === null || p.closes_at > now);
      if (!taking) continue;
      const last = await trx.selectFrom('poll_ballots').select(['seq', 'hash']).where('poll_id', '=', p.id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      let genesis = p.genesis;
      const options = await trx.selectFrom('poll_options').select('label').where('poll_id', '=', p.id).orderBy('number').execute();
      if (!genesis) {
        // The first ballot freezes the question and options: the chain starts from them.
        genesis = genesisHash({ id: p.id, question: p.question, maxChoices: Number(p.max_choices), options: options.map((o) => o.label) });
        await trx.updateTable('polls').set({ genesis }).where('id', '=', p.id).execute();
      }
      const shape = { options: options.length, maxChoices: Number(p.max_choices) };
      open.set(p.id, last ? { seq: Number(last.seq), hash: last.hash, ...shape } : { seq: 0, hash: genesis, ...shape });
    }
    return open;
  }

  /** Records the voter's keys; false (recording nothing) when any of them has voted already. */
  private async markVoted(trx: Trx, v: CastVote): Promise<boolean> {
    const inserted = await trx.insertInto('poll_voters').values(v.voterKeys.map((voter_key) => ({ poll_id: v.pollId, voter_key })))
      .onConflict((oc) => oc.doNothing()).returning('voter_key').execute();
    if (inserted.length === v.voterKeys.length) return true;
    if (inserted.length) await trx.deleteFrom('poll_voters').where('poll_id', '=', v.pollId).where('voter_key', 'in', inserted.map((r) => r.voter_key)).execute();
    return false;
  }
}

/** Counts one attempt for an address; false past its limit. The same table and rule as sign-in attempts. */
async function claim(trx: Trx, limit: CastVote['limit'], now: Date): Promise<boolean> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - limit.windowMinutes * 60_000).toISOString();
  const { rows } = await sql<{ failures: number }>`
    INSERT INTO login_throttle (key, failures, window_started_at) VALUES (${limit.key}, 1, ${at})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_started_at <= ${since} THEN 1 ELSE login_throttle.failures + 1 END,
      window_started_at = CASE WHEN login_throttle.window_started_at <= ${since} THEN ${at} ELSE login_throttle.window_started_at END
    RETURNING failures`.execute(trx);
  return Number(rows[0].failures) <= limit.max;
}

function shuffle<T>(list: T[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
}
