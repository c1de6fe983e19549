import { describe, expect, it } from 'vitest';
import { blocklistMatches } from './blocklist.ts';
import { approval, articleOpen, honeypot, humanPace, linkLimit, placement, render, shape } from './phases.ts';
import { INTAKE, runIntake } from './pipeline.ts';
import { formStamp, readStamp } from './timing.ts';
import type { Intake, IntakeFacts, IntakeRules, Submission } from './types.ts';

const now = new Date('2026-12-01T12:00:00Z');
const rules: IntakeRules = { who: 'guests', closeAfterDays: 30, firstWaits: false, depthLimit: 3, linkLimit: 2, blocklist: [], minSeconds: 2 };
const facts: IntakeFacts = {
  now, article: { id: 7, commentsEnabled: true, publishedAt: '2026-11-25T09:00:00Z' }, user: null, parent: null, ban: null,
  approvedBefore: false, formDrawnAt: new Date(now.getTime() - 60_000),
};
const input: Submission = { body: 'The ferry timetable has changed twice this year.', name: 'Aoife', email: 'aoife@example.org', notify: false, parentId: null, trap: '', formStamp: '' };

function intake(over: { input?: Partial<Submission>; rules?: Partial<IntakeRules>; facts?: Partial<IntakeFacts> } = {}): Intake {
  return { input: { ...input, ...over.input }, rules: { ...rules, ...over.rules }, facts: { ...facts, ...over.facts }, decision: {} };
}
const code = (r: unknown) => (r && typeof r === 'object' && 'refuse' in r ? (r as { refuse: { code: string } }).refuse.code : null);

describe('comment intake, phase by phase', () => {
  it('closes an article with comments switched off, and one past the site’s number of days', () => {
    expect(code(articleOpen.run(intake()))).toBeNull();
    expect(code(articleOpen.run(intake({ facts: { article: { ...facts.article, commentsEnabled: false } } })))).toBe('closed');
    expect(code(articleOpen.run(intake({ facts: { now: new Date('2026-12-25T09:00:01Z') } })))).toBe('closed');
    expect(code(articleOpen.run(intake({ facts: { now: new Date('2026-12-25T08:59:59Z') } })))).toBeNull();
    expect(code(articleOpen.run(intake({ rules: { closeAfterDays: 0 }, facts: { now: new Date('2036-01-01T00:00:00Z') } })))).toBeNull();
  });

  it('refuses a filled honeypot, and a form sent within the minimum time or without a genuine stamp', () => {
    expect(code(honeypot.run(intake({ input: { trap: 'http://spam.example' } })))).toBe('trap');
    expect(code(honeypot.run(intake()))).toBeNull();
    expect(code(humanPace.run(intake({ facts: { formDrawnAt: new Date(now.getTime() - 1500) } })))).toBe('too-quick');
    expect(code(humanPace.run(intake({ facts: { formDrawnAt: new Date(now.getTime() - 2000) } })))).toBeNull();
    expect(code(humanPace.run(intake({ facts: { formDrawnAt: null } })))).toBe('stale');
    expect(code(humanPace.run(intake({ facts: { formDrawnAt: new Date(now.getTime() - 3 * 86400_000) } })))).toBe('stale');
  });

  it('signs the form’s time for one article only', () => {
    const secret = Buffer.alloc(32, 7);
    const stamp = formStamp(secret, 7, now);
    expect(readStamp(secret, 7, stamp)?.toISOString()).toBe(now.toISOString());
    expect(readStamp(secret, 8, stamp)).toBeNull();
    expect(readStamp(Buffer.alloc(32, 8), 7, stamp)).toBeNull();
    const [ms, sig] = stamp.split('.');
    expect(readStamp(secret, 7, `${(parseInt(ms, 36) - 60_000).toString(36)}.${sig}`)).toBeNull();
    expect(readStamp(secret, 7, 'nonsense')).toBeNull();
  });

  it('checks lengths and a guest’s name and address, and keeps them exactly as typed', () => {
    expect(code(shape.run(intake({ input: { body: ' \n\t ' } })))).toBe('empty');
    expect(shape.run(intake({ input: { body: 'x'.repeat(5001) } }))).toMatchObject({ refuse: { code: 'too-long', status: 413, detail: { max: 5000, length: 5001 } } });
    expect(code(shape.run(intake({ input: { body: '😀'.repeat(5000) } })))).toBeNull();
    expect(code(shape.run(intake({ input: { name: '  ' } })))).toBe('name-missing');
    expect(code(shape.run(intake({ input: { email: 'not an address' } })))).toBe('email-bad');
    expect(code(shape.run(intake({ input: { email: '' } })))).toBe('email-missing');
    expect(shape.run(intake({ input: { name: '  Aoife ' } }))).toEqual({ decide: { guestName: '  Aoife ', guestEmail: 'aoife@example.org', notify: false } });
    // A signed-in reader's name comes from the account: what the guest fields say is ignored.
    const user = { id: 3, name: 'Reader', trusted: false };
    expect(shape.run(intake({ input: { name: '', email: '' }, facts: { user } }))).toEqual({ decide: { guestName: null, guestEmail: null, notify: false } });
  });

  it('counts links after rendering and refuses past the limit', () => {
    const i = intake({ input: { body: '[one](https://a.example) <https://b.example> https://c.example and www.d.example' } });
    render.run(i);
    expect(i.rendered?.links).toBe(3);
    expect(linkLimit.run(i)).toMatchObject({ refuse: { code: 'too-many-links', detail: { max: 2, links: 3 } } });
    expect(code(linkLimit.run({ ...i, rules: { ...rules, linkLimit: 3 } }))).toBeNull();
  });

  it('matches the blocklist by whole word or phrase, and by domain wherever it appears', () => {
    const list = ['cheap pills', 'Casino', 'spam.example'];
    expect(blocklistMatches(list, 'Buy CHEAP   pills now')).toBe(true);
    expect(blocklistMatches(list, 'the casinos of Monaco')).toBe(false);
    expect(blocklistMatches(list, 'ca\u200bsino night')).toBe(true);
    expect(blocklistMatches(list, 'see [here](https://www.spam.example/offer)')).toBe(true);
    expect(blocklistMatches(list, 'notspam.example.org is fine')).toBe(false);
    expect(blocklistMatches(list, 'I read the council minutes')).toBe(false);
  });

  it('places replies within the depth limit', () => {
    const parent = (depth: number, parentId: number | null, threadId: number | null) => ({ id: 40, depth, parentId, threadId });
    const placed = (p: ReturnType<typeof parent>, depthLimit = 3) => placement.run(intake({ input: { parentId: 40 }, facts: { parent: p }, rules: { depthLimit } }));
    expect(placed(parent(0, null, null))).toEqual({ decide: { parentId: 40, threadId: 40, depth: 1 } });
    expect(placed(parent(1, 39, 39))).toEqual({ decide: { parentId: 40, threadId: 39, depth: 2 } });
    // At the deepest level a reply goes beside its parent.
    expect(placed(parent(2, 41, 39))).toEqual({ decide: { parentId: 41, threadId: 39, depth: 2 } });
    expect(placed(parent(0, null, null), 1)).toEqual({ decide: { parentId: null, threadId: null, depth: 0 } });
    expect(code(placement.run(intake({ input: { parentId: 40 } })))).toBe('no-parent');
  });

  it('holds a first comment for approval only when the site says so, and never staff', () => {
    expect(approval.run(intake())).toEqual({ decide: { status: 'visible' } });
    expect(approval.run(intake({ rules: { firstWaits: true } }))).toEqual({ decide: { status: 'pending' } });
    expect(approval.run(intake({ rules: { firstWaits: true }, facts: { approvedBefore: true } }))).toEqual({ decide: { status: 'visible' } });
    expect(approval.run(intake({ rules: { firstWaits: true }, facts: { user: { id: 1, name: 'Ed', trusted: true } } }))).toEqual({ decide: { status: 'visible' } });
  });
});

describe('the intake pipeline', () => {
  it('decides everything a comment needs when every phase lets it through', () => {
    const r = runIntake(input, rules, facts);
    expect(r).toEqual({
      ok: true,
      decision: {
        status: 'visible', parentId: null, threadId: null, depth: 0, guestName: 'Aoife', guestEmail: 'aoife@example.org', notify: false,
        bodyMd: input.body, bodyHtml: `<p>${input.body}</p>`, bodyText: input.body,
      },
    });
  });

  it('stops at the first refusal, cheap checks before the render', () => {
    const r = runIntake({ ...input, trap: 'x', body: 'x'.repeat(10_000) }, rules, facts);
    expect(r).toMatchObject({ ok: false, phase: 'honeypot', refusal: { code: 'trap' } });
    expect(INTAKE.map((p) => p.name).indexOf('render')).toBeGreaterThan(INTAKE.map((p) => p.name).indexOf('shape'));
  });

  it('refuses a guest where only readers may comment, and a banned commenter with the reason', () => {
    expect(runIntake(input, { ...rules, who: 'readers' }, facts)).toMatchObject({ ok: false, refusal: { code: 'sign-in', status: 403 } });
    expect(runIntake(input, rules, { ...facts, ban: { until: null, reason: 'Repeated abuse' } })).toMatchObject({
      ok: false, refusal: { code: 'banned', detail: { reason: 'Repeated abuse', until: null } },
    });
  });
});
