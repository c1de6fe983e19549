import { type Kysely, sql } from 'kysely';
import type { Database, PollsTable } from '../db/schema.ts';
import { type BoardEntry, parseChoices } from './board.ts';

/** The SQL of the polls domain, the same on SQLite and PostgreSQL. */

type K = Kysely<Database>;

export interface Poll {
  id: number;
  question: string;
  maxChoices: number;
  policy: PollsTable['policy'];
  showResults: PollsTable['show_results'];
  opensAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  archivedAt: string | null;
  inSidebar: boolean;
  articleId: number | null;
  /** Present while the poll takes votes; gone once it closes. */
  secret: string | null;
  genesis: string | null;
  options: string[];
}

const pollColumns = ['id', 'question', 'max_choices', 'policy', 'show_results', 'opens_at', 'closes_at', 'closed_at', 'archived_at', 'in_sidebar', 'article_id', 'secret', 'genesis'] as const;

type PollRow = Pick<PollsTable, Exclude<(typeof pollColumns)[number], 'id'>> & { id: number };

function toPoll(r: PollRow, options: string[]): Poll {
  return {
    id: r.id, question: r.question, maxChoices: Number(r.max_choices), policy: r.policy, showResults: r.show_results,
    opensAt: r.opens_at, closesAt: r.closes_at, closedAt: r.closed_at, archivedAt: r.archived_at, inSidebar: Number(r.in_sidebar) === 1,
    articleId: r.article_id, secret: r.secret, genesis: r.genesis, options,
  };
}

async function withOptions(k: K, rows: PollRow[]): Promise<Poll[]> {
  if (!rows.length) return [];
  const opts = await k.selectFrom('poll_options').select(['poll_id', 'number', 'label']).where('poll_id', 'in', rows.map((r) => r.id)).orderBy('poll_id').orderBy('number').execute();
  const by = new Map<number, string[]>();
  for (const o of opts) by.set(o.poll_id, [...(by.get(o.poll_id) ?? []), o.label]);
  return rows.map((r) => toPoll(r, by.get(r.id) ?? []));
}

/** Taking votes at this time: opened, not closed, its key still there. */
export function pollIsOpen(p: Poll, now: string): boolean {
  return p.secret !== null && p.closedAt === null && (p.opensAt === null || p.opensAt <= now) && (p.closesAt === null || p.closesAt > now);
}

export async function findPoll(k: K, id: number): Promise<Poll | undefined> {
  const row = await k.selectFrom('polls').select(pollColumns).where('id', '=', id).executeTakeFirst();
  return row ? (await withOptions(k, [row]))[0] : undefined;
}

export async function listPolls(k: K, opts: { archived?: boolean } = {}): Promise<Poll[]> {
  let q = k.selectFrom('polls').select(pollColumns).orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (opts.archived === false) q = q.where('archived_at', 'is', null);
  return withOptions(k, await q.execute());
}

/** The sidebar's poll, if one is set and has opened (an archived poll is never shown). */
export async function sidebarPoll(k: K, now: string): Promise<Poll | undefined> {
  const row = await k.selectFrom('polls').select(pollColumns).where('in_sidebar', '=', 1).where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('opens_at', 'is', null), eb('opens_at', '<=', now)])).executeTakeFirst();
  return row ? (await withOptions(k, [row]))[0] : undefined;
}

/** The polls attached to an article that have opened. */
export async function articlePolls(k: K, articleId: number, now: string): Promise<Poll[]> {
  const rows = await k.selectFrom('polls').select(pollColumns).where('article_id', '=', articleId).where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('opens_at', 'is', null), eb('opens_at', '<=', now)])).orderBy('id').execute();
  return withOptions(k, rows);
}

/** Ballots after a position, in chain order, a page at a time (the board is read in bounded memory). */
export async function ballotsAfter(k: K, pollId: number, afterSeq: number, limit: number, upTo?: number): Promise<BoardEntry[]> {
  let q = k.selectFrom('poll_ballots').select(['seq', 'receipt_hash', 'choices', 'hour', 'prev_hash', 'hash'])
    .where('poll_id', '=', pollId).where('seq', '>', afterSeq);
  if (upTo !== undefined) q = q.where('seq', '<=', upTo);
  const rows = await q.orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), receipt: r.receipt_hash, choices: parseChoices(r.choices), hour: r.hour, prev: r.prev_hash, hash: r.hash }));
}

export async function boardHead(k: K, pollId: number): Promise<{ seq: number; hash: string } | undefined> {
  const r = await k.selectFrom('poll_ballots').select(['seq', 'hash']).where('poll_id', '=', pollId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
}

export async function findBallot(k: K, pollId: number, receiptHash: string): Promise<BoardEntry | undefined> {
  const r = await k.selectFrom('poll_ballots').select(['seq', 'receipt_hash', 'choices', 'hour', 'prev_hash', 'hash'])
    .where('poll_id', '=', pollId).where('receipt_hash', '=', receiptHash).executeTakeFirst();
  return r ? { seq: Number(r.seq), receipt: r.receipt_hash, choices: parseChoices(r.choices), hour: r.hour, prev: r.prev_hash, hash: r.hash } : undefined;
}

export async function hasVoted(k: K, pollId: number, voterKeys: string[]): Promise<boolean> {
  if (!voterKeys.length) return false;
  return Boolean(await k.selectFrom('poll_voters').select('voter_key').where('poll_id', '=', pollId).where('voter_key', 'in', voterKeys).executeTakeFirst());
}

/** Polls whose closing time has come: they close, and their key is destroyed. The update is the claim. */
export async function closeDue(k: K, now: string): Promise<number[]> {
  return k.transaction().execute(async (trx) => {
    const rows = await trx.updateTable('polls').set({ secret: null, closed_at: sql<string>`closes_at`, updated_at: now })
      .where('closed_at', 'is', null).where('closes_at', '<=', now).returning('id').execute();
    const ids = rows.map((r) => r.id);
    await forgetVoters(trx, ids);
    return ids;
  });
}

/** Closes a poll now (if still open), destroying its key and its voters' records, in one transaction. */
export async function closeNow(k: K, id: number, now: string): Promise<void> {
  await k.transaction().execute(async (trx) => {
    await trx.updateTable('polls').set({ closed_at: now, secret: null, updated_at: now }).where('id', '=', id).where('closed_at', 'is', null).execute();
    await forgetVoters(trx, [id]);
  });
}

/**
 * Once a poll has closed, nobody needs to know who voted: the records go with
 * the key, and with them what their storage order or transaction ids could
 * still say (docs/polls.md).
 */
async function forgetVoters(k: K, pollIds: number[]): Promise<void> {
  if (pollIds.length) await k.deleteFrom('poll_voters').where('poll_id', 'in', pollIds).execute();
}

/** Polls that opened since a time, so the pages that show them can be drawn again. */
export async function openedBetween(k: K, from: string, to: string): Promise<number[]> {
  const rows = await k.selectFrom('polls').select('id').where('opens_at', '>', from).where('opens_at', '<=', to).execute();
  return rows.map((r) => r.id);
}
