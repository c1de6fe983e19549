import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

describe('GroupCommit', () => {
  it('writes what arrives together in one batch, and what arrives during a write in the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const g = new GroupCommit<number, number>({
      maxBatch: 100,
      write: async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items.map((i) => i * 10);
      },
    });
    const first = [1, 2, 3].map((i) => g.submit(i));
    await new Promise((r) => setImmediate(r));
    const second = [4, 5].map((i) => g.submit(i)); // arrive while the first batch is being written
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('answers no one before their batch is written, and fails the whole batch when the write fails', async () => {
    let written = false;
    const g = new GroupCommit<string, string>({
      maxBatch: 2,
      write: async (items) => {
        if (items.includes('bad')) throw new Error('disk full');
        written = true;
        return items;
      },
    });
    const ok = g.submit('a').then((v) => {
      expect(written).toBe(true);
      return v;
    });
    expect(await ok).toBe('a');
    const results = await Promise.allSettled([g.submit('bad'), g.submit('b'), g.submit('c')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
