import { describe, expect, it } from 'vitest';
import { appealOutcome, appealRefusal, banEnds, banIsLive, laterEnd, mayDecide, noteFrom, reasonFrom } from './rules.ts';

const now = new Date('2026-12-01T12:00:00Z');
const decision = (over: Partial<Parameters<typeof appealRefusal>[0]> = {}) => ({
  action: 'remove' as const, createdAt: '2026-11-20T12:00:00Z', commentId: 7, moderatorId: 3, ...over,
});

describe('the rules of due process', () => {
  it('takes a reason only from the list, as the list spells it', () => {
    expect(reasonFrom(['Personal attack', 'Spam'], '  Spam ')).toBe('Spam');
    expect(reasonFrom(['Personal attack'], 'personal attack')).toBeNull();
    expect(reasonFrom(['Personal attack'], '')).toBeNull();
  });

  it('bounds the note', () => {
    expect(noteFrom('  fine  ')).toBe('fine');
    expect(noteFrom('x'.repeat(1001))).toBeNull();
  });

  it('ends a ban after its days, or never; a lifted or past ban is not live; the later end counts', () => {
    expect(banEnds('7', now)).toBe('2026-12-08T12:00:00.000Z');
    expect(banEnds('good', now)).toBeNull();
    expect(banIsLive({ until: null, lifted_at: null }, now.toISOString())).toBe(true);
    expect(banIsLive({ until: '2026-11-30T00:00:00Z', lifted_at: null }, now.toISOString())).toBe(false);
    expect(banIsLive({ until: null, lifted_at: '2026-11-30T00:00:00Z' }, now.toISOString())).toBe(false);
    expect(laterEnd('2027-01-01', null)).toBeNull();
    expect(laterEnd('2027-01-01', '2026-01-01')).toBe('2027-01-01');
  });

  it('lets an author appeal a removal or a ban once, within 30 days', () => {
    expect(appealRefusal(decision(), false, now)).toBeNull();
    expect(appealRefusal(decision({ action: 'ban' }), false, now)).toBeNull();
    expect(appealRefusal(decision(), true, now)).toBe('already');
    expect(appealRefusal(decision({ createdAt: '2026-10-01T12:00:00Z' }), false, now)).toBe('too-late');
    expect(appealRefusal(decision({ action: 'approve' }), false, now)).toBe('not-appealable');
    expect(appealRefusal(decision({ action: 'appeal-upheld' }), false, now)).toBe('not-appealable');
  });

  it('sends an appeal to a different moderator from the one who acted', () => {
    expect(mayDecide({ moderatorId: 3 }, 3)).toBe(false);
    expect(mayDecide({ moderatorId: 3 }, 4)).toBe(true);
    expect(mayDecide({ moderatorId: null }, 4)).toBe(true);
  });

  it('undoes only what a granted appeal overturns', () => {
    expect(appealOutcome('remove', 'overturned')).toEqual({ action: 'appeal-overturned', restore: true, liftBan: false });
    expect(appealOutcome('ban', 'overturned')).toEqual({ action: 'appeal-overturned', restore: false, liftBan: true });
    expect(appealOutcome('remove', 'upheld')).toEqual({ action: 'appeal-upheld', restore: false, liftBan: false });
  });
});
