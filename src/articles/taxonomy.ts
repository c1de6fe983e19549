import type { Kysely, Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { SLUG_PATTERN, slugify } from '../lib/slug.ts';
import { articleDep, LATEST, TAG_LIST, tagDep } from './deps.ts';

/**
 * Sections and tags: how the archive is filed. A renamed section or tag keeps
 * its old address leading to the new one (pages, feeds); a section is deleted
 * only when empty or when its articles move to another; tags can be merged.
 * Sections are in every page's menu, so changing one changes everything.
 */

export type Problems = Partial<Record<'name' | 'slug' | 'description' | 'image' | 'move_to' | 'into' | 'form', string>>;
export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; problems: Problems };

export interface SectionInput {
  name: string;
  slug?: string;
  description: string;
  imageMediaId: number | null;
}

type K = Kysely<Database>;

export class Taxonomy {
  private readonly db: Db;
  private readonly changes: ChangeBus;
  private readonly now: () => string;

  constructor(deps: { db: Db; changes: ChangeBus; now?: () => string }) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  async sections() {
    return this.db.kysely
      .selectFrom('sections as s')
      .leftJoin('media as m', 'm.id', 's.image_media_id')
      .select(['s.id', 's.slug', 's.name', 's.description', 's.position', 's.image_media_id', 'm.slug as image_slug'])
      .select((eb) => eb.selectFrom('articles as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.section_id', '=', 's.id').as('articles'))
      .orderBy('s.position')
      .orderBy('s.name')
      .execute();
  }

  async createSection(input: SectionInput): Promise<Outcome<{ id: number }>> {
    const problems = await this.sectionProblems(input, null);
    if (problems) return { ok: false, problems };
    const slug = input.slug || slugify(input.name);
    const last = await this.db.kysely.selectFrom('sections').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
    const row = await this.db.kysely
      .insertInto('sections')
      .values({ name: input.name.trim(), slug, description: input.description.trim(), position: Number(last?.p ?? -1) + 1, image_media_id: input.imageMediaId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.changes.everything(); // the menu
    return { ok: true, id: row.id };
  }

  async updateSection(id: number, input: SectionInput): Promise<Outcome> {
    const old = await this.db.kysely.selectFrom('sections').select(['slug']).where('id', '=', id).executeTakeFirst();
    if (!old) return { ok: false, problems: { form: 'There is no such section.' } };
    const problems = await this.sectionProblems(input, id);
    if (problems) return { ok: false, problems };
    const slug = input.slug || old.slug;
    await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('sections').set({ name: input.name.trim(), slug, description: input.description.trim(), image_media_id: input.imageMediaId }).where('id', '=', id).execute();
      if (slug !== old.slug) await moveAddresses(trx, `/section/${old.slug}`, `/section/${slug}`, this.now(), ['', '/feed.xml', '/atom.xml']);
    });
    await this.changes.everything();
    return { ok: true };
  }

  /** One place up or down in the menu. */
  async moveSection(id: number, direction: 'up' | 'down'): Promise<void> {
    await this.db.kysely.transaction().execute(async (trx) => {
      const all = await trx.selectFrom('sections').select(['id']).orderBy('position').orderBy('name').execute();
      const i = all.findIndex((s) => s.id === id);
      const j = direction === 'up' ? i - 1 : i + 1;
      if (i < 0 || j < 0 || j >= all.length) return;
      [all[i], all[j]] = [all[j], all[i]];
      for (const [position, s] of all.entries()) await trx.updateTable('sections').set({ position }).where('id', '=', s.id).execute();
    });
    await this.changes.everything();
  }

  /**
   * Deletes a section. One that holds articles is deleted only when they move to
   * another (moveTo), whose address its own then leads to.
   */
  async deleteSection(id: number, moveTo: number | null): Promise<Outcome> {
    const s = await this.db.kysely.selectFrom('sections').select(['slug', 'name']).where('id', '=', id).executeTakeFirst();
    if (!s) return { ok: false, problems: { form: 'There is no such section.' } };
    const count = Number((await this.db.kysely.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('section_id', '=', id).executeTakeFirstOrThrow()).n);
    const target = moveTo === null ? null : await this.db.kysely.selectFrom('sections').select(['id', 'slug']).where('id', '=', moveTo).where('id', '!=', id).executeTakeFirst();
    if (count && !target) {
      return { ok: false, problems: { move_to: `“${s.name}” holds ${count} article${count === 1 ? '' : 's'}. Choose a section to move ${count === 1 ? 'it' : 'them'} to first.` } };
    }
    await this.db.kysely.transaction().execute(async (trx) => {
      if (target) {
        await trx.updateTable('articles').set({ section_id: target.id }).where('section_id', '=', id).execute();
        await moveAddresses(trx, `/section/${s.slug}`, `/section/${target.slug}`, this.now(), ['', '/feed.xml', '/atom.xml']);
      }
      await trx.deleteFrom('pins').where('place', '=', `section:${id}`).execute();
      await trx.deleteFrom('sections').where('id', '=', id).execute();
    });
    await this.changes.everything();
    return { ok: true };
  }

  private async sectionProblems(input: SectionInput, id: number | null): Promise<Problems | null> {
    const problems: Problems = {};
    const name = input.name.trim();
    if (!name) problems.name = 'Give the section a name.';
    else if (name.length > 60) problems.name = 'Keep the name to 60 characters or fewer.';
    const slug = input.slug || (name ? slugify(name) : '');
    if (input.slug && !SLUG_PATTERN.test(input.slug)) problems.slug = 'Use lower-case letters, digits and single hyphens.';
    else if (slug) {
      let q = this.db.kysely.selectFrom('sections').select('id').where('slug', '=', slug);
      if (id !== null) q = q.where('id', '!=', id);
      if (await q.executeTakeFirst()) problems.slug = 'Another section already has this address.';
    }
    if (input.description.length > 600) problems.description = 'Keep the description to 600 characters or fewer.';
    if (input.imageMediaId !== null && !(await this.db.kysely.selectFrom('media').select('id').where('id', '=', input.imageMediaId).executeTakeFirst())) {
      problems.image = 'Choose the picture from the media library.';
    }
    return Object.keys(problems).length ? problems : null;
  }

  /**
   * One page of the tags, by name, with how many articles carry each; only
   * those whose name holds `q` when it is given. The newsroom lists tags a
   * page at a time: a site with thousands of them must not get a page that
   * grows with their square (each row's merge field names its target by name).
   */
  async tagPage(opts: { q?: string; offset: number; limit: number }): Promise<{ rows: { id: number; slug: string; name: string; articles: number }[]; total: number }> {
    const words = (opts.q ?? '').replace(/[%_\\]/g, ' ').trim().toLowerCase();
    const matching = () => {
      const q = this.db.kysely.selectFrom('tags as t');
      return words ? q.where((eb) => eb(eb.fn('lower', ['t.name']), 'like', `%${words}%`)) : q;
    };
    const [rows, count] = await Promise.all([
      matching()
        .select(['t.id', 't.slug', 't.name'])
        .select((eb) => eb.selectFrom('article_tags as at').select((e) => e.fn.countAll<number>().as('n')).whereRef('at.tag_id', '=', 't.id').as('articles'))
        .orderBy('t.name').orderBy('t.id').offset(opts.offset).limit(opts.limit).execute(),
      matching().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map((r) => ({ ...r, articles: Number(r.articles ?? 0) })), total: Number(count.n) };
  }

  /** The names of the most used tags, for the merge fields' suggestions. */
  async popularTagNames(limit: number): Promise<string[]> {
    const rows = await this.db.kysely.selectFrom('tags as t').leftJoin('article_tags as at', 'at.tag_id', 't.id')
      .select(['t.name']).groupBy(['t.id', 't.name']).orderBy((eb) => eb.fn.count('at.article_id'), 'desc').orderBy('t.name').limit(limit).execute();
    return rows.map((r) => r.name);
  }

  /** One tag, with how many articles carry it, or undefined. */
  async tag(id: number): Promise<{ id: number; slug: string; name: string; articles: number } | undefined> {
    const t = await this.db.kysely.selectFrom('tags').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
    if (!t) return undefined;
    const n = await this.db.kysely.selectFrom('article_tags').select((eb) => eb.fn.countAll<number>().as('n')).where('tag_id', '=', id).executeTakeFirstOrThrow();
    return { ...t, articles: Number(n.n) };
  }

  /** The tag a person named: tags are one per address, so the name's address finds it whatever its case or spacing. */
  async tagNamed(name: string): Promise<{ id: number; name: string } | undefined> {
    const slug = slugify(name.trim());
    if (!slug) return undefined;
    return this.db.kysely.selectFrom('tags').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst();
  }

  /** Renames a tag: its address follows the new name and the old one leads there. */
  async renameTag(id: number, name: string): Promise<Outcome<{ slug: string }>> {
    const trimmed = name.trim();
    const slug = slugify(trimmed);
    const tag = await this.db.kysely.selectFrom('tags').select(['slug']).where('id', '=', id).executeTakeFirst();
    if (!tag) return { ok: false, problems: { form: 'There is no such tag.' } };
    if (!trimmed) return { ok: false, problems: { name: 'Give the tag a name.' } };
    if (trimmed.length > 80) return { ok: false, problems: { name: 'Keep the name to 80 characters or fewer.' } };
    if (await this.db.kysely.selectFrom('tags').select('id').where('slug', '=', slug).where('id', '!=', id).executeTakeFirst()) {
      return { ok: false, problems: { name: 'Another tag already has that name. Merge the two instead.' } };
    }
    const articles = await this.db.kysely.transaction().execute(async (trx) => {
      await trx.updateTable('tags').set({ name: trimmed, slug }).where('id', '=', id).execute();
      if (tag.slug !== slug) await moveAddresses(trx, `/tag/${tag.slug}`, `/tag/${slug}`, this.now(), ['', '/feed.xml', '/atom.xml']);
      return articlesWith(trx, [id]);
    });
    await this.changes.changed([tagDep(id), TAG_LIST, ...articles.map(articleDep)]);
    return { ok: true, slug };
  }

  /** Every article tagged `from` is tagged `into` instead; `from` goes, and its address leads to `into`. */
  async mergeTags(from: number, into: number): Promise<Outcome> {
    if (from === into) return { ok: false, problems: { into: 'Choose another tag to merge into.' } };
    const [a, b] = await Promise.all([
      this.db.kysely.selectFrom('tags').select(['slug']).where('id', '=', from).executeTakeFirst(),
      this.db.kysely.selectFrom('tags').select(['slug']).where('id', '=', into).executeTakeFirst(),
    ]);
    if (!a || !b) return { ok: false, problems: { into: 'Choose a tag from the list.' } };
    const articles = await this.db.kysely.transaction().execute(async (trx) => {
      const touched = await articlesWith(trx, [from, into]);
      const already = new Set((await trx.selectFrom('article_tags').select('article_id').where('tag_id', '=', into).execute()).map((r) => r.article_id));
      const moving = (await trx.selectFrom('article_tags').select('article_id').where('tag_id', '=', from).execute()).map((r) => r.article_id);
      for (const articleId of moving) if (!already.has(articleId)) await trx.insertInto('article_tags').values({ article_id: articleId, tag_id: into }).execute();
      await trx.deleteFrom('tags').where('id', '=', from).execute();
      await moveAddresses(trx, `/tag/${a.slug}`, `/tag/${b.slug}`, this.now(), ['', '/feed.xml', '/atom.xml']);
      return touched;
    });
    await this.changes.changed([tagDep(from), tagDep(into), TAG_LIST, LATEST, ...articles.map(articleDep)]);
    return { ok: true };
  }

  /** Takes a tag off every article; its address then finds nothing. */
  async deleteTag(id: number): Promise<Outcome> {
    const done = await this.db.kysely.transaction().execute(async (trx) => {
      const touched = await articlesWith(trx, [id]);
      const gone = Number((await trx.deleteFrom('tags').where('id', '=', id).executeTakeFirst()).numDeletedRows);
      return { touched, gone };
    });
    if (!done.gone) return { ok: false, problems: { form: 'There is no such tag.' } };
    await this.changes.changed([tagDep(id), TAG_LIST, ...done.touched.map(articleDep)]);
    return { ok: true };
  }

  /** For the sitemap and the first-run page. */
  async sectionCount(): Promise<number> {
    return Number((await this.db.kysely.selectFrom('sections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
}

async function articlesWith(trx: K, tagIds: number[]): Promise<number[]> {
  return (await trx.selectFrom('article_tags').select('article_id').distinct().where('tag_id', 'in', tagIds).execute()).map((r) => r.article_id);
}

/**
 * An address (and its feeds) now lives elsewhere: one 301 from the old, and
 * addresses that already led to the old one lead straight to the new.
 */
export async function moveAddresses(trx: Transaction<Database> | K, from: string, to: string, now: string, suffixes: string[]): Promise<void> {
  for (const suffix of suffixes) {
    const [f, t] = [`${from}${suffix}`, `${to}${suffix}`];
    await trx.deleteFrom('redirects').where('from_path', '=', t).where('article_id', 'is', null).execute();
    await trx.insertInto('redirects').values({ from_path: f, article_id: null, to_path: t, created_at: now })
      .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: null, to_path: t, gone: 0 })).execute();
    await trx.updateTable('redirects').set({ to_path: t }).where('to_path', '=', f).execute();
  }
}
