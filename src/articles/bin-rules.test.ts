import { describe, expect, it } from 'vitest';
import { type Actor, BIN_DAYS, type BinFacts, binDaysLeft, binExpiry, mayBin, mayDelete, mayRestore, nextStatus } from './workflow.ts';

const editor: Actor = { kind: 'person', id: 1, role: 'editor' };
const author: Actor = { kind: 'person', id: 2, role: 'author' };
const contributor: Actor = { kind: 'person', id: 3, role: 'contributor' };
const otherAuthor: Actor = { kind: 'person', id: 4, role: 'author' };
const moderator: Actor = { kind: 'person', id: 5, role: 'moderator' };

function piece(over: Partial<BinFacts> = {}): BinFacts {
  return { status: 'draft', authorIds: [2, 3], createdBy: 2, everPublished: false, binnedAt: null, binnedStatus: null, ...over };
}

const refused = (p: unknown) => (p === true ? null : (p as { refused: string; notYours?: true }));

describe('deleting', () => {
  it('lets a writer delete their own never-published piece, and an editor anyone’s', () => {
    for (const status of ['draft', 'review'] as const) {
      expect(mayDelete(author, piece({ status }))).toBe(true);
      expect(mayDelete(contributor, piece({ status }))).toBe(true);
      expect(mayDelete(editor, piece({ status, authorIds: [9], createdBy: 9 }))).toBe(true);
    }
    // A scheduled piece that never went out is still only a draft to readers.
    expect(mayDelete(author, piece({ status: 'scheduled' }))).toBe(true);
  });

  it('refuses someone else’s draft to a writer, as not theirs', () => {
    expect(refused(mayDelete(otherAuthor, piece()))?.notYours).toBe(true);
    expect(refused(mayDelete(moderator, piece()))?.notYours).toBe(true);
  });

  it('never deletes a piece that was published, whatever its status now and whoever asks', () => {
    for (const status of ['published', 'unpublished', 'draft', 'review', 'scheduled'] as const) {
      const p = refused(mayDelete(editor, piece({ status, everPublished: true })));
      expect(p?.refused).toMatch(/history is kept: move it to the bin/);
      expect(p?.notYours).toBeUndefined();
    }
    expect(mayDelete({ kind: 'system', what: 'test' }, piece({ status: 'published', everPublished: true }))).not.toBe(true);
  });
});

describe('binning', () => {
  const published = piece({ status: 'published', everPublished: true });

  it('lets whoever may publish the piece bin it: its publishing author, or an editor', () => {
    expect(mayBin(author, published)).toBe(true);
    expect(mayBin(editor, published)).toBe(true);
    expect(mayBin(editor, piece({ status: 'unpublished', everPublished: true }))).toBe(true);
    // Withdrawn, then reworked: still a piece with a public history.
    expect(mayBin(editor, piece({ status: 'draft', everPublished: true }))).toBe(true);
  });

  it('refuses writers who cannot publish it, as not theirs', () => {
    expect(refused(mayBin(contributor, published))?.notYours).toBe(true);
    expect(refused(mayBin(otherAuthor, published))?.notYours).toBe(true);
  });

  it('sends a never-published piece to deletion instead, and does not bin twice', () => {
    expect(refused(mayBin(editor, piece()))?.refused).toMatch(/never published: delete it/);
    expect(refused(mayBin(editor, piece({ status: 'binned', everPublished: true, binnedStatus: 'published', binnedAt: '2026-11-01T00:00:00.000Z' })))?.refused).toMatch(/already in the bin/);
  });
});

describe('restoring', () => {
  const binnedAt = '2026-11-01T12:00:00.000Z';
  const binned = piece({ status: 'binned', everPublished: true, binnedStatus: 'published', binnedAt });

  it('is possible for BIN_DAYS days, counted in whole days left', () => {
    expect(BIN_DAYS).toBe(30);
    expect(binExpiry(binnedAt)).toBe('2026-12-01T12:00:00.000Z');
    expect(binDaysLeft(binnedAt, binnedAt)).toBe(30);
    expect(binDaysLeft(binnedAt, '2026-11-30T13:00:00.000Z')).toBe(1);
    expect(binDaysLeft(binnedAt, '2026-12-01T11:59:59.000Z')).toBe(1);
    expect(binDaysLeft(binnedAt, '2026-12-01T12:00:00.000Z')).toBe(0);
    expect(mayRestore(editor, binned, '2026-12-01T11:59:59.000Z')).toBe(true);
    expect(mayRestore(author, binned, '2026-11-02T00:00:00.000Z')).toBe(true);
  });

  it('is refused once the days have run out, or after a purge', () => {
    expect(refused(mayRestore(editor, binned, '2026-12-01T12:00:00.000Z'))?.refused).toMatch(/more than 30 days/);
    expect(refused(mayRestore(editor, { ...binned, binnedStatus: null }, '2026-11-02T00:00:00.000Z'))?.refused).toMatch(/can no longer be restored/);
  });

  it('is for those who may publish the piece, and only for what is in the bin', () => {
    expect(refused(mayRestore(contributor, binned, '2026-11-02T00:00:00.000Z'))?.notYours).toBe(true);
    expect(refused(mayRestore(editor, piece({ status: 'published', everPublished: true }), '2026-11-02T00:00:00.000Z'))?.refused).toMatch(/not in the bin/);
  });

  it('keeps a binned piece as it is: no editor action moves it until it is restored', () => {
    for (const action of ['save', 'submit', 'publish', 'schedule', 'unpublish', 'send_back'] as const) {
      expect(nextStatus(action, 'binned', editor, binned)).toEqual({ refused: 'This article is in the bin. Restore it before changing it.' });
    }
  });
});
