import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { ArticleStatus } from '../db/schema.ts';
import { ARCHIVE, articleDep, changeDeps, type PublicFacts } from './deps.ts';
import { placeDep } from './pins.ts';
import { publicFacts } from './service.ts';
import { type Actor, BIN_DAYS, type BinFacts, binDaysLeft, mayBin, mayDelete, mayRestore, type Permission } from './workflow.ts';

/**
 * Taking articles down for good. A draft that was never published is deleted.
 * A piece that was ever published goes to the bin instead: its status becomes
 * 'binned' (what it was is kept beside it), so every listing, feed, sitemap,
 * search index, pin and related list leaves it out by the same rule that leaves
 * out drafts, and its page and history answer 410 Gone. Restoring it within
 * BIN_DAYS puts back the status it had, and with it everything else, as it was.
 *
 * After BIN_DAYS the scheduler purges it: it can no longer be restored, its
 * pins go, and the row stays as a tombstone whose address answers 410 for good.
 * Its revisions stay too — publication history is never erased; only a legal
 * redaction rewrites it.
 */

export type BinOutcome =
  | { ok: true; title: string }
  | { ok: false; refused: string; why: 'missing' | 'not-yours' | 'cannot' };

export interface BinnedArticle {
  id: number;
  title: string;
  sectionName: string;
  binnedAt: string;
  /** Whole days left to restore it. */
  daysLeft: number;
  /** What a restore puts back. */
  was: ArticleStatus;
  createdBy: number | null;
  authorIds: number[];
}

const DAY_MS = 24 * 3600 * 1000;
const MISSING: BinOutcome = { ok: false, refused: 'There is no such article.', why: 'missing' };
const MEANWHILE: BinOutcome = { ok: false, refused: 'This article changed meanwhile. Look at it again, then try again.', why: 'cannot' };

function refusal(p: Exclude<Permission, true>): BinOutcome {
  return { ok: false, refused: p.refused, why: p.notYours ? 'not-yours' : 'cannot' };
}

export class ArticleBin {
  private readonly db: Db;
  private readonly changes: ChangeBus;
  readonly now: () => string;

  constructor(deps: { db: Db; changes: ChangeBus; now?: () => string }) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** What the rules need about one article, with its title for the confirmation. */
  async facts(id: number): Promise<(BinFacts & { id: number; title: string }) | null> {
    const k = this.db.kysely;
    const a = await k.selectFrom('articles').select(['id', 'title', 'status', 'created_by', 'binned_at', 'binned_status']).where('id', '=', id).executeTakeFirst();
    if (!a) return null;
    const [authors, revision] = await Promise.all([
      k.selectFrom('article_authors').select('user_id').where('article_id', '=', id).orderBy('position').execute(),
      k.selectFrom('article_revisions').select('id').where('article_id', '=', id).limit(1).executeTakeFirst(),
    ]);
    // A revision is written at publication; an imported piece may be public without one.
    const everPublished = Boolean(revision) || ['published', 'unpublished', 'binned'].includes(a.status);
    return {
      id: a.id, title: a.title, status: a.status, createdBy: a.created_by, authorIds: authors.map((r) => r.user_id),
      everPublished, binnedAt: a.binned_at, binnedStatus: a.binned_status,
    };
  }

  /** Deletes a piece that was never published, with everything that hangs off it. */
  async deleteDraft(actor: Actor, id: number): Promise<BinOutcome> {
    const a = await this.facts(id);
    if (!a) return MISSING;
    const may = mayDelete(actor, a);
    if (may !== true) return refusal(may);
    // The rule again, in the statement: a piece published meanwhile is not deleted.
    const r = await this.db.kysely
      .deleteFrom('articles')
      .where('id', '=', id)
      .where('status', 'in', ['draft', 'review', 'scheduled'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('article_revisions').select('id').where('article_id', '=', id))))
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return MEANWHILE;
    await this.changes.changed([articleDep(id)]);
    return { ok: true, title: a.title };
  }

  /** Moves a piece that was ever published to the bin. */
  async bin(actor: Actor, id: number): Promise<BinOutcome> {
    const a = await this.facts(id);
    if (!a) return MISSING;
    const may = mayBin(actor, a);
    if (may !== true) return refusal(may);
    const before = await publicFacts(this.db.kysely, id);
    // The status read is the claim: a piece changed meanwhile is not binned as something it no longer is.
    const r = await this.db.kysely
      .updateTable('articles')
      .set({ status: 'binned', binned_status: a.status, binned_at: this.now() })
      .where('id', '=', id)
      .where('status', '=', a.status)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1 || !before) return MEANWHILE;
    await this.changes.changed(await this.touched(before, { ...before, published: false }));
    return { ok: true, title: a.title };
  }

  /** Puts a binned piece back as it was, while it still can be. */
  async restore(actor: Actor, id: number): Promise<BinOutcome> {
    const a = await this.facts(id);
    if (!a) return MISSING;
    const now = this.now();
    const may = mayRestore(actor, a, now);
    if (may !== true) return refusal(may);
    const r = await this.db.kysely
      .updateTable('articles')
      .set({ status: a.binnedStatus!, binned_status: null, binned_at: null })
      .where('id', '=', id)
      .where('status', '=', 'binned')
      .where('binned_at', '=', a.binnedAt)
      .where('binned_at', '>', cutoff(now))
      .executeTakeFirst();
    const after = await publicFacts(this.db.kysely, id);
    if (Number(r.numUpdatedRows) !== 1 || !after) return MEANWHILE;
    await this.changes.changed(await this.touched({ ...after, published: false }, after));
    return { ok: true, title: a.title };
  }

  /**
   * Binned pieces past BIN_DAYS can no longer be restored (see above). The
   * conditional update is the claim, so with several servers each is purged once.
   * Returns their ids.
   */
  async purgeExpired(now = this.now()): Promise<number[]> {
    const { ids, places } = await this.db.kysely.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('articles')
        .set({ binned_status: null })
        .where('status', '=', 'binned')
        .where('binned_status', 'is not', null)
        .where('binned_at', '<=', cutoff(now))
        .returning('id')
        .execute();
      const purged = rows.map((r) => r.id);
      const pins = purged.length ? await trx.deleteFrom('pins').where('article_id', 'in', purged).returning('place').execute() : [];
      return { ids: purged, places: pins.map((p) => p.place) };
    });
    if (ids.length) await this.changes.changed([...ids.map(articleDep), ...new Set(places.map(placeDep))]);
    return ids;
  }

  /** What is in the bin and can still be restored, most recently binned first; only one person's pieces when asked. */
  async list(opts: { ownFor?: number; limit?: number } = {}): Promise<BinnedArticle[]> {
    const k = this.db.kysely;
    let q = k
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.id', 'a.title', 'a.binned_at', 'a.binned_status', 'a.created_by', 's.name as section_name'])
      .where('a.status', '=', 'binned')
      .where('a.binned_status', 'is not', null)
      .orderBy('a.binned_at', 'desc')
      .limit(opts.limit ?? 200);
    const me = opts.ownFor;
    if (me !== undefined) {
      q = q.where((eb) => eb.or([eb('a.created_by', '=', me), eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('user_id', '=', me))]));
    }
    const rows = await q.execute();
    const authors = rows.length ? await k.selectFrom('article_authors').select(['article_id', 'user_id']).where('article_id', 'in', rows.map((r) => r.id)).execute() : [];
    const now = this.now();
    return rows.map((r) => ({
      id: r.id, title: r.title, sectionName: r.section_name, binnedAt: r.binned_at!, daysLeft: binDaysLeft(r.binned_at!, now),
      was: r.binned_status!, createdBy: r.created_by, authorIds: authors.filter((x) => x.article_id === r.id).map((x) => x.user_id),
    }));
  }

  /** What readers could see change: the article's listings as for any withdrawal, and the places it is pinned. */
  private async touched(before: PublicFacts, after: PublicFacts): Promise<string[]> {
    const pins = await this.db.kysely.selectFrom('pins').select('place').where('article_id', '=', after.id).execute();
    return [...new Set([...changeDeps(before, after), articleDep(after.id), ARCHIVE, ...pins.map((p) => placeDep(p.place))])];
  }
}

/** Binned at or before this, a piece can no longer be restored. */
function cutoff(now: string): string {
  return new Date(Date.parse(now) - BIN_DAYS * DAY_MS).toISOString();
}
