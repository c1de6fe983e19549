import { randomBytes } from 'node:crypto';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { createPolls } from '../polls/factory.ts';
import type { PollInput } from '../polls/service.ts';

/**
 * The demo outlet's reader polls: one in the sidebar, one inside an opinion
 * piece. Their votes go through the real ballot box, so their boards verify
 * like any other; each vote comes from its own browser and documentation
 * address (RFC 5737), spread by weights so the results look like a town's.
 */

interface DemoPoll {
  input: Omit<PollInput, 'closesAt'> & { closesInDays: number | null };
  /** The sidebar, or the demo article (by slug) it sits in. */
  place: 'sidebar' | { article: string };
  /** How likely each option is to be chosen. */
  weights: number[];
  votes: number;
  /** The first three parts of the addresses its voters come from. */
  network: string;
}

export const demoPolls: DemoPoll[] = [
  {
    input: {
      question: 'Which should Kilbrannan City Council put first in next year’s budget?',
      options: ['Homes on the Outer Harbour site', 'Evening buses to Ardcullen and the outer estates', 'Flood defences along the quays', 'Longer library and community centre hours'],
      maxChoices: 1, policy: 'browser', showResults: 'always', opensAt: null, closesInDays: 21,
    },
    place: 'sidebar',
    weights: [34, 22, 30, 14],
    votes: 73,
    network: '192.0.2',
  },
  {
    input: {
      question: 'What should happen to the Castlegate cycle lane?',
      options: ['Keep it as it is', 'Keep it, and give back some of the parking', 'Move it to a quieter street nearby', 'Take it out'],
      maxChoices: 1, policy: 'browser_address', showResults: 'always', opensAt: null, closesInDays: null,
    },
    place: { article: 'stop-the-road-war' },
    weights: [31, 29, 18, 22],
    votes: 58,
    network: '198.51.100',
  },
];

function weightedChoice(weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = Math.random() * total;
  for (const [i, w] of weights.entries()) {
    r -= w;
    if (r < 0) return i + 1;
  }
  return weights.length;
}

/** Creates the demo's polls, places them, and casts their votes; returns their ids (listed in demo_rows). */
export async function loadDemoPolls(db: Db, changes: ChangeBus, now = new Date()): Promise<number[]> {
  const { polls } = createPolls({ db, changes });
  const ids: number[] = [];
  for (const d of demoPolls) {
    const { closesInDays, ...input } = d.input;
    const closesAt = closesInDays === null ? null : new Date(now.getTime() + closesInDays * 86400_000).toISOString();
    const created = await polls.create({ ...input, closesAt }, null);
    if (!created.ok) throw new Error(`demo poll refused: ${JSON.stringify(created.problems)}`);
    ids.push(created.id);
    await db.kysely.insertInto('demo_rows').values({ table_name: 'polls', row_id: created.id }).execute();
    if (d.place === 'sidebar') await polls.putInSidebar(created.id);
    else {
      const article = await db.kysely.selectFrom('articles').select('id').where('slug', '=', d.place.article).executeTakeFirst();
      if (article) await polls.attach(created.id, article.id);
    }
    const poll = (await polls.get(created.id))!;
    // All at once: the ballot box writes them as one batch.
    const results = await Promise.all(Array.from({ length: d.votes }, (_, i) => polls.vote(
      poll, { userId: null, browser: randomBytes(16).toString('base64url'), address: `${d.network}.${i + 1}` }, [weightedChoice(d.weights)],
    )));
    const refused = results.find((r) => !r.ok);
    if (refused) throw new Error(`a demo vote was refused: ${JSON.stringify(refused)}`);
  }
  return ids;
}
