import { renderComment } from '../markdown.ts';
import { blocklistMatches } from './blocklist.ts';
import { STAMP_MAX_AGE_MS } from './timing.ts';
import type { Intake, Phase, PhaseResult, Refusal } from './types.ts';

/**
 * The phases of comment intake, each small and pure. Their order is the
 * policy; it is written out in pipeline.ts.
 */

export const LIMITS = { bodyChars: 5000, nameChars: 80, emailChars: 254 } as const;

const refuse = (code: Refusal['code'], status: Refusal['status'], more: Omit<Refusal, 'code' | 'status'> = {}): PhaseResult => ({ refuse: { code, status, ...more } });

/** When comments on an article close: never (0 days), or so many days after publication. */
export function closesAt(publishedAt: string, closeAfterDays: number): Date | null {
  return closeAfterDays > 0 ? new Date(Date.parse(publishedAt) + closeAfterDays * 86400_000) : null;
}

export function isOpen(article: { commentsEnabled: boolean; publishedAt: string }, closeAfterDays: number, now: Date): boolean {
  const closes = closesAt(article.publishedAt, closeAfterDays);
  return article.commentsEnabled && (closes === null || now < closes);
}

export const articleOpen: Phase = {
  name: 'article-open',
  run: ({ facts, rules }) => (isOpen(facts.article, rules.closeAfterDays, facts.now) ? undefined : refuse('closed', 403)),
};

export const whoMayComment: Phase = {
  name: 'who-may-comment',
  run: ({ facts, rules }) => (rules.who === 'readers' && !facts.user ? refuse('sign-in', 403) : undefined),
};

export const notBanned: Phase = {
  name: 'not-banned',
  run: ({ facts }) => (facts.ban ? refuse('banned', 403, { detail: { until: facts.ban.until, reason: facts.ban.reason } }) : undefined),
};

/** A field people never see (it is off-screen and skipped by the keyboard): programs fill in every field. */
export const honeypot: Phase = {
  name: 'honeypot',
  run: ({ input }) => (input.trap.trim() !== '' ? refuse('trap', 400) : undefined),
};

/** Sent at a person's pace: not within seconds of the form being drawn, and from a form of this site. */
export const humanPace: Phase = {
  name: 'human-pace',
  run: ({ facts, rules }) => {
    const drawn = facts.formDrawnAt;
    if (!drawn || facts.now.getTime() - drawn.getTime() > STAMP_MAX_AGE_MS) return refuse('stale', 400);
    if (facts.now.getTime() - drawn.getTime() < rules.minSeconds * 1000) return refuse('too-quick', 400);
  },
};

const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** Lengths, and the guest's name and address. What is stored is what was typed: nothing is trimmed away. */
export const shape: Phase = {
  name: 'shape',
  run: ({ input, facts }) => {
    if (input.body.trim() === '') return refuse('empty', 422, { field: 'body' });
    const length = [...input.body].length;
    if (length > LIMITS.bodyChars) return refuse('too-long', 413, { field: 'body', detail: { max: LIMITS.bodyChars, length } });
    if (facts.user) return { decide: { guestName: null, guestEmail: null, notify: input.notify } };
    if (input.name.trim() === '') return refuse('name-missing', 422, { field: 'name' });
    if ([...input.name].length > LIMITS.nameChars) return refuse('name-too-long', 422, { field: 'name', detail: { max: LIMITS.nameChars } });
    const email = input.email.trim();
    if (email === '') return refuse('email-missing', 422, { field: 'email' });
    if (email.length > LIMITS.emailChars || !EMAIL.test(email)) return refuse('email-bad', 422, { field: 'email' });
    return { decide: { guestName: input.name, guestEmail: email, notify: input.notify } };
  },
};

/** The Markdown, rendered and sanitised: what the later phases look at, and what is stored. */
export const render: Phase = {
  name: 'render',
  run: (i: Intake) => {
    const r = renderComment(i.input.body);
    i.rendered = r;
    if (r.text.trim() === '') return refuse('empty', 422, { field: 'body' });
    return { decide: { bodyMd: i.input.body, bodyHtml: r.html, bodyText: r.text } };
  },
};

export const linkLimit: Phase = {
  name: 'link-limit',
  run: ({ rendered, rules }) => {
    const links = rendered?.links ?? 0;
    if (links > rules.linkLimit) return refuse('too-many-links', 422, { field: 'body', detail: { max: rules.linkLimit, links } });
  },
};

export const blocklist: Phase = {
  name: 'blocklist',
  run: ({ input, facts, rules }) => {
    if (!rules.blocklist.length) return;
    if (blocklistMatches(rules.blocklist, input.body)) return refuse('blocked', 422, { field: 'body' });
    if (!facts.user && blocklistMatches(rules.blocklist, input.name)) return refuse('blocked', 422, { field: 'name' });
  },
};

/**
 * Where the reply goes. Past the depth limit a reply joins its parent's own
 * level, under the same comment, so the conversation stays together without
 * nesting deeper; with a limit of 1 every comment is top-level.
 */
export const placement: Phase = {
  name: 'placement',
  run: ({ input, facts, rules }) => {
    if (input.parentId === null) return { decide: { parentId: null, threadId: null, depth: 0 } };
    const p = facts.parent;
    if (!p || p.id !== input.parentId) return refuse('no-parent', 404);
    const deepest = rules.depthLimit - 1;
    const thread = p.threadId ?? p.id;
    if (deepest <= 0) return { decide: { parentId: null, threadId: null, depth: 0 } };
    if (p.depth + 1 <= deepest) return { decide: { parentId: p.id, threadId: thread, depth: p.depth + 1 } };
    // At the deepest level: beside the parent. Deeper than the limit (it was lowered since): under the thread's first comment.
    if (p.depth === deepest && p.parentId !== null) return { decide: { parentId: p.parentId, threadId: thread, depth: deepest } };
    return { decide: { parentId: thread, threadId: thread, depth: 1 } };
  },
};

/** With "first comment waits" on, someone the moderators have not let through before waits for them; staff never do. */
export const approval: Phase = {
  name: 'approval',
  run: ({ facts, rules }) => ({ decide: { status: rules.firstWaits && !facts.approvedBefore && !facts.user?.trusted ? 'pending' : 'visible' } }),
};
