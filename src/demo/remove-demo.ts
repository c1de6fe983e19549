import type { Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database, MediaVariant } from '../db/schema.ts';
import { LocalStore } from '../media/local-store.ts';
import type { MediaStore } from '../media/store.ts';
import { demoArticles } from './load-demo.ts';
import { removeDemoModeration } from './moderation.ts';
import { illustrations } from './illustrations.ts';
import { demoPeople, demoSections } from './site.ts';
import { SETTINGS } from '../settings/settings.ts';

type Trx = Transaction<Database>;

export interface DemoRemoval {
  removed: { articles: number; sections: number; people: number; media: number; tags: number; pages: number; polls: number; moderation: number };
  /** Demo rows kept because real content uses them, with why. */
  kept: string[];
}

/** "14 articles, 4 sections, 4 people, 9 pictures …": every kind of row removed, whatever later features add. */
export function describeRemoval(removed: Record<string, number>): string {
  const names: Record<string, string> = { media: 'pictures', moderation: 'moderation log entries' };
  return Object.entries(removed).map(([kind, n]) => `${n} ${names[kind] ?? kind}`).join(', ');
}

/**
 * Takes away the demo outlet and nothing else: the rows the demo loader listed
 * in `demo_rows` (or, on a site loaded before that list existed, the demo's own
 * slugs), in an order that leaves nothing dangling. A demo section, person,
 * picture or tag that real content now uses is kept, and said so: the site's own
 * articles never lose their section, byline or picture. Later features that add
 * demo rows list them in `demo_rows` too, and add their table here, first.
 */
export async function removeDemo(db: Db, store: MediaStore | string, changes: ChangeBus): Promise<DemoRemoval> {
  const files: MediaVariant[] = [];
  let menuChanged = false;
  const result = await db.kysely.transaction().execute(async (trx) => {
    const listed = await demoIds(trx);
    const removed = { articles: 0, sections: 0, people: 0, media: 0, tags: 0, pages: 0, polls: 0, moderation: 0 };
    const kept: string[] = [];
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
    for (const id of listed.tags) {
      const used = await trx.selectFrom('article_tags').select('article_id').where('tag_id', '=', id).executeTakeFirst();
      if (used) continue; // a real article carries it: it is the site's now
      removed.tags += Number((await trx.deleteFrom('tags').where('id', '=', id).executeTakeFirst()).numDeletedRows);
    }
    for (const id of listed.sections) {
      const s = await trx.selectFrom('sections').select(['name']).where('id', '=', id).executeTakeFirst();
      if (!s) continue;
      if (await trx.selectFrom('articles').select('id').where('section_id', '=', id).executeTakeFirst()) {
        kept.push(`the section “${s.name}”, which holds the site’s own articles`);
        continue;
      }
      await trx.deleteFrom('pins').where('place', '=', `section:${id}`).execute();
      removed.sections += Number((await trx.deleteFrom('sections').where('id', '=', id).executeTakeFirst()).numDeletedRows);
    }
    for (const id of listed.users) {
      const u = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
      if (!u) continue;
      const writes = await trx.selectFrom('article_authors').select('article_id').where('user_id', '=', id).executeTakeFirst();
      if (writes || u.email) {
        kept.push(`${u.name}, who ${u.email ? 'now has an account' : 'is in the byline of the site’s own articles'}`);
        continue;
      }
      removed.people += Number((await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst()).numDeletedRows);
    }
    for (const id of listed.media) {
      const m = await trx.selectFrom('media').select(['slug', 'variants']).where('id', '=', id).executeTakeFirst();
      if (!m) continue;
      const usedAsLead = await trx.selectFrom('articles').select('id').where('lead_media_id', '=', id).executeTakeFirst();
      const usedInBody = await trx.selectFrom('article_bodies').select('article_id').where('body_md', 'like', `%${m.slug}%`).executeTakeFirst();
      const usedAsPortrait = await trx.selectFrom('users').select('id').where('avatar_media_id', '=', id).executeTakeFirst();
      const usedBySection = await trx.selectFrom('sections').select('id').where('image_media_id', '=', id).executeTakeFirst();
      const usedInPage = await trx.selectFrom('pages').select('id').where('body_md', 'like', `%${m.slug}%`).executeTakeFirst();
      if (usedAsLead || usedInBody || usedAsPortrait || usedBySection || usedInPage) {
        kept.push(`the picture “${m.slug}”, which the site’s own content uses`);
        continue;
      }
      removed.media += Number((await trx.deleteFrom('media').where('id', '=', id).executeTakeFirst()).numDeletedRows);
      files.push(...(JSON.parse(m.variants) as MediaVariant[]));
    }
    await trx.deleteFrom('demo_rows').execute();
    return { removed, kept };
  });
  // Rows first, then files: a file left behind is harmless, a row without its file is a broken picture.
  // A data directory, as older callers give, means the local store in it.
  await (typeof store === 'string' ? new LocalStore(store) : store).remove(files.map((v) => v.file));
  await changes.everything();
  // Menu links to the demo's pages went with them: every server reads the settings again.
  if (menuChanged) await changes.changed([SETTINGS]);
  return result;
}

/** The demo's rows: as listed when it was loaded, or found by the demo's own slugs on older sites. */
async function demoIds(trx: Trx) {
  const listed = await trx.selectFrom('demo_rows').selectAll().execute();
  const of = (table: string) => listed.filter((r) => r.table_name === table).map((r) => r.row_id);
  if (listed.length) return { articles: of('articles'), sections: of('sections'), users: of('users'), media: of('media'), tags: of('tags'), pages: of('pages'), polls: of('polls') };
  const ids = async (q: Promise<{ id: number }[]>) => (await q).map((r) => r.id);
  const people = await ids(trx.selectFrom('users').select('id').where('slug', 'in', demoPeople.map((p) => p.slug)).where('email', 'is', null).execute());
  const articles = people.length
    ? await ids(trx.selectFrom('articles').select('id').where('slug', 'in', demoArticles.map((a) => a.slug)).where('created_by', 'in', people).execute())
    : [];
  return {
    articles,
    sections: await ids(trx.selectFrom('sections').select('id').where('slug', 'in', demoSections.map((s) => s.slug)).execute()),
    users: people,
    media: await ids(trx.selectFrom('media').select('id').where('slug', 'in', illustrations.map((i) => i.key)).execute()),
    tags: [] as number[],
    // Sites loaded before demo_rows existed had no demo pages.
    pages: [] as number[],
    polls: [] as number[],
  };
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
