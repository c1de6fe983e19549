import type { Kysely, Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database, MediaVariant } from '../db/schema.ts';
import { LocalStore } from '../media/local-store.ts';
import type { MediaStore } from '../media/store.ts';
import { removeDemoModeration } from './moderation.ts';
import { demoSettings } from './site.ts';
import { SETTINGS } from '../settings/settings.ts';

type Trx = Transaction<Database>;

export interface DemoRemoval {
  /** False when the site listed no demo rows: nothing was touched. */
  found: boolean;
  removed: { articles: number; sections: number; people: number; media: number; tags: number; pages: number; polls: number; moderation: number };
  /** Demo rows kept because real content uses them, with why. */
  kept: string[];
  /** The demo's settings the site still has: the removal does not touch the site's settings. */
  demoSettingsLeft: ('name' | 'description')[];
  /** Sections the site has after the removal: none means the first-run page is the next step. */
  sectionsLeft: number;
}

/** What to tell an owner whose site holds no demo content (the command line and the newsroom say the same). */
export const NO_DEMO = 'This site holds no demo content; nothing was removed.';

/** Whether the site holds any demo content: the newsroom offers the removal only then. */
export async function hasDemo(db: Kysely<Database>): Promise<boolean> {
  return Boolean(await db.selectFrom('demo_rows').select('row_id').limit(1).executeTakeFirst());
}

/** "14 articles, 4 sections, 4 people, 9 pictures …": every kind of row removed, whatever later features add. */
export function describeRemoval(removed: Record<string, number>): string {
  const names: Record<string, string> = { media: 'pictures', moderation: 'moderation log entries' };
  return Object.entries(removed).map(([kind, n]) => `${n} ${names[kind] ?? kind}`).join(', ');
}

/**
 * Takes away the demo outlet and nothing else: the rows the demo loader listed
 * in `demo_rows`, in an order that leaves nothing dangling. Nothing is ever
 * found by name: a real site may well have its own "Opinion" section, and a
 * site that never had the demo (or has already removed it) lists nothing, so
 * nothing goes. The loader has listed every row it writes since migration 011;
 * a development database loaded before that lists none and is not covered (start
 * it afresh). A demo section, person, picture or tag that real content now uses
 * is kept, and said so: the site's own articles never lose their section, byline
 * or picture. Later features that add demo rows list them in `demo_rows` too,
 * and add their table here, first.
 */
export async function removeDemo(db: Db, store: MediaStore | string, changes: ChangeBus): Promise<DemoRemoval> {
  const files: MediaVariant[] = [];
  let menuChanged = false;
  const result = await db.kysely.transaction().execute(async (trx): Promise<DemoRemoval> => {
    const listed = await demoIds(trx);
    const removed = { articles: 0, sections: 0, people: 0, media: 0, tags: 0, pages: 0, polls: 0, moderation: 0 };
    const kept: string[] = [];
    if (!listed.any) return { found: false, removed, kept, demoSettingsLeft: [], sectionsLeft: 0 };
    // The demo's moderation log entries and report name its comments and people: they go first.
    removed.moderation = await removeDemoModeration(trx, kept);
    const demoPages = await removeDemoPages(trx, listed.pages, kept);
    removed.pages = demoPages.removed;
    menuChanged = demoPages.menuChanged;
    // The demo's polls go whole: their options, voters and ballots with them (the foreign keys cascade).
    if (listed.polls.length) removed.polls = Number((await trx.deleteFrom('polls').where('id', 'in', listed.polls).executeTakeFirst()).numDeletedRows);
    // Their comments go with them (the foreign key cascades): the demo's own, and any a reader added since.
    if (listed.articles.length) {
      removed.articles = Number((await trx.deleteFrom('articles').where('id', 'in', listed.articles).executeTakeFirst()).numDeletedRows);
    }
    removed.tags = await removeTags(trx, listed.tags);
    removed.sections = await removeSections(trx, listed.sections, kept);
    removed.people = await removePeople(trx, listed.users, kept);
    removed.media = await removeMedia(trx, listed.media, kept, files);
    await trx.deleteFrom('demo_rows').execute();
    const sectionsLeft = Number((await trx.selectFrom('sections').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { found: true, removed, kept, demoSettingsLeft: await demoSettingsLeft(trx), sectionsLeft };
  });
  if (!result.found) return result;
  // Rows first, then files: a file left behind is harmless, a row without its file is a broken picture.
  // A data directory, as older callers give, means the local store in it.
  await (typeof store === 'string' ? new LocalStore(store) : store).remove(files.map((v) => v.file));
  await changes.everything();
  // Menu links to the demo's pages went with them: every server reads the settings again.
  if (menuChanged) await changes.changed([SETTINGS]);
  return result;
}

/** Demo tags no real article carries. */
async function removeTags(trx: Trx, ids: number[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const used = await trx.selectFrom('article_tags').select('article_id').where('tag_id', '=', id).executeTakeFirst();
    if (used) continue; // a real article carries it: it is the site's now
    n += Number((await trx.deleteFrom('tags').where('id', '=', id).executeTakeFirst()).numDeletedRows);
  }
  return n;
}

/** Demo sections that hold none of the site's own articles. */
async function removeSections(trx: Trx, ids: number[], kept: string[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const s = await trx.selectFrom('sections').select(['name']).where('id', '=', id).executeTakeFirst();
    if (!s) continue;
    if (await trx.selectFrom('articles').select('id').where('section_id', '=', id).executeTakeFirst()) {
      kept.push(`the section “${s.name}”, which holds the site’s own articles`);
      continue;
    }
    await trx.deleteFrom('pins').where('place', '=', `section:${id}`).execute();
    n += Number((await trx.deleteFrom('sections').where('id', '=', id).executeTakeFirst()).numDeletedRows);
  }
  return n;
}

/** Demo writers who signed in to no account and write none of the site's own articles. */
async function removePeople(trx: Trx, ids: number[], kept: string[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const u = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
    if (!u) continue;
    const writes = await trx.selectFrom('article_authors').select('article_id').where('user_id', '=', id).executeTakeFirst();
    if (writes || u.email) {
      kept.push(`${u.name}, who ${u.email ? 'now has an account' : 'is in the byline of the site’s own articles'}`);
      continue;
    }
    n += Number((await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst()).numDeletedRows);
  }
  return n;
}

/** Demo pictures nothing of the site's own shows (the logo included); their files are gathered for after the commit. */
async function removeMedia(trx: Trx, ids: number[], kept: string[], files: MediaVariant[]): Promise<number> {
  const logo = await settingValue(trx, 'publisher_logo_media_id');
  let n = 0;
  for (const id of ids) {
    const m = await trx.selectFrom('media').select(['slug', 'variants']).where('id', '=', id).executeTakeFirst();
    if (!m) continue;
    if (logo === id || (await pictureInUse(trx, id, m.slug))) {
      kept.push(`the picture “${m.slug}”, which the site’s own content ${logo === id ? 'shows as its logo' : 'uses'}`);
      continue;
    }
    n += Number((await trx.deleteFrom('media').where('id', '=', id).executeTakeFirst()).numDeletedRows);
    files.push(...(JSON.parse(m.variants) as MediaVariant[]));
  }
  return n;
}

/** Which of the demo's own settings the site still has: they are the owner's to change, not the removal's. */
async function demoSettingsLeft(trx: Trx): Promise<('name' | 'description')[]> {
  const left: ('name' | 'description')[] = [];
  if ((await settingValue(trx, 'site_name')) === demoSettings.site_name) left.push('name');
  if ((await settingValue(trx, 'site_description')) === demoSettings.site_description) left.push('description');
  return left;
}

/**
 * After a removal: the demo's name and description, if the site still carries
 * them, and where to change them (the first-run page when no section is left,
 * since it names the site and makes the first section).
 */
export function afterRemoval(r: DemoRemoval): { text: string; href: string; where: string } | null {
  if (!r.demoSettingsLeft.length) return null;
  const name = `name, “${demoSettings.site_name}”`;
  const what = r.demoSettingsLeft.length === 2 ? `${name}, and its description` : r.demoSettingsLeft[0] === 'name' ? name : 'description';
  const next = r.sectionsLeft === 0 ? { href: '/admin/setup', where: 'the first-run page' } : { href: '/admin/settings', where: 'Settings' };
  return { text: `The site still carries the demo’s ${what}.`, ...next };
}

/** The demo's rows, as the loader listed them. */
async function demoIds(trx: Trx) {
  const listed = await trx.selectFrom('demo_rows').selectAll().execute();
  const of = (table: string) => listed.filter((r) => r.table_name === table).map((r) => r.row_id);
  return { any: listed.length > 0, articles: of('articles'), sections: of('sections'), users: of('users'), media: of('media'), tags: of('tags'), pages: of('pages'), polls: of('polls') };
}

/** Whether the site's own content shows a picture: a lead, a figure in a body or page, a portrait, a section's picture. */
async function pictureInUse(trx: Trx, id: number, slug: string): Promise<boolean> {
  const uses = await Promise.all([
    trx.selectFrom('articles').select('id').where('lead_media_id', '=', id).executeTakeFirst(),
    trx.selectFrom('article_bodies').select('article_id').where('body_md', 'like', `%${slug}%`).executeTakeFirst(),
    trx.selectFrom('users').select('id').where('avatar_media_id', '=', id).executeTakeFirst(),
    trx.selectFrom('sections').select('id').where('image_media_id', '=', id).executeTakeFirst(),
    trx.selectFrom('pages').select('id').where('body_md', 'like', `%${slug}%`).executeTakeFirst(),
  ]);
  return uses.some(Boolean);
}

/** One site setting as stored (JSON), or undefined. */
async function settingValue(trx: Trx, key: string): Promise<unknown> {
  const row = await trx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.value) : undefined;
}

/**
 * The demo's pages go, except one the newsroom has edited since (it is the
 * site's own now, and is kept); menu links to the pages that go go with them.
 */
async function removeDemoPages(trx: Trx, ids: number[], kept: string[]): Promise<{ removed: number; menuChanged: boolean }> {
  const gone = new Set<string>();
  for (const id of ids) {
    const p = await trx.selectFrom('pages').select(['slug', 'title', 'created_at', 'updated_at']).where('id', '=', id).executeTakeFirst();
    if (!p) continue;
    if (p.updated_at !== p.created_at) {
      kept.push(`the page “${p.title}”, which the newsroom has edited since`);
      continue;
    }
    await trx.deleteFrom('pages').where('id', '=', id).execute();
    gone.add(`/${p.slug}`);
  }
  const row = await trx.selectFrom('settings').select('value').where('key', '=', 'nav').executeTakeFirst();
  const nav: unknown = row ? JSON.parse(row.value) : [];
  if (!Array.isArray(nav)) return { removed: gone.size, menuChanged: false };
  const left = nav.filter((n: { url?: unknown }) => !gone.has(String(n?.url)));
  if (left.length !== nav.length) await trx.updateTable('settings').set({ value: JSON.stringify(left) }).where('key', '=', 'nav').execute();
  return { removed: gone.size, menuChanged: left.length !== nav.length };
}
