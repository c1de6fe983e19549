import { randomBytes } from 'node:crypto';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { articleDep } from '../articles/deps.ts';
import type { BallotBox } from './ballot-box.ts';
import { canonicalChoices, genesisHash, receiptHash, validChoices, type BoardEntry } from './board.ts';
import { pollDep } from './deps.ts';
import * as store from './store.ts';
import type { Poll } from './store.ts';
import { addBallots, emptyTally, type Tally } from './tally.ts';
import { addressLimitKey, type Voter, voterKeys } from './voter-keys.ts';

/**
 * The rules of polls: what a poll may be, when it takes votes, who may see its
 * results, and the one way a vote is counted (through the ballot box, onto the
 * board). Results are only ever added up from the board; nothing sets a count.
 */

export const LIMITS = { question: 300, option: 200, minOptions: 2, maxOptions: 20 } as const;
/** Votes one address may attempt on one poll in a window (a household, an office, a café behind one address). */
export const ADDRESS_LIMIT = { max: 50, windowMinutes: 10 } as const;

export interface PollInput {
  question: string;
  options: string[];
  maxChoices: number;
  policy: Poll['policy'];
  showResults: Poll['showResults'];
  opensAt: string | null;
  closesAt: string | null;
}

export type PollProblems = Partial<Record<'question' | 'options' | 'max_choices' | 'opens_at' | 'closes_at' | 'form', string>>;
export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; problems: PollProblems };

export type VoteRefusal = { ok: false; status: 401 | 404 | 409 | 422 | 429; code: 'no-such-poll' | 'not-open' | 'closed' | 'sign-in' | 'bad-choice' | 'already-voted' | 'throttled' };
export const REFUSAL_STATUS: Record<VoteRefusal['code'], VoteRefusal['status']> = {
  'no-such-poll': 404, 'not-open': 409, closed: 409, 'sign-in': 401, 'bad-choice': 422, 'already-voted': 409, throttled: 429,
};
export type VoteResult = { ok: true; receipt: string; seq: number; tally: Tally } | VoteRefusal;

export class PollService {
  private readonly db: Db;
  private readonly changes: ChangeBus;
  private readonly box: BallotBox;
  private readonly now: () => Date;
  private readonly tallies = new Map<number, Tally>();
  private readonly recent = new Map<number, { poll: Poll; until: number }>();

  constructor(deps: { db: Db; changes: ChangeBus; box: BallotBox; now?: () => Date }) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.box = deps.box;
    this.now = deps.now ?? (() => new Date());
    // Our own batches extend the tallies at once; other servers' are read from the board when asked.
    this.box.onWritten((pollId, entries) => {
      const t = this.tallies.get(pollId);
      if (t && entries.length && entries[0].seq === t.seq + 1) this.tallies.set(pollId, addBallots(t, entries));
    });
  }

  get(id: number): Promise<Poll | undefined> {
    return store.findPoll(this.db.kysely, id);
  }

  list(opts: { archived?: boolean } = {}): Promise<Poll[]> {
    return store.listPolls(this.db.kysely, opts);
  }

  sidebarPoll(): Promise<Poll | undefined> {
    return store.sidebarPoll(this.db.kysely, this.now().toISOString());
  }

  articlePolls(articleId: number): Promise<Poll[]> {
    return store.articlePolls(this.db.kysely, articleId, this.now().toISOString());
  }

  /** Taking votes now: opened, not closed, its key still there. */
  isOpen(p: Poll): boolean {
    return store.pollIsOpen(p, this.now().toISOString());
  }

  hasClosed(p: Poll): boolean {
    return p.closedAt !== null || (p.closesAt !== null && p.closesAt <= this.now().toISOString());
  }

  /** Whether this reader may see the counts now. After closing, everyone may. */
  resultsVisible(p: Poll, voted: boolean): boolean {
    if (p.showResults === 'always' || this.hasClosed(p)) return true;
    return p.showResults === 'after_vote' && voted;
  }

  /** Results anyone may see, whoever asks (the archive, results.json, the board). */
  publicResults(p: Poll): boolean {
    return p.showResults === 'always' || this.hasClosed(p);
  }

  async hasVoted(p: Poll, voter: Voter): Promise<boolean> {
    const keys = voterKeys(p, voter);
    return keys !== null && keys.length > 0 && store.hasVoted(this.db.kysely, p.id, keys);
  }

  /** The counts, added up from the board: what this server has, plus whatever has been appended since. */
  async tally(p: Poll): Promise<Tally> {
    let t = this.tallies.get(p.id) ?? emptyTally(p.options.length, p.genesis ?? genesisHash(p));
    for (;;) {
      const more = await store.ballotsAfter(this.db.kysely, p.id, t.seq, 5000);
      if (!more.length) break;
      t = addBallots(t, more);
    }
    if (this.tallies.size > 1000) this.tallies.clear();
    this.tallies.set(p.id, t);
    return t;
  }

  /**
   * A poll as voting needs it, kept for a second: under a stream of votes it is
   * read once a second, not once a vote. The ballot box checks again, in its
   * transaction, that the poll is open and the choices fit it.
   */
  async forVoting(id: number): Promise<Poll | undefined> {
    const hit = this.recent.get(id);
    if (hit && hit.until > Date.now()) return hit.poll;
    const poll = await this.get(id);
    if (this.recent.size > 1000) this.recent.clear();
    if (poll) this.recent.set(id, { poll, until: Date.now() + 1000 });
    return poll;
  }

  async vote(p: Poll, voter: Voter, chosen: number[]): Promise<VoteResult> {
    if (!this.isOpen(p)) return { ok: false, status: 409, code: this.hasClosed(p) ? 'closed' : 'not-open' };
    const choices = canonicalChoices(chosen);
    if (choices.length !== chosen.length || !validChoices(choices, p.options.length, p.maxChoices)) return { ok: false, status: 422, code: 'bad-choice' };
    const keys = voterKeys(p, voter);
    if (keys === null) return { ok: false, status: 401, code: 'sign-in' };
    const out = await this.box.cast({
      pollId: p.id, voterKeys: keys, choices,
      limit: { key: addressLimitKey(p, voter.address), ...ADDRESS_LIMIT },
    });
    if (!out.ok) return { ok: false, status: REFUSAL_STATUS[out.reason], code: out.reason };
    // The tally already holds this ballot when this server wrote the batch after it had been read.
    const known = this.tallies.get(p.id);
    return { ok: true, receipt: out.receipt, seq: out.seq, tally: known && known.seq >= out.seq ? known : await this.tally(p) };
  }

  /** The board entry a receipt stands for, if it is on the board. */
  async findReceipt(p: Poll, receipt: string): Promise<BoardEntry | undefined> {
    return store.findBallot(this.db.kysely, p.id, receiptHash(receipt.trim()));
  }

  async create(input: PollInput, createdBy: number | null): Promise<Outcome<{ id: number }>> {
    const problems = inputProblems(input);
    if (problems) return { ok: false, problems };
    const at = this.now().toISOString();
    const id = await this.db.kysely.transaction().execute(async (trx) => {
      const row = await trx.insertInto('polls').values({
        question: oneLine(input.question), max_choices: input.maxChoices, policy: input.policy, show_results: input.showResults,
        opens_at: input.opensAt, closes_at: input.closesAt, closed_at: null, archived_at: null, in_sidebar: 0, article_id: null, genesis: null,
        secret: randomBytes(32).toString('base64url'), created_by: createdBy, created_at: at, updated_at: at,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('poll_options').values(input.options.map((label, i) => ({ poll_id: row.id, number: i + 1, label: oneLine(label) }))).execute();
      return row.id;
    });
    return { ok: true, id };
  }

  /**
   * Before the first vote anything may change. After it the question and options
   * are frozen (the board starts from them): only the closing time and when the
   * results show may change.
   */
  async update(id: number, input: PollInput): Promise<Outcome> {
    const p = await this.get(id);
    if (!p) return { ok: false, problems: { form: 'There is no such poll.' } };
    const problems = inputProblems(input);
    if (problems) return { ok: false, problems };
    const frozen = p.genesis !== null;
    const same = oneLine(input.question) === p.question && input.maxChoices === p.maxChoices && input.policy === p.policy && input.opensAt === p.opensAt
      && input.options.length === p.options.length && input.options.every((o, i) => oneLine(o) === p.options[i]);
    if (frozen && !same) return { ok: false, problems: { form: 'Votes have been cast, so the question, options, rules and opening time are fixed. Only the closing time and when results show can change.' } };
    if (input.closesAt && p.closedAt) return { ok: false, problems: { closes_at: 'This poll has closed; it cannot be opened again.' } };
    const at = this.now().toISOString();
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('polls').set({
        question: oneLine(input.question), max_choices: input.maxChoices, policy: input.policy, show_results: input.showResults,
        opens_at: input.opensAt, closes_at: input.closesAt, updated_at: at,
      }).where('id', '=', id).execute();
      if (!frozen) {
        await trx.deleteFrom('poll_options').where('poll_id', '=', id).execute();
        await trx.insertInto('poll_options').values(input.options.map((label, i) => ({ poll_id: id, number: i + 1, label: oneLine(label) }))).execute();
      }
    });
    this.recent.delete(id);
    await this.changes.changed([pollDep(id)]);
    return { ok: true };
  }

  /** Closes now: no more votes; the key behind every voter's hash, and the voters' records, are destroyed. */
  async close(id: number): Promise<void> {
    const at = this.now().toISOString();
    await store.closeNow(this.db.kysely, id, at);
    this.recent.delete(id);
    await this.changes.changed([pollDep(id)]);
  }

  /** Archived polls leave the sidebar and articles but stay, with their boards, in the archive. */
  async archive(id: number, archived: boolean): Promise<void> {
    const at = this.now().toISOString();
    await this.db.kysely.updateTable('polls').set({ archived_at: archived ? at : null, in_sidebar: 0, updated_at: at }).where('id', '=', id).execute();
    await this.changes.everything();
  }

  /** The sidebar shows one poll (or none); it is on every page. */
  async putInSidebar(id: number | null): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('polls').set({ in_sidebar: 0 }).where('in_sidebar', '=', 1).execute();
      if (id !== null) await trx.updateTable('polls').set({ in_sidebar: 1 }).where('id', '=', id).where('archived_at', 'is', null).execute();
    });
    await this.changes.everything();
  }

  /** Shows the poll inside an article (or in none). */
  async attach(id: number, articleId: number | null): Promise<Outcome> {
    const p = await this.get(id);
    if (!p) return { ok: false, problems: { form: 'There is no such poll.' } };
    if (articleId !== null && !(await this.db.kysely.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst())) {
      return { ok: false, problems: { form: 'There is no such article.' } };
    }
    await this.db.kysely.updateTable('polls').set({ article_id: articleId, updated_at: this.now().toISOString() }).where('id', '=', id).execute();
    await this.changes.changed([pollDep(id), ...[p.articleId, articleId].filter((a) => a !== null).map(articleDep)]);
    return { ok: true };
  }

  /** For the scheduler: closes polls whose time has come, and redraws pages of polls that have just opened. */
  async tick(since: Date): Promise<void> {
    const now = this.now().toISOString();
    const closed = await store.closeDue(this.db.kysely, now);
    const opened = await store.openedBetween(this.db.kysely, since.toISOString(), now);
    // A poll that opens may be the sidebar's: every page shows the sidebar.
    if (opened.length) await this.changes.everything();
    else if (closed.length) await this.changes.changed(closed.map(pollDep));
  }
}

/**
 * The question and options as stored and hashed: each on one line, as a page
 * shows them anyway. The board's genesis joins them with line breaks, so a
 * line break inside one would let one header pass for another.
 */
function oneLine(text: string): string {
  return text.split(/[\r\n]+/).map((part) => part.trim()).filter(Boolean).join(' ');
}

function inputProblems(input: PollInput): PollProblems | null {
  const problems: PollProblems = {};
  const q = oneLine(input.question);
  if (!q) problems.question = 'Write the question.';
  else if (q.length > LIMITS.question) problems.question = `Keep the question to ${LIMITS.question} characters or fewer.`;
  const options = input.options.map(oneLine);
  if (options.length < LIMITS.minOptions || options.length > LIMITS.maxOptions) problems.options = `Give between ${LIMITS.minOptions} and ${LIMITS.maxOptions} options, one per line.`;
  else if (options.some((o) => !o)) problems.options = 'An option is empty.';
  else if (options.some((o) => o.length > LIMITS.option)) problems.options = `Keep each option to ${LIMITS.option} characters or fewer.`;
  else if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) problems.options = 'Two options are the same.';
  if (!Number.isInteger(input.maxChoices) || input.maxChoices < 1 || input.maxChoices > Math.max(1, options.length)) problems.max_choices = 'Choose how many options a reader may pick: from one to the number of options.';
  if (input.opensAt && input.closesAt && input.closesAt <= input.opensAt) problems.closes_at = 'The poll must close after it opens.';
  return Object.keys(problems).length ? problems : null;
}
