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

  /** The ids pinned to a place, in order (for the page that shows them). */
  async articleIds(place: string): Promise<number[]> {
    return (await this.list(place)).map((p) => p.articleId);
  }

  /** Pins an article at the end of a place's pins (or moves its end time). */
  async pin(place: Place, articleId: number, until: string | null): Promise<{ ok: true } | { ok: false; problem: string }> {
    const article = await this.db.kysely.selectFrom('articles').select(['status']).where('id', '=', articleId).executeTakeFirst();
    if (!article || article.status !== 'published') return { ok: false, problem: 'Only a published article can be pinned.' };
    if (until !== null && until <= this.now()) return { ok: false, problem: 'Choose an end time in the future, or none.' };
    if (place.startsWith('section:') && !(await this.db.kysely.selectFrom('sections').select('id').where('id', '=', Number(place.slice(8))).executeTakeFirst())) {
      return { ok: false, problem: 'There is no such section.' };
    }
    const last = await this.db.kysely.selectFrom('pins').select((eb) => eb.fn.max('position').as('p')).where('place', '=', place).executeTakeFirst();
    await this.db.kysely
      .insertInto('pins')
      .values({ place, article_id: articleId, position: Number(last?.p ?? -1) + 1, until, created_at: this.now() })
      .onConflict((oc) => oc.columns(['place', 'article_id']).doUpdateSet({ until }))
      .execute();
    await this.changes.changed([placeDep(place), articleDep(articleId)]);
    return { ok: true };
  }

  async unpin(id: number): Promise<void> {
    const p = await this.db.kysely.deleteFrom('pins').where('id', '=', id).returning(['place', 'article_id']).executeTakeFirst();
    if (p) await this.changes.changed([placeDep(p.place), articleDep(p.article_id)]);
  }

  /** One place earlier or later among its place's pins. */
  async move(id: number, direction: 'up' | 'down'): Promise<void> {
    const pin = await this.db.kysely.selectFrom('pins').select(['place']).where('id', '=', id).executeTakeFirst();
    if (!pin) return;
    await this.db.kysely.transaction().execute(async (trx) => {
      const all = await trx.selectFrom('pins').select('id').where('place', '=', pin.place).orderBy('position').execute();
      const i = all.findIndex((p) => p.id === id);
      const j = direction === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= all.length) return;
      [all[i], all[j]] = [all[j], all[i]];
      for (const [position, p] of all.entries()) await trx.updateTable('pins').set({ position }).where('id', '=', p.id).execute();
    });
    await this.changes.changed([placeDep(pin.place)]);
  }

  /** Takes down pins whose time has come; the delete is the claim. Returns how many. */
  async expire(now = this.now()): Promise<number> {
    const gone = await this.db.kysely.deleteFrom('pins').where('until', '<=', now).returning(['place', 'article_id']).execute();
    if (gone.length) await this.changes.changed([...new Set(gone.flatMap((p) => [placeDep(p.place), articleDep(p.article_id)]))]);
    return gone.length;
  }
}
