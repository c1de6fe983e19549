import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { loadServerSecret } from '../accounts/server-keys.ts';
import { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { Appeals } from '../moderation/appeals.ts';
import { ModerationService } from '../moderation/service.ts';
import { logOfComment } from '../moderation/store.ts';
import { SettingsService } from '../settings/settings.ts';
import { demoThreads, type DemoReader, readers } from './comments.ts';

/**
 * The demo's moderation: for each demo comment the moderators removed, the log
 * entry that says so (so the public log at /moderation is not empty and matches
 * the marker in the thread), and one reader's report of another demo comment, so
 * the newsroom's queue has something in it. Then a few decisions taken through
 * the moderation service itself, as moderators would (see `decisions`): a
 * reported comment kept, an advertisement removed and its sender banned for a
 * month, and a removal overturned on appeal by a second moderator. Runs after
 * the demo's comments are loaded; every row is listed in demo_rows and removed
 * with the demo (the log is append-only for real decisions, not for the demo's
 * made-up ones).
 */
export async function loadDemoModeration(db: Db): Promise<void> {
  const cast = await db.kysely.transaction().execute(async (trx) => {
    const listed = await trx.selectFrom('demo_rows').select(['table_name', 'row_id']).where('table_name', 'in', ['comments', 'users']).execute();
    const commentIds = listed.filter((r) => r.table_name === 'comments').map((r) => r.row_id);
    if (!commentIds.length) return null;
    const comments = await trx
      .selectFrom('comments as c')
      .leftJoin('users as u', 'u.id', 'c.author_user_id')
      .select(['c.id', 'c.article_id', 'c.status', 'c.removed_reason', 'c.created_at', 'c.author_user_id', 'c.guest_name', 'u.name'])
      .where('c.id', 'in', commentIds)
      .orderBy('c.created_at')
      .execute();
    const userIds = listed.filter((r) => r.table_name === 'users').map((r) => r.row_id);
    const moderator = await demoModerator(trx, userIds);
    // Run twice (a demo loaded by an older version, then this one), it adds nothing twice.
    const logged = new Set((await trx.selectFrom('moderation_log').select('comment_id').where('comment_id', 'in', commentIds).where('action', '=', 'remove').execute()).map((r) => r.comment_id));
    for (const c of comments.filter((x) => x.status === 'removed' && !logged.has(x.id))) {
      // Decided an hour and a half after it was posted.
      const at = new Date(Date.parse(c.created_at) + 90 * 60_000).toISOString();
      const row = await trx.insertInto('moderation_log').values({
        created_at: at, action: 'remove', reason: c.removed_reason ?? 'Personal attack', note: '', article_id: c.article_id, comment_id: c.id,
        moderator_id: moderator, subject_user_id: c.author_user_id, subject_label: c.name ?? c.guest_name ?? '', appeal_of: null, until: null,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('demo_rows').values({ table_name: 'moderation_log', row_id: row.id }).execute();
    }
    await demoReport(trx, comments, userIds);
    return moderator === null ? null : { commentIds, moderator, second: await secondModerator(trx, userIds), readers: await demoReaderIds(trx, userIds) };
  });
  if (cast) await decisions(db, cast);
}

interface Cast {
  commentIds: number[];
  /** Takes the demo's first decisions. */
  moderator: number;
  /** Decides the appeal: never the moderator who acted. */
  second: number;
  readers: Partial<Record<DemoReader, number>>;
}

type Listed = { table_name: string; row_id: number };

/**
 * The demo's decisions, through the moderation service as moderators take
 * them, each some hours after its comment (the service's clock is set for
 * each). A comment that already has a decision (a second run) is left alone;
 * so is one whose reason the site's list no longer has (the service refuses it).
 */
async function decisions(db: Db, cast: Cast): Promise<void> {
  const clock = { at: new Date() };
  const quiet = { info() {}, warn() {} };
  const settings = new SettingsService(db);
  await settings.load();
  const moderation = new ModerationService({
    db, settings, secret: await loadServerSecret(db), log: quiet, siteUrl: '', now: () => clock.at,
    changes: new ChangeBus(db, quiet),
    // No letters: the demo's people have no address but the advertiser's, which must never be written to.
    mailer: { delivers: false, send: async () => {}, close: async () => {} },
  });
  const appeals = new Appeals(moderation);
  const rows: Listed[] = [];
  const log = (r: { ok: boolean; logId?: number }) => {
    if (r.ok && r.logId) rows.push({ table_name: 'moderation_log', row_id: r.logId });
    return r.ok;
  };
  const subject = async (key: string) => {
    const body = demoThreads.flatMap((t) => t.comments).find((c) => c.key === key)?.body;
    const c = body === undefined ? undefined : await db.kysely.selectFrom('comments').select(['id', 'created_at'])
      .where('id', 'in', cast.commentIds).where('body_md', '=', body).executeTakeFirst();
    if (!c || (await logOfComment(db.kysely, c.id)).length) return null;
    return { id: c.id, after: (hours: number) => void (clock.at = new Date(Date.parse(c.created_at) + hours * 3600_000)) };
  };
  const { moderator: first, second } = cast;

  // Reported as a personal attack by a reader, and kept: sharp about a decision, aimed at no one.
  const kept = await subject('b8');
  const reporter = cast.readers.marek;
  if (kept && reporter) {
    kept.after(1);
    if ((await moderation.report(reporter, kept.id, { reason: 'Personal attack', note: 'Calling people names is not an argument.' })).ok) {
      const report = await db.kysely.selectFrom('comment_reports').select('id').where('comment_id', '=', kept.id).where('reporter_user_id', '=', reporter).executeTakeFirstOrThrow();
      rows.push({ table_name: 'comment_reports', row_id: report.id });
      kept.after(3);
      log(await moderation.approve(first, kept.id, { reason: 'Disagreement is not abuse', note: 'Hard on a decision and on the report, but it names nobody and attacks nobody.' }));
    }
  }

  // An advertisement: removed, and its sender stopped for a month.
  const advert = await subject('b7');
  if (advert) {
    advert.after(0.5);
    if (log(await moderation.remove(first, advert.id, { reason: 'Spam or advertising', note: '' }))) {
      advert.after(0.6);
      const banned = await moderation.ban(first, advert.id, { reason: 'Spam or advertising', note: 'The same advertisement came in under three articles.', length: '30' });
      if (log(banned) && banned.ok) {
        const ban = await db.kysely.selectFrom('bans').select('id').where('log_id', '=', banned.logId).executeTakeFirstOrThrow();
        rows.push({ table_name: 'bans', row_id: ban.id });
      }
    }
  }

  // Removed as off topic; its author appeals; a second moderator reads it again and restores it.
  const appealed = await subject('b6');
  const author = cast.readers.marek;
  if (appealed && author) {
    appealed.after(2);
    const removed = await moderation.remove(first, appealed.id, { reason: 'Off topic', note: 'About a different route.' });
    if (log(removed) && removed.ok) {
      appealed.after(16);
      const text = 'My comment is about this cut. The Rathbeg buses went the same way, and what happened there is the best guide we have to what “temporary” means here. Please read it again.';
      if ((await appeals.submit(removed.logId, { userId: author }, text)).ok) {
        const appeal = await db.kysely.selectFrom('appeals').select('id').where('log_id', '=', removed.logId).executeTakeFirstOrThrow();
        rows.push({ table_name: 'appeals', row_id: appeal.id });
        appealed.after(26);
        log(await appeals.decide(second, appeal.id, { decision: 'overturned', reason: 'The removal was a mistake', note: 'A fair comparison with an earlier cut by the same operator.' }));
      }
    }
  }
  if (rows.length) await db.kysely.insertInto('demo_rows').values(rows).execute();
}

/** A demo editor takes the demo's decisions; without one, the site does. */
async function demoModerator(trx: Transaction<Database>, userIds: number[]): Promise<number | null> {
  if (!userIds.length) return null;
  const u = await trx.selectFrom('users').select('id').where('id', 'in', userIds).where('role', 'in', ['moderator', 'editor', 'owner']).orderBy('id').executeTakeFirst();
  return u?.id ?? null;
}

/** The demo's second moderator (added with the demo's people): appeals against the first one's decisions go to them. */
async function secondModerator(trx: Transaction<Database>, userIds: number[]): Promise<number> {
  const listed = userIds.length ? await trx.selectFrom('users').select('id').where('id', 'in', userIds).where('role', '=', 'moderator').orderBy('id').executeTakeFirst() : undefined;
  if (listed) return listed.id;
  // No address, so nobody can sign in as them; listed, so they go with the demo.
  const row = await trx.insertInto('users').values({
    email: null, name: 'Aisling Kerr', slug: `moderator-${randomBytes(8).toString('hex')}`, bio: 'Aisling Kerr reads The Lantern’s reader comments and reports, and decides appeals.',
    avatar_media_id: null, role: 'moderator', password_hash: null, created_at: new Date().toISOString(),
  }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('demo_rows').values({ table_name: 'users', row_id: row.id }).execute();
  return row.id;
}

/** The demo's readers by their key, found among the demo's people by name. */
async function demoReaderIds(trx: Transaction<Database>, userIds: number[]): Promise<Partial<Record<DemoReader, number>>> {
  if (!userIds.length) return {};
  const rows = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).where('role', '=', 'reader').execute();
  const out: Partial<Record<DemoReader, number>> = {};
  for (const [key, name] of Object.entries(readers) as [DemoReader, string][]) {
    const r = rows.find((u) => u.name === name);
    if (r) out[key] = r.id;
  }
  return out;
}

/** A demo reader reports someone else's visible demo comment, if the demo has readers. */
async function demoReport(trx: Transaction<Database>, comments: { id: number; status: string; author_user_id: number | null }[], userIds: number[]): Promise<void> {
  if (!userIds.length) return;
  const reader = await trx.selectFrom('users').select('id').where('id', 'in', userIds).where('role', '=', 'reader').orderBy('id').executeTakeFirst();
  const target = reader && comments.find((c) => c.status === 'visible' && c.author_user_id !== reader.id);
  if (!reader || !target) return;
  const row = await trx.insertInto('comment_reports').values({
    comment_id: target.id, reporter_user_id: reader.id, reason: 'Off topic', note: 'This is about the ferry, not the bookshop.', created_at: new Date().toISOString(), settled_at: null,
  }).onConflict((oc) => oc.columns(['comment_id', 'reporter_user_id']).doNothing()).returning('id').executeTakeFirst();
  if (row) await trx.insertInto('demo_rows').values({ table_name: 'comment_reports', row_id: row.id }).execute();
}

/**
 * The demo's moderation rows go first, before the comments and people they name:
 * its reports, appeals and bans, then its log entries (an appeal's decision
 * before the decision it was about). A demo entry that a real decision hangs on
 * (an appeal, a ban, an appeal's decision) is kept, and said so: the real log is
 * never edited.
 */
export async function removeDemoModeration(trx: Transaction<Database>, kept: string[]): Promise<number> {
  const listed = await trx.selectFrom('demo_rows').select(['table_name', 'row_id']).where('table_name', 'in', ['moderation_log', 'comment_reports', 'appeals', 'bans']).execute();
  const of = (table: string) => listed.filter((r) => r.table_name === table).map((r) => r.row_id);
  for (const table of ['comment_reports', 'appeals', 'bans'] as const) {
    if (of(table).length) await trx.deleteFrom(table).where('id', 'in', of(table)).execute();
  }
  const logIds = of('moderation_log');
  if (!logIds.length) return 0;
  const used = new Set<number>();
  for (const r of await trx.selectFrom('appeals').select('log_id as id').where('log_id', 'in', logIds).execute()) used.add(r.id);
  for (const r of await trx.selectFrom('bans').select('log_id as id').where('log_id', 'in', logIds).execute()) if (r.id !== null) used.add(r.id);
  const entries = await trx.selectFrom('moderation_log').select(['id', 'appeal_of']).where((eb) => eb.or([eb('appeal_of', 'in', logIds), eb('id', 'in', logIds)])).execute();
  const demo = new Set(logIds);
  for (const e of entries) if (e.appeal_of !== null && !demo.has(e.id) && demo.has(e.appeal_of)) used.add(e.appeal_of);
  if (used.size) kept.push(`${used.size === 1 ? 'a demo moderation log entry' : `${used.size} demo moderation log entries`} that a real appeal or ban refers to`);
  const gone = logIds.filter((id) => !used.has(id));
  if (!gone.length) return 0;
  const answers = entries.filter((e) => e.appeal_of !== null && gone.includes(e.id)).map((e) => e.id);
  let n = 0;
  for (const ids of [answers, gone.filter((id) => !answers.includes(id))]) {
    if (ids.length) n += Number((await trx.deleteFrom('moderation_log').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
  }
  return n;
}
