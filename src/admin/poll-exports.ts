import type { FastifyReply, FastifyRequest } from 'fastify';
import { NotFound } from '../http/errors.ts';
import { boardCsv, boardJson } from '../polls/board-stream.ts';
import type { Poll } from '../polls/store.ts';
import { percentages, type Tally } from '../polls/tally.ts';
import type { Services } from '../services.ts';

/**
 * The newsroom's downloads of a poll: its results, added up from the board like
 * every other count, and the board itself at any time (the public copy waits
 * until readers may see the results).
 */

async function pollOf(s: Services, req: FastifyRequest): Promise<Poll> {
  const n = Number((req.params as { id: string }).id);
  const p = Number.isSafeInteger(n) && n > 0 ? await s.polls.get(n) : undefined;
  if (!p) throw new NotFound();
  return p;
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(v: string | number): string {
  const t = String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function resultsCsv(p: Poll, t: Tally): string {
  const pct = percentages(t.counts);
  const rows = p.options.map((label, i) => [label, t.counts[i] ?? 0, pct[i]].map(csvField).join(','));
  return `option,count,percent\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}

/** GET /admin/polls/:id/results.csv */
export function exportResults(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await pollOf(s, req);
    const t = await s.polls.tally(p);
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="poll-${p.id}-results.csv"`)
      .type('text/csv; charset=utf-8').send(resultsCsv(p, t));
  };
}

/** GET /admin/polls/:id/board.json and board.csv — the same bytes as the public board, whether or not it is public yet. */
export function exportBoard(s: Services, kind: 'json' | 'csv') {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await pollOf(s, req);
    const t = await s.polls.tally(p);
    const head = { seq: t.seq, hash: t.head };
    reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="poll-${p.id}-board.${kind}"`);
    if (kind === 'csv') return reply.type('text/csv; charset=utf-8').send(boardCsv(s.db, p, head));
    return reply.type('application/json; charset=utf-8').send(boardJson(s.db, p, head));
  };
}
