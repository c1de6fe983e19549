import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { articleDep, sectionDep } from './deps.ts';

/**
 * The front page is edited, not only sorted: editors pin a lead story and a few
 * featured ones, in order, for good or until a time; the rest follow newest
 * first. A section page can have its own pinned story. A pin whose time has
 * come is taken down by the scheduler (the delete is the claim, so with several
 * servers it happens once), and the pages it was on are forgotten.
 */

/** The front page's place, or a section's. */
export type Place = 'front' | `section:${number}`;

/** What a pin changes: the front page's own dependency, or the section's listing. */
export const FRONT_PAGE = 'front-page';

export function placeDep(place: string): string {
  return place === 'front' ? FRONT_PAGE : sectionDep(Number(place.slice('section:'.length)));
}

/** How many stories the front page shows pinned: a lead and three featured. */
export const FRONT_PINS = 4;

export interface Pin {
  id: number;
  place: string;
  articleId: number;
  title: string;
  path: string | null;
  position: number;
  until: string | null;
}

export class Pins {
  private readonly db: Db;
  private readonly changes: ChangeBus;
  private readonly now: () => string;

  constructor(deps: { db: Db; changes: ChangeBus; now?: () => string }) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** Pins still in force, in order, of published articles only; every place, or one. */
  async list(place?: string): Promise<Pin[]> {
    let q = this.db.kysely
      .selectFrom('pins as p')
      .innerJoin('articles as a', 'a.id', 'p.article_id')
      .select(['p.id', 'p.place', 'p.article_id as articleId', 'a.title', 'a.path', 'p.position', 'p.until'])
      .where('a.status', '=', 'published')
      .where((eb) => eb.or([eb('p.until', 'is', null), eb('p.until', '>', this.now())]))
      .orderBy('p.place')
      .orderBy('p.position');
    if (place) q = q.where('p.place', '=', place);
    return q.execute();
  }

  /**
   * Published stories an editor may pin, newest first, with their section: the
   * newest, or — to reach an older one — those whose headline holds the words
   * searched for (in that order, any case; letters beyond ASCII match their case
   * exactly on SQLite, whose lower() knows only ASCII).
   */
  async candidates(opts: { q?: string; limit?: number } = {}): Promise<{ id: number; title: string; sectionId: number; sectionName: string; publishedAt: string | null }[]> {
    let q = this.db.kysely
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.id', 'a.title', 'a.section_id as sectionId', 's.name as sectionName', 'a.published_at as publishedAt'])
      .where('a.status', '=', 'published');
    const words = (opts.q ?? '').replace(/[%_\\]/g, ' ').trim().split(/\s+/).filter(Boolean);
    if (words.length) q = q.where((eb) => eb(eb.fn('lower', ['a.title']), 'like', `%${words.join('%').toLowerCase()}%`));
    return q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(opts.limit ?? 200).execute();
  }

  /** The ids pinned to a place, in order (for the page that shows them). */
  async articleIds(place: string): Promise<number[]> {
    return (await this.list(place)).map((p) => p.articleId);
  }

  /** Pins an article at the end of a place's pins (or moves its end time). */
  async pin(place: Place, articleId: number, until: string | null): Promise<{ ok: true } | { ok: false; problem: string }> {
    const article = await this.db.kysely.selectFrom('articles').select(['status', 'section_id']).where('id', '=', articleId).executeTakeFirst();
    if (!article || article.status !== 'published') return { ok: false, problem: 'Only a published article can be pinned.' };
    if (until !== null && until <= this.now()) return { ok: false, problem: 'Choose an end time in the future, or none.' };
    const replaced: number[] = [];
    if (place !== 'front') {
      const sectionId = Number(place.slice('section:'.length));
      if (article.section_id !== sectionId) return { ok: false, problem: 'That article is not filed in this section.' };
      // A section page has one pinned story: a new one takes the place of the old.
      const old = await this.db.kysely.deleteFrom('pins').where('place', '=', place).where('article_id', '!=', articleId).returning('article_id').execute();
      replaced.push(...old.map((o) => o.article_id));
    }
    const last = await this.db.kysely.selectFrom('pins').select((eb) => eb.fn.max('position').as('p')).where('place', '=', place).executeTakeFirst();
    await this.db.kysely
      .insertInto('pins')
      .values({ place, article_id: articleId, position: Number(last?.p ?? -1) + 1, until, created_at: this.now() })
      .onConflict((oc) => oc.columns(['place', 'article_id']).doUpdateSet({ until }))
      .execute();
    await this.changes.changed([placeDep(place), ...[articleId, ...replaced].map(articleDep)]);
    return { ok: true };
  }

  /** The place a pin is on, for the page that asked to change it. */
  async placeOf(id: number): Promise<string | null> {
    return (await this.db.kysely.selectFrom('pins').select('place').where('id', '=', id).executeTakeFirst())?.place ?? null;
  }

  async unpin(id: number): Promise<void> {
    const p = await this.db.kysely.deleteFrom('pins').where('id', '=', id).returning(['place', 'article_id']).executeTakeFirst();
    if (p) await this.changes.changed([placeDep(p.place), articleDep(p.article_id)]);
  }

  /**
   * One place earlier or later among the pins shown (published, in force): a pin
   * of a withdrawn or binned story stays in the table, hidden, to come back with
   * its story, and Up must not spend itself passing it. Answers whether the
   * order changed.
   */
  async move(id: number, direction: 'up' | 'down'): Promise<boolean> {
    const pin = await this.db.kysely.selectFrom('pins').select(['place']).where('id', '=', id).executeTakeFirst();
    if (!pin) return false;
    const now = this.now();
    const moved = await this.db.kysely.transaction().execute(async (trx) => {
      const all = await trx.selectFrom('pins as p').innerJoin('articles as a', 'a.id', 'p.article_id')
        .select(['p.id', 'p.until', 'a.status']).where('p.place', '=', pin.place).orderBy('p.position').orderBy('p.id').execute();
      const shown = all.flatMap((p, at) => (p.status === 'published' && (p.until === null || p.until > now) ? [at] : []));
      const i = shown.findIndex((at) => all[at].id === id);
      const j = direction === 'up' ? i - 1 : i + 1;
      if (i < 0 || j < 0 || j >= shown.length) return false;
      [all[shown[i]], all[shown[j]]] = [all[shown[j]], all[shown[i]]];
      for (const [position, p] of all.entries()) await trx.updateTable('pins').set({ position }).where('id', '=', p.id).execute();
      return true;
    });
    if (moved) await this.changes.changed([placeDep(pin.place)]);
    return moved;
  }

  /** Takes down pins whose time has come; the delete is the claim. Returns how many. */
  async expire(now = this.now()): Promise<number> {
    const gone = await this.db.kysely.deleteFrom('pins').where('until', '<=', now).returning(['place', 'article_id']).execute();
    if (gone.length) await this.changes.changed([...new Set(gone.flatMap((p) => [placeDep(p.place), articleDep(p.article_id)]))]);
    return gone.length;
  }
}
