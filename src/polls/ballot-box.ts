import { randomBytes, randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { GroupCommit } from '../lib/group-commit.ts';
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

/** The most votes one transaction carries. */
const MAX_BATCH = 512;

type Trx = Transaction<Database>;

export class BallotBox {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly group: GroupCommit<CastVote, CastOutcome>;
  /** Told of every batch written here (the tallies follow the board without reading it back). */
  private readonly written: ((pollId: number, entries: { seq: number; choices: number[]; hash: string }[]) => void)[] = [];

  constructor(deps: { db: Db; now?: () => Date }) {
    this.db = deps.db;
    this.now = deps.now ?? (() => new Date());
    this.group = new GroupCommit({
      maxBatch: MAX_BATCH,
      write: async (votes) => {
        const { outcomes, appended } = await this.db.kysely.transaction().execute((trx) => this.write(trx, votes));
        // Committed: now, and only now, the voters hear (after the tallies do).
        for (const [pollId, entries] of appended) for (const l of this.written) l(pollId, entries);
        return outcomes;
      },
    });
  }

  onWritten(listener: (pollId: number, entries: { seq: number; choices: number[]; hash: string }[]) => void): void {
    this.written.push(listener);
  }

  cast(vote: CastVote): Promise<CastOutcome> {
    return this.group.submit(vote);
  }

  /** Resolves when every vote handed in so far has been answered (for shutting down). */
  drain(): Promise<void> {
    return this.group.drain();
  }

  /**
   * One batch, in a handful of statements whatever its size: the rate limit for
   * every address at once, every voter key at once, every ballot at once.
   */
  private async write(trx: Trx, votes: CastVote[]) {
    const now = this.now();
    const pollIds = [...new Set(votes.map((v) => v.pollId))].sort((a, b) => a - b);
    const polls = await this.lockPolls(trx, pollIds, now.toISOString());
    const outcomes: CastOutcome[] = new Array(votes.length);
    const refuse = (i: number, reason: Extract<CastOutcome, { ok: false }>['reason']): false => {
      outcomes[i] = { ok: false, reason };
      return false;
    };

    // 1. Open poll, allowed choices, and the address's attempt claimed (before anything is written for the vote).
    let candidates: number[] = [];
    for (const [i, v] of votes.entries()) {
      const poll = polls.get(v.pollId);
      if (!poll) refuse(i, 'closed');
      else if (!validChoices(v.choices, poll.options, poll.maxChoices)) refuse(i, 'bad-choice');
      else candidates.push(i);
    }
    const allowed = await claimAll(trx, candidates.map((i) => votes[i].limit), now);
    candidates = candidates.filter((i, j) => allowed[j] || refuse(i, 'throttled'));

    // 2. The "has voted" keys: a key already used in this batch refuses the later vote; the unique key refuses the rest.
    const claimed = new Set<string>();
    candidates = candidates.filter((i) => {
      const keys = votes[i].voterKeys.map((k) => `${votes[i].pollId}|${k}`);
      if (keys.some((k) => claimed.has(k))) return refuse(i, 'already-voted');
      for (const k of keys) claimed.add(k);
      return true;
    });
    const inserted = await insertVoters(trx, candidates.map((i) => votes[i]));
    const undo: { pollId: number; key: string }[] = [];
    candidates = candidates.filter((i) => {
      const v = votes[i];
      const mine = v.voterKeys.filter((k) => inserted.has(`${v.pollId}|${k}`));
      if (mine.length === v.voterKeys.length) return true;
      for (const key of mine) undo.push({ pollId: v.pollId, key });
      return refuse(i, 'already-voted');
    });
    for (const u of undo) await trx.deleteFrom('poll_voters').where('poll_id', '=', u.pollId).where('voter_key', '=', u.key).execute();

    // 3. The ballots, chained onto each poll's board in a random order.
    const accepted = new Map<number, { index: number; receipt: string; choices: number[] }[]>();
    for (const i of candidates) {
      const list = accepted.get(votes[i].pollId) ?? [];
      list.push({ index: i, receipt: randomBytes(16).toString('base64url'), choices: votes[i].choices });
      accepted.set(votes[i].pollId, list);
    }
    const appended = new Map<number, { seq: number; choices: number[]; hash: string }[]>();
    const hour = ballotHour(now);
    for (const [pollId, list] of accepted) {
      shuffle(list);
      const entries = chain(polls.get(pollId)!, list.map((b) => ({ receipt: receiptHash(b.receipt), choices: b.choices, hour })));
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

}

/**
 * Counts one attempt per vote against its address's limit, all addresses in one
 * statement per hundred (the same table and rule as sign-in attempts). Several
 * votes from one address in a batch are counted together; the ones past the
 * limit are refused. Returns, per vote, whether it is within its limit.
 */
async function claimAll(trx: Trx, limits: CastVote['limit'][], now: Date): Promise<boolean[]> {
  const byKey = new Map<string, { n: number; limit: CastVote['limit'] }>();
  for (const l of limits) byKey.set(l.key, { n: (byKey.get(l.key)?.n ?? 0) + 1, limit: l });
  const at = now.toISOString();
  const totals = new Map<string, number>();
  // Sorted, so that two servers' batches on PostgreSQL take the rows' locks in the same order.
  const keys = [...byKey.keys()].sort();
  for (let from = 0; from < keys.length; from += 100) {
    const chunk = keys.slice(from, from + 100);
    // Windows differ per limit only in principle; all poll limits share one, so the first one's is used.
    const since = new Date(now.getTime() - byKey.get(chunk[0])!.limit.windowMinutes * 60_000).toISOString();
    const { rows } = await sql<{ key: string; failures: number }>`
      INSERT INTO login_throttle (key, failures, window_started_at)
      VALUES ${sql.join(chunk.map((k) => sql`(${k}, ${byKey.get(k)!.n}, ${at})`))}
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_started_at <= ${since} THEN excluded.failures ELSE login_throttle.failures + excluded.failures END,
        window_started_at = CASE WHEN login_throttle.window_started_at <= ${since} THEN ${at} ELSE login_throttle.window_started_at END
      RETURNING key, failures`.execute(trx);
    for (const r of rows) totals.set(r.key, Number(r.failures));
  }
  // The batch's votes from one address are the last n attempts counted: the ones beyond the limit are refused.
  const seen = new Map<string, number>();
  return limits.map((l) => {
    const k = seen.get(l.key) ?? 0;
    seen.set(l.key, k + 1);
    const attempt = (totals.get(l.key) ?? 0) - byKey.get(l.key)!.n + k + 1;
    return attempt <= l.max;
  });
}

/** Inserts every vote's keys; returns the ones written ("poll|key"), so those already there are known. */
async function insertVoters(trx: Trx, votes: CastVote[]): Promise<Set<string>> {
  const rows = votes.flatMap((v) => v.voterKeys.map((voter_key) => ({ poll_id: v.pollId, voter_key })));
  const out = new Set<string>();
  for (let from = 0; from < rows.length; from += 200) {
    const done = await trx.insertInto('poll_voters').values(rows.slice(from, from + 200)).onConflict((oc) => oc.doNothing()).returning(['poll_id', 'voter_key']).execute();
    for (const r of done) out.add(`${r.poll_id}|${r.voter_key}`);
  }
  return out;
}

function shuffle<T>(list: T[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
}
