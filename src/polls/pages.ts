import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { boardCsv, boardJson, pollHeader } from './board-stream.ts';
import { type VoteRefusal } from './service.ts';
import type { Poll } from './store.ts';
import { percentages, type Tally } from './tally.ts';
import { archivePage, pollPage, type PollPageData, resultsBlock, receiptBox } from './views.ts';
import type { Voter } from './voter-keys.ts';
import { pollWords } from './words.ts';

/**
 * The reader's side of polls. Voting, a reader's own state and the receipt
 * check depend on who asks, so they are never cached; the form itself rides on
 * cached pages (see views.ts). Every answer comes as a page, or as JSON when
 * the request asks for it (poll.js).
 */

const RECEIPT = /^[A-Za-z0-9_-]{22}$/;
const VOTER_COOKIE_AGE = 365 * 24 * 3600;

function pollIdOf(req: FastifyRequest): number | null {
  const n = Number((req.params as { id: string }).id);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const wantsJson = (req: FastifyRequest) => (req.headers.accept ?? '').includes('application/json');

function cookieName(s: Services): string {
  return s.cookies.secure ? '__Host-sz_voter' : 'sz_voter';
}

/** Who is voting, as the policies count people. A browser gets its voting cookie when it first votes, not before. */
function voterOf(s: Services, req: FastifyRequest, reply: FastifyReply, p: Poll | null, voting: boolean): Voter {
  let browser = s.cookies.read(req, cookieName(s)) ?? null;
  if (browser !== null && !RECEIPT.test(browser)) browser = null;
  if (!browser && voting && p && p.policy !== 'account') {
    browser = randomBytes(16).toString('base64url');
    s.cookies.set(reply, cookieName(s), browser, VOTER_COOKIE_AGE);
  }
  return { userId: req.user?.id ?? null, browser, address: req.ip };
}

function resultsJson(p: Poll, t: Tally) {
  const pct = percentages(t.counts);
  return { options: p.options.map((label, i) => ({ number: i + 1, label, count: t.counts[i], percent: pct[i] })), voters: t.voters, head: { seq: t.seq, hash: t.head } };
}

async function pageData(s: Services, p: Poll, voter: Voter, extra: Partial<PollPageData> = {}): Promise<PollPageData> {
  const voted = extra.receipt ? true : await s.polls.hasVoted(p, voter);
  return {
    poll: p, voted, open: s.polls.isOpen(p), closed: s.polls.hasClosed(p),
    tally: s.polls.resultsVisible(p, voted) ? await s.polls.tally(p) : null,
    // Only when the board's files answer everyone: a voter who may see the counts early would otherwise be linked to a 403.
    boardPublic: s.polls.publicResults(p),
    ...extra,
  };
}

async function render(s: Services, reply: FastifyReply, status: number, d: PollPageData) {
  const ctx = await s.siteData.viewContext();
  return reply.code(status).type('text/html; charset=utf-8').send(pollPage(ctx, d));
}

async function refuse(s: Services, req: FastifyRequest, reply: FastifyReply, p: Poll | null, voter: Voter, code: VoteRefusal['code'], status: number) {
  const language = s.settings.get().language;
  if (wantsJson(req) || !p) {
    if (!wantsJson(req)) return reply.code(status).type('text/plain; charset=utf-8').send(pollWords(language).refusals[code]);
    const tally = p && s.polls.resultsVisible(p, code === 'already-voted') ? await s.polls.tally(p) : null;
    const html = p && tally ? String(resultsBlock(await s.siteData.viewContext(), p, tally)) : null;
    return reply.code(status).send({ ok: false, code, message: pollWords(language).refusals[code], results: p && tally ? resultsJson(p, tally) : null, html });
  }
  return render(s, reply, status, await pageData(s, p, voter, { refusal: code, voted: code === 'already-voted' }));
}

/** POST /polls/:id/vote — the form's answer is the poll's page with the results (or, for poll.js, JSON). */
export function castVote(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = pollIdOf(req);
    const p = id === null ? undefined : await s.polls.forVoting(id);
    if (!p) return refuse(s, req, reply, null, { userId: null, browser: null, address: req.ip }, 'no-such-poll', 404);
    const raw = (req.body as Record<string, unknown> | undefined)?.choice;
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => String(v));
    const chosen = values.map((v) => (/^\d{1,2}$/.test(v) ? Number(v) : Number.NaN));
    const voter = voterOf(s, req, reply, p, true);
    if (chosen.some(Number.isNaN) || values.length > 20) return refuse(s, req, reply, p, voter, 'bad-choice', 422);
    const r = await s.polls.vote(p, voter, chosen);
    if (!r.ok) return refuse(s, req, reply, p, voter, r.code, r.status);
    const visible = s.polls.resultsVisible(p, true);
    if (wantsJson(req)) {
      const ctx = await s.siteData.viewContext();
      const later = pollWords(ctx.settings.language).resultsLater[p.showResults === 'after_vote' ? 'after_vote' : 'after_close'];
      const html = `${receiptBox(pollWords(ctx.settings.language), r.receipt)}${visible ? resultsBlock(ctx, p, r.tally, { chosen: chosen }) : `<p>${later}</p>`}`;
      return reply.send({ ok: true, receipt: r.receipt, seq: r.seq, results: visible ? resultsJson(p, r.tally) : null, html });
    }
    return render(s, reply, 200, { ...(await pageData(s, p, voter, { receipt: { receipt: r.receipt, choices: [...new Set(chosen)] } })), tally: visible ? r.tally : null });
  };
}

/** GET /polls/:id — the poll with its results (when this reader may see them), the board and the receipt check. */
export function showPoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = pollIdOf(req);
    const p = id === null ? undefined : await s.polls.get(id);
    if (!p) return refuse(s, req, reply, null, { userId: null, browser: null, address: req.ip }, 'no-such-poll', 404);
    return render(s, reply, 200, await pageData(s, p, voterOf(s, req, reply, p, false)));
  };
}

/** GET /polls/:id/state — for poll.js on a cached page: has this reader voted, and the counts if they may see them. */
export function pollState(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = pollIdOf(req);
    const p = id === null ? undefined : await s.polls.get(id);
    if (!p) return reply.code(404).send({ ok: false, code: 'no-such-poll', message: pollWords(s.settings.get().language).refusals['no-such-poll'] });
    const voter = voterOf(s, req, reply, p, false);
    const voted = await s.polls.hasVoted(p, voter);
    const tally = s.polls.resultsVisible(p, voted) ? await s.polls.tally(p) : null;
    const ctx = await s.siteData.viewContext();
    const w = pollWords(ctx.settings.language);
    const signInRequired = p.policy === 'account' && voter.userId === null;
    const later = w.resultsLater[p.showResults === 'after_vote' ? 'after_vote' : 'after_close'];
    // What poll.js puts in place of the form: the results, or, for a reader who voted in a poll whose
    // results come later, that they voted; and above the form, for a poll of signed-in readers, how to join in.
    const shown = tally ? String(resultsBlock(ctx, p, tally)) : voted ? String(html`<p class="poll-message">${w.youVoted} ${later}</p>`) : null;
    return reply.send({
      ok: true, open: s.polls.isOpen(p), closed: s.polls.hasClosed(p), voted, signInRequired,
      results: tally ? resultsJson(p, tally) : null,
      html: shown,
      notice: signInRequired && s.polls.isOpen(p) ? String(html`<p class="poll-message">${w.refusals['sign-in']} <a href="/account/sign-in">${w.signInToVote}</a></p>`) : null,
    });
  };
}

/** POST /polls/:id/check — finds a receipt on the board. */
export function checkReceipt(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = pollIdOf(req);
    const p = id === null ? undefined : await s.polls.get(id);
    const voter = voterOf(s, req, reply, p ?? null, false);
    if (!p) return refuse(s, req, reply, null, voter, 'no-such-poll', 404);
    const receipt = String((req.body as Record<string, unknown> | undefined)?.receipt ?? '').trim();
    const w = pollWords(s.settings.get().language);
    if (!RECEIPT.test(receipt)) {
      if (wantsJson(req)) return reply.code(422).send({ ok: false, code: 'malformed-receipt', message: w.notOnBoard });
      return render(s, reply, 422, await pageData(s, p, voter, { check: { receipt: receipt.slice(0, 64), found: null } }));
    }
    const found = (await s.polls.findReceipt(p, receipt)) ?? null;
    if (wantsJson(req)) return reply.code(found ? 200 : 404).send(found ? { ok: true, entry: found } : { ok: false, code: 'not-on-board', message: w.notOnBoard });
    return render(s, reply, found ? 200 : 404, await pageData(s, p, voter, { check: { receipt, found } }));
  };
}

/** GET /polls — every poll, with results where anyone may see them. */
export function pollArchive(s: Services) {
  return async (_req: FastifyRequest, reply: FastifyReply) => {
    const polls = (await s.polls.list()).filter((p) => p.genesis !== null || s.polls.isOpen(p) || s.polls.hasClosed(p));
    const list = await Promise.all(polls.map(async (poll) => ({
      poll, closed: s.polls.hasClosed(poll), tally: s.polls.publicResults(poll) ? await s.polls.tally(poll) : null,
    })));
    const ctx = await s.siteData.viewContext();
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(archivePage(ctx, list));
  };
}

async function publicPoll(s: Services, req: FastifyRequest, reply: FastifyReply): Promise<Poll | null> {
  const id = pollIdOf(req);
  const p = id === null ? undefined : await s.polls.get(id);
  const w = pollWords(s.settings.get().language);
  if (!p) {
    await reply.code(404).send({ ok: false, code: 'no-such-poll', message: w.refusals['no-such-poll'] });
    return null;
  }
  if (!s.polls.publicResults(p)) {
    await reply.code(403).send({ ok: false, code: 'results-not-public', message: w.resultsLater[p.showResults === 'after_vote' ? 'after_vote' : 'after_close'] });
    return null;
  }
  return p;
}

/** GET /polls/:id/results.json — the counts, and the board's head they were added up to. */
export function resultsFile(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await publicPoll(s, req, reply);
    if (!p) return reply;
    const t = await s.polls.tally(p);
    return reply.header('cache-control', 'no-store').send({ format: 'samizdat-poll-results/1', poll: pollHeader(p), closed: s.polls.hasClosed(p), ...resultsJson(p, t) });
  };
}

/** GET /polls/:id/board.json and board.csv — the whole board, streamed. */
export function boardFile(s: Services, kind: 'json' | 'csv') {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await publicPoll(s, req, reply);
    if (!p) return reply;
    const t = await s.polls.tally(p);
    const head = { seq: t.seq, hash: t.head };
    reply.header('cache-control', 'no-store').header('content-disposition', `inline; filename="poll-${p.id}-board.${kind}"`);
    if (kind === 'csv') return reply.type('text/csv; charset=utf-8').send(boardCsv(s.db, p, head));
    return reply.type('application/json; charset=utf-8').send(boardJson(s.db, p, head));
  };
}
