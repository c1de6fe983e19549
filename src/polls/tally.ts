/**
 * Percentages that add up to exactly 100 (when anything was chosen), by the
 * largest-remainder method: each option gets the whole part of its exact
 * share, and the points left over go to the largest fractions, ties to the
 * earlier option. Shares are of all choices made, so a poll where a reader may
 * choose several options still adds up to 100.
 */
export function percentages(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const out = counts.map((c) => Math.floor((c * 100) / total));
  let left = 100 - out.reduce((a, b) => a + b, 0);
  // Fractions compared as whole remainders (c × 100 mod total): in floating point, equal fractions
  // of different counts can differ in the last bit, and the tie would not go to the earlier option.
  const order = counts.map((c, i) => ({ i, rest: (c * 100) % total })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]++;
    left--;
  }
  return out;
}

/** What a poll's board adds up to at one entry of the chain. */
export interface Tally {
  /** Votes per option, in option order (option number 1 is index 0). */
  counts: number[];
  /** Ballots cast. */
  voters: number;
  /** The last entry counted: its position and hash (the board's head at that point). */
  seq: number;
  head: string;
}

export function emptyTally(options: number, genesis: string): Tally {
  return { counts: new Array<number>(options).fill(0), voters: 0, seq: 0, head: genesis };
}

/** Adds ballots (in chain order, following on from the tally) to a copy of it. */
export function addBallots(t: Tally, ballots: readonly { seq: number; choices: readonly number[]; hash: string }[]): Tally {
  if (!ballots.length) return t;
  const counts = [...t.counts];
  for (const b of ballots) for (const c of b.choices) counts[c - 1] = (counts[c - 1] ?? 0) + 1;
  const last = ballots[ballots.length - 1];
  return { counts, voters: t.voters + ballots.length, seq: last.seq, head: last.hash };
}
