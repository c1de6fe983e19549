import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { articleDep } from '../articles/deps.ts';
import { Conflict, NotFound } from '../http/errors.ts';
import { formatDateTime, isoToZonedLocal, zonedLocalToIso } from '../lib/time.ts';
import type { PollInput, PollProblems } from '../polls/service.ts';
import type { Poll } from '../polls/store.ts';
import { POLICIES } from '../polls/voter-keys.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, flash } from './admin-layout.ts';
import { closeConfirmMain, pollActions } from './poll-actions-view.ts';
import { articlesById, attachableArticles } from './poll-admin-store.ts';
import { pollForm, pollListMain, type PollStatus, type PollValues, statusBadge, valuesOf } from './poll-views.ts';

/**
 * /admin/polls: the newsroom writes reader polls, chooses where they show,
 * closes, archives and exports them. The rules (what may change once votes are
 * in, who may vote) are the polls domain's; these handlers parse the form and
 * show the answer.
 */

const text = z.string().max(20_000).optional().catch(undefined);
const form = z.object({
  question: text, options: text, max_choices: text, opens_at: text, closes_at: text,
  choice_mode: z.enum(['single', 'several']).optional().catch(undefined),
  policy: z.enum(POLICIES).optional().catch(undefined),
  show_results: z.enum(['always', 'after_vote', 'after_close']).optional().catch(undefined),
});

const NEW_POLL: PollValues = { question: '', options: '', choice_mode: 'single', max_choices: '2', policy: 'browser', show_results: 'after_vote', opens_at: '', closes_at: '' };

function pollId(req: FastifyRequest): number {
  const n = Number((req.params as { id: string }).id);
  if (!Number.isSafeInteger(n) || n <= 0) throw new NotFound();
  return n;
}

async function findPoll(s: Services, req: FastifyRequest): Promise<Poll> {
  const p = await s.polls.get(pollId(req));
  if (!p) throw new NotFound();
  return p;
}

function statusOf(s: Services, p: Poll): PollStatus {
  if (p.archivedAt) return 'archived';
  if (s.polls.hasClosed(p)) return 'closed';
  return s.polls.isOpen(p) ? 'open' : 'scheduled';
}

function clock(s: Services) {
  const { timezone, locale } = s.settings.get();
  return { timezone, when: (iso: string) => formatDateTime(iso, locale, timezone), local: (iso: string) => isoToZonedLocal(iso, timezone) };
}

/**
 * The form as the polls domain takes it. A field the form leaves out keeps the
 * poll's value: once votes are in, the form no longer sends the fixed ones, but
 * an older form that still does is checked against them by the domain.
 */
function parseForm(s: Services, body: unknown, poll: Poll | null): { values: PollValues; input: PollInput | null; problems: PollProblems } {
  const f = form.parse(body ?? {});
  const { timezone, local } = clock(s);
  const base = poll ? valuesOf(poll, local) : NEW_POLL;
  const values: PollValues = { ...base };
  for (const k of Object.keys(base) as (keyof PollValues)[]) if (f[k] !== undefined) values[k] = f[k]!;
  const problems: PollProblems = {};
  const time = (name: 'opens_at' | 'closes_at'): string | null => {
    const v = values[name].trim();
    if (!v) return null;
    const iso = zonedLocalToIso(v, timezone);
    if (!iso) problems[name] = 'Give a date and a time, or leave it empty.';
    return iso;
  };
  const opensAt = time('opens_at');
  const closesAt = time('closes_at');
  if (closesAt && closesAt !== poll?.closesAt && closesAt <= new Date().toISOString()) problems.closes_at = 'Choose a time still to come, or close the poll now with “Close now”.';
  const several = values.choice_mode === 'several';
  const most = several ? Number(values.max_choices) : 1;
  if (several && !(Number.isInteger(most) && most >= 2)) problems.max_choices = 'For several, say how many at most: 2 or more.';
  if (Object.keys(problems).length) return { values, input: null, problems };
  const input: PollInput = {
    question: values.question, options: values.options.split(/\r?\n/).map((o) => o.trim()).filter(Boolean),
    maxChoices: most, policy: values.policy as Poll['policy'], showResults: values.show_results as Poll['showResults'], opensAt, closesAt,
  };
  return { values, input, problems };
}

const DONE: Record<string, string> = {
  created: 'Poll created. Choose where it shows below.', saved: 'Poll saved.', closed: 'The poll is closed.', archived: 'Archived.',
  unarchived: 'Back from the archive.', sidebar: 'The sidebar now shows this poll.', unsidebar: 'Taken out of the sidebar.', placed: 'Saved where it shows.',
};

export function listPolls(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const a = adminContext(s, req, reply);
    const polls = await s.polls.list();
    const articles = await articlesById(s.db.kysely, polls.flatMap((p) => (p.articleId === null ? [] : [p.articleId])));
    const rows = await Promise.all(polls.map(async (poll) => ({
      poll, status: statusOf(s, poll), voters: (await s.polls.tally(poll)).voters, article: poll.articleId === null ? null : articles.get(poll.articleId) ?? null,
    })));
    const main = pollListMain(rows, DONE[(req.query as { done?: string }).done ?? '']);
    return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Polls', main));
  };
}

export function newPoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => newPage(s, req, reply, 200, NEW_POLL, {});
}

function newPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, values: PollValues, problems: PollProblems) {
  const a = adminContext(s, req, reply);
  const main = html`<h1>New poll</h1>
<p><a href="/admin/polls">All polls</a></p>
${pollForm(a, { poll: null, closed: false, values, problems, ...clock(s) })}`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'New poll', main));
}

export function createPoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const { values, input, problems } = parseForm(s, req.body, null);
    if (!input) return newPage(s, req, reply, 422, values, problems);
    const r = await s.polls.create(input, req.user!.id);
    if (!r.ok) return newPage(s, req, reply, 422, values, r.problems);
    return reply.redirect(`/admin/polls/${r.id}?done=created`, 303);
  };
}

async function editPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, p: Poll, d: { values?: PollValues; problems?: PollProblems; message?: string; error?: string }) {
  const a = adminContext(s, req, reply);
  const c = clock(s);
  const st = statusOf(s, p);
  const [tally, recent] = await Promise.all([s.polls.tally(p), attachableArticles(s.db.kysely)]);
  // The article it is in stays a choice even when it is no longer among the newest.
  const current = p.articleId !== null && !recent.some((r) => r.id === p.articleId) ? (await articlesById(s.db.kysely, [p.articleId])).get(p.articleId) : undefined;
  const main = html`<div class="editor-head"><h1>Poll ${statusBadge(st)}</h1></div>
<p><a href="/admin/polls">All polls</a> · <a href="/polls/${p.id}">Its public page</a></p>
${flash(d.message)}
${flash(d.error, 'error')}
<section aria-labelledby="h-poll"><h2 id="h-poll">The poll</h2>
${pollForm(a, { poll: p, closed: st === 'closed' || (st === 'archived' && s.polls.hasClosed(p)), values: d.values ?? valuesOf(p, c.local), problems: d.problems ?? {}, ...c })}
</section>
${pollActions(a, { poll: p, status: st, tally, articles: current ? [current, ...recent] : recent, publicResults: s.polls.publicResults(p) })}`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Poll', main));
}

export function editPoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    editPage(s, req, reply, 200, await findPoll(s, req), { message: DONE[(req.query as { done?: string }).done ?? ''] });
}

export function savePoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await findPoll(s, req);
    if (s.polls.hasClosed(p)) return editPage(s, req, reply, 409, p, { error: 'This poll has closed, so nothing about it can change now.' });
    const { values, input, problems } = parseForm(s, req.body, p);
    if (!input) return editPage(s, req, reply, 422, p, { values, problems });
    const r = await s.polls.update(p.id, input);
    if (!r.ok) return editPage(s, req, reply, 422, p, { values, problems: r.problems });
    // A poll that had not opened was on no page: the pages it is placed on are drawn again with it.
    if (input.opensAt !== p.opensAt) {
      if (p.inSidebar) await s.changes.everything();
      else if (p.articleId !== null) await s.changes.changed([articleDep(p.articleId)]);
    }
    return reply.redirect(`/admin/polls/${p.id}?done=saved`, 303);
  };
}

export function closePoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await findPoll(s, req);
    if ((req.body as { confirm?: unknown } | undefined)?.confirm !== 'yes') {
      if (s.polls.hasClosed(p)) return reply.redirect(`/admin/polls/${p.id}`, 303);
      const a = adminContext(s, req, reply);
      const main = closeConfirmMain(a, p, (await s.polls.tally(p)).voters);
      return reply.type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Close this poll?', main));
    }
    await s.polls.close(p.id);
    return reply.redirect(`/admin/polls/${p.id}?done=closed`, 303);
  };
}

const yesNo = (req: FastifyRequest, name: string): boolean | null => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return v === 'yes' ? true : v === 'no' ? false : null;
};

export function archivePoll(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await findPoll(s, req);
    const archived = yesNo(req, 'archived');
    if (archived === null) return editPage(s, req, reply, 422, p, { error: 'Choose Archive or Unarchive.' });
    if (archived && !s.polls.hasClosed(p)) throw new Conflict('Close the poll before archiving it: an archived poll should not be taking votes.');
    await s.polls.archive(p.id, archived);
    return reply.redirect(`/admin/polls/${p.id}?done=${archived ? 'archived' : 'unarchived'}`, 303);
  };
}

export function placeInSidebar(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await findPoll(s, req);
    const show = yesNo(req, 'show');
    if (show === null) return editPage(s, req, reply, 422, p, { error: 'Choose to show it in the sidebar or to take it out.' });
    if (show && p.archivedAt) throw new Conflict('An archived poll cannot go in the sidebar. Unarchive it first.');
    if (show) await s.polls.putInSidebar(p.id);
    else if (p.inSidebar) await s.polls.putInSidebar(null);
    return reply.redirect(`/admin/polls/${p.id}?done=${show ? 'sidebar' : 'unsidebar'}`, 303);
  };
}

export function placeInArticle(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await findPoll(s, req);
    const raw = String((req.body as { article?: unknown } | undefined)?.article ?? '');
    const articleId = raw === '' ? null : Number(raw);
    if (articleId !== null && !(Number.isSafeInteger(articleId) && articleId > 0)) return editPage(s, req, reply, 422, p, { error: 'Choose an article from the list, or None.' });
    const r = await s.polls.attach(p.id, articleId);
    if (!r.ok) return editPage(s, req, reply, 422, p, { error: r.problems.form ?? 'That could not be saved.' });
    return reply.redirect(`/admin/polls/${p.id}?done=placed`, 303);
  };
}
