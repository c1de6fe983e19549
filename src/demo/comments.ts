import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { normalisedText, renderComment } from '../comments/markdown.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

/**
 * The demo outlet's reader comments: a few real threads under its articles,
 * from guests, two signed-in readers and the writers themselves, with replies
 * three deep, and one comment the moderators removed (its marker and reason
 * show in the thread; the moderation log's entry is the moderation demo's).
 * A few more are the subjects of the moderation demo's decisions (moderation.ts),
 * which it takes through the moderation service: they are written as posted.
 * Written straight to the table, as an import would: the intake's spam checks
 * are for strangers posting now, not for a demo written here. Every row is
 * listed in demo_rows and goes with the demo.
 */

interface DemoComment {
  key: string;
  /** A guest's name (and the address they gave, never shown), a demo reader's key, or a writer's slug (staff). */
  by: { guest: string; email?: string } | { reader: DemoReader } | { writer: string };
  replyTo?: string;
  /** Hours after the article was published. */
  after: number;
  body: string;
  removed?: string;
}

export const readers = {
  fionnuala: 'Fionnuala Ní Bhriain',
  marek: 'Marek Nowicki',
};

export type DemoReader = keyof typeof readers;

export const demoThreads: { article: string; comments: DemoComment[] }[] = [
  {
    article: 'harbour-vote-bad-bargain',
    comments: [
      { key: 'h1', by: { reader: 'fionnuala' }, after: 0.5, body: 'The point about the slipway is the one nobody made at the meeting. Once the public access is gone it is gone — there is no clause in the plan that brings it back if the developer sells on.' },
      { key: 'h2', by: { guest: 'Seán K.' }, replyTo: 'h1', after: 0.9, body: 'There is, actually: section 4.2 of the agreement keeps a *right of way* along the quay wall. Whether anyone will enforce it is another question.' },
      { key: 'h3', by: { writer: 'ruth-delaney' }, replyTo: 'h2', after: 1.4, body: 'Seán is right that 4.2 exists, and I should have mentioned it. It covers walking along the wall, though, not launching a boat from the slip — which is what the rowing club uses it for.' },
      { key: 'h4', by: { guest: 'Harbour resident' }, after: 1.1, body: 'Anyone who voted for this should be named and shamed outside their houses. We know where they live.', removed: 'Personal attack' },
      { key: 'h5', by: { guest: 'Aoife Dunne' }, replyTo: 'h4', after: 1.3, body: 'Disagree with the vote all you like, but that is not the way to go about it.' },
      { key: 'h6', by: { reader: 'marek' }, after: 2, body: 'I moved here for the sea. Forty new flats with a view of it are not the end of the world, and the council did get the boardwalk out of it.\n\nStill, I would have liked to see the traffic study before the vote rather than after.' },
    ],
  },
  {
    article: 'route-14-bus-cut-ardcullen',
    comments: [
      { key: 'b1', by: { guest: 'Mary Teahan' }, after: 3, body: 'The 21:40 from the city is the only way I get home from my shift at the hospital. The replacement “connection” at Moorfield means a twenty-five minute wait at an unlit stop.' },
      { key: 'b2', by: { writer: 'tomas-okafor' }, replyTo: 'b1', after: 5, body: 'Thanks, Mary. The operator told us the Moorfield connection is timed to wait for late buses. If you find it does not, please write to us — we are keeping a record for a follow-up.' },
      { key: 'b3', by: { guest: 'Mary Teahan' }, replyTo: 'b2', after: 7, body: 'Tried it tonight. Waited 18 minutes; the connecting bus had left before we arrived.' },
      { key: 'b4', by: { reader: 'fionnuala' }, after: 9, body: 'The passenger numbers in the operator’s report count boardings at the city end only. Nobody counted who gets off in Ardcullen, which is the whole point of the route.' },
      { key: 'b5', by: { guest: 'Colm' }, after: 20, body: 'Is there a petition? Happy to sign and to hand it in at the transport committee.' },
      // The moderation demo's: removed as off topic, then restored on appeal by a second moderator.
      { key: 'b6', by: { reader: 'marek' }, after: 6, body: 'The same thing happened to the Rathbeg evening buses in 2019: a “temporary” cut, a consultation after the fact, and they never came back. Worth asking the operator for an end date in writing this time.' },
      // Removed as an advertisement, and its sender banned for a month.
      { key: 'b7', by: { guest: 'Coach Deals Direct', email: 'bookings@coach-deals.invalid' }, after: 10, body: 'Fed up waiting at Moorfield? Our private coaches leave Ardcullen every hour. Book at coach-deals dot example and quote LANTERN for ten per cent off!' },
      // Reported as a personal attack, and kept: disagreement is not abuse.
      { key: 'b8', by: { guest: 'Dermot Hayes' }, after: 11, body: 'With respect, the operator’s report reads like a whitewash. Whoever signed off on this cut has never stood at Moorfield on a January night, and it shows.' },
    ],
  },
  {
    article: 'library-late-hours',
    comments: [
      { key: 'l1', by: { guest: 'Student, second year' }, after: 1, body: 'This is the best news all term. The reading room is the only quiet place some of us have.' },
      { key: 'l2', by: { reader: 'marek' }, replyTo: 'l1', after: 2, body: 'Agreed. I hope they keep the **children’s floor** open late on Thursdays as well, for parents who work days.' },
    ],
  },
  {
    article: 'tideline-books-at-fifty',
    comments: [
      { key: 't1', by: { guest: 'Brendan O’Hara' }, after: 30, body: 'I bought my first proper book there in 1979, a battered Penguin of *The Old Man and the Sea* for 20p. The bell over the door still sounds the same.' },
      { key: 't2', by: { guest: 'Gráinne' }, replyTo: 't1', after: 41, body: 'That bell! My children call it the shop that rings.' },
    ],
  },
];

type Trx = Transaction<Database>;

/** Writes the demo's comments (and its two readers); returns their ids, and those of the removed ones. */
export async function loadDemoComments(db: Db): Promise<{ ids: number[]; removed: number[] }> {
  return db.kysely.transaction().execute(async (trx) => {
    const readerIds = await demoReaders(trx);
    const writers = new Map((await trx.selectFrom('users').select(['id', 'slug']).where('role', '<>', 'reader').execute()).map((u) => [u.slug, u.id]));
    const ids: number[] = [];
    const removed: number[] = [];
    for (const t of demoThreads) {
      const article = await trx.selectFrom('articles').select(['id', 'published_at']).where('slug', '=', t.article).executeTakeFirst();
      if (!article?.published_at) continue;
      const made = new Map<string, { id: number; depth: number; thread: number | null }>();
      // Oldest first, so ids follow time as they would on a real site.
      for (const c of [...t.comments].sort((a, b) => a.after - b.after)) {
        const parent = c.replyTo ? made.get(c.replyTo) : undefined;
        const at = new Date(Date.parse(article.published_at) + c.after * 3600_000).toISOString();
        const author = 'reader' in c.by ? readerIds[c.by.reader] : 'writer' in c.by ? (writers.get(c.by.writer) ?? null) : null;
        const row = await trx.insertInto('comments').values({
          article_id: article.id, parent_id: parent?.id ?? null, thread_id: parent ? (parent.thread ?? parent.id) : null, depth: parent ? parent.depth + 1 : 0,
          author_user_id: author, guest_name: 'guest' in c.by ? c.by.guest : null, guest_email: ('guest' in c.by && c.by.email) || null, author_token_hash: null,
          body_md: c.body, body_html: renderComment(c.body).html, body_hash: createHash('sha256').update(normalisedText(c.body)).digest('base64url'),
          status: c.removed ? 'removed' : 'visible', removed_reason: c.removed ?? null, notify_replies: 0, edited_at: null, created_at: at, updated_at: at,
        }).returning('id').executeTakeFirstOrThrow();
        made.set(c.key, { id: row.id, depth: parent ? parent.depth + 1 : 0, thread: parent ? (parent.thread ?? parent.id) : null });
        ids.push(row.id);
        if (c.removed) removed.push(row.id);
        await trx.insertInto('demo_rows').values({ table_name: 'comments', row_id: row.id }).execute();
      }
    }
    return { ids, removed };
  });
}

/** Two readers with accounts (no address: nobody can sign in as them), listed with the demo's people. */
async function demoReaders(trx: Trx): Promise<Record<keyof typeof readers, number>> {
  const out = {} as Record<keyof typeof readers, number>;
  const now = new Date().toISOString();
  for (const [key, name] of Object.entries(readers) as [keyof typeof readers, string][]) {
    const row = await trx.insertInto('users').values({
      email: null, name, slug: `reader-${randomBytes(8).toString('hex')}`, bio: '', avatar_media_id: null, role: 'reader', password_hash: null, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    out[key] = row.id;
    await trx.insertInto('demo_rows').values({ table_name: 'users', row_id: row.id }).execute();
  }
  return out;
}
