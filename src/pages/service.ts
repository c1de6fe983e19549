import type { Kysely, Transaction } from 'kysely';
import { ARCHIVE } from '../articles/deps.ts';
import { referencedMedia, renderBody } from '../articles/markdown.ts';
import { claimVersion, EditConflict, nextVersion } from '../articles/edit-version.ts';
import { mediaBySlugs } from '../articles/store.ts';
import { moveAddresses } from '../articles/taxonomy.ts';
import { bodyRefusal } from '../articles/workflow.ts';
import type { ChangeBus } from '../cache/change-bus.ts';
import { EVERYTHING } from '../cache/page-cache.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { SLUG_PATTERN, slugify } from '../lib/slug.ts';
import { SETTINGS, type SettingsService } from '../settings/settings.ts';
import { pageDep } from './deps.ts';
import { findPage, pagePath, type PageRow, publishedPages, recordPageRevision, slugTaken } from './store.ts';

export type PageAction = 'save' | 'publish' | 'unpublish';
export const PAGE_ACTIONS = ['save', 'publish', 'unpublish'] as const satisfies readonly PageAction[];

/** What an editor asks for: the page as they left it, and the button they pressed. */
export interface PageDraft {
  title: string;
  /** Empty: made from the title. */
  slug: string;
  standfirst: string;
  bodyMd: string;
  action: PageAction;
  /** For a change to a published page: how readers should see it. */
  change?: { kind: 'update' | 'correction'; note: string };
  /** The version the editor's form was loaded from (its `updated_at`): a save from another is refused. */
  baseVersion?: string;
}

/** Field names are the editor form's, so each problem shows beside its field. */
export type PageProblems = Partial<Record<'title' | 'slug' | 'body_md' | 'change_note' | 'form', string>>;

export type PageSaveResult =
  | { ok: true; id: number; status: PageRow['status']; /** What the next save is made from. */ version: string }
  | { ok: false; refused: 'not-found' }
  | { ok: false; conflict: { current: string } }
  | { ok: false; problems: PageProblems; /** What the renderer found in a body that may not go out with it. */ bodyProblems?: string[] };

export interface PageServiceDeps {
  db: Db;
  changes: ChangeBus;
  settings: SettingsService;
  /** The first parts of the site's own addresses (`admin`, `search`, `feed.xml` …): no page may take one. */
  reservedNames: () => ReadonlySet<string>;
  now?: () => string;
}

const SLUG_MAX = 80;

/**
 * Static pages (About, Contact, Corrections policy) and their rules: an address
 * of the editors' choosing that no route of the site's own uses, a draft that is
 * never public, a revision for every public change, the old address leading to
 * the new one (and the menu following it), and a change message for the cache.
 */
export class PageService {
  private readonly db: Db;
  private readonly changes: ChangeBus;
  private readonly settings: SettingsService;
  private readonly reservedNames: () => ReadonlySet<string>;
  private readonly now: () => string;

  constructor(deps: PageServiceDeps) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.settings = deps.settings;
    this.reservedNames = deps.reservedNames;
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** What Save, Publish and Unpublish do. `by` is the person pressing the button. */
  async save(by: number | null, id: number | null, d: PageDraft): Promise<PageSaveResult> {
    const existing = id === null ? null : await findPage(this.db.kysely, id);
    if (id !== null && !existing) return { ok: false, refused: 'not-found' };
    // Changed by someone else since the form was loaded: nothing else matters until the editor has seen both.
    if (existing && d.baseVersion && d.baseVersion !== existing.updated_at) return { ok: false, conflict: { current: existing.updated_at } };
    const current = existing?.status ?? 'draft';
    const status = d.action === 'publish' ? 'published' : d.action === 'unpublish' ? 'draft' : current;
    const slug = d.slug.trim() || slugify(d.title);
    const problems: PageProblems = {};
    if (!d.title.trim()) problems.title = 'Give the page a title.';
    const slugProblem = await this.slugProblem(slug, id);
    if (slugProblem) problems.slug = slugProblem;
    if (d.action === 'unpublish' && current !== 'published') problems.form = 'This page is not published.';
    if (current === 'published' && status === 'published' && d.change?.kind === 'correction' && !d.change.note.trim()) {
      problems.change_note = 'Say what was corrected: readers see this note on the page.';
    }
    // A figure naming no picture, an embed from a player we do not show: fixed before readers see it.
    const bodyProblems = status === 'published' ? await this.bodyProblems(d.bodyMd) : [];
    if (bodyProblems.length) problems.body_md = bodyRefusal('published', bodyProblems)!;
    if (Object.keys(problems).length) return { ok: false, problems, ...(bodyProblems.length ? { bodyProblems } : {}) };
    let written: { pageId: number; movedFrom: string | null; version: string };
    try {
      written = await this.db.kysely.transaction().execute((trx) => this.write(trx, by, existing ?? null, { ...d, slug }, status));
    } catch (err) {
      if (err instanceof EditConflict) return { ok: false, conflict: { current: err.current } };
      throw err;
    }
    const { pageId, movedFrom, version } = written;
    const wasPublic = current === 'published' || status === 'published';
    if (wasPublic) await this.changes.changed([pageDep(pageId), ARCHIVE]);
    if (movedFrom) await this.menuFollows(movedFrom, pagePath(slug));
    return { ok: true, id: pageId, status, version };
  }

  private async bodyProblems(bodyMd: string): Promise<string[]> {
    return renderBody(bodyMd, await mediaBySlugs(this.db.kysely, referencedMedia(bodyMd))).warnings;
  }

  /** Why a page may not live at /slug, or null. */
  async slugProblem(slug: string, id: number | null): Promise<string | null> {
    if (slug.length > SLUG_MAX) return `Keep the address to ${SLUG_MAX} characters or fewer.`;
    if (!SLUG_PATTERN.test(slug)) return 'Use lower-case letters, digits and single hyphens, such as “about” or “corrections-policy”.';
    if (/^\d{4}$/.test(slug)) return 'Four-digit numbers are kept for the archive’s years. Choose another address.';
    if (this.reservedNames().has(slug)) return `/${slug} is one of the site’s own addresses. Choose another.`;
    if (await slugTaken(this.db.kysely, slug, id)) return `Another page is already at /${slug}. Choose another address.`;
    return null;
  }

  /**
   * Deletes a page that was never public. A page that has been published keeps
   * its history: unpublish it instead.
   */
  async remove(id: number): Promise<{ ok: true } | { ok: false; refused: 'not-found' } | { ok: false; problem: string }> {
    const page = await findPage(this.db.kysely, id);
    if (!page) return { ok: false, refused: 'not-found' };
    if (page.status === 'published' || page.published_at) {
      return { ok: false, problem: 'This page has been published, so its history is kept. Unpublish it instead; its address then says it was withdrawn.' };
    }
    await this.db.kysely.deleteFrom('pages').where('id', '=', id).where('published_at', 'is', null).execute();
    return { ok: true };
  }

  /** The published pages as menu links: for the settings page's suggestions. */
  async menuSuggestions(): Promise<{ label: string; url: string }[]> {
    return (await publishedPages(this.db.kysely)).map((p) => ({ label: p.title, url: pagePath(p.slug) }));
  }

  /** Whether the site menu links to this address. */
  inMenu(path: string): boolean {
    return this.settings.get().nav.some((n) => n.url === path);
  }

  private async write(trx: Transaction<Database>, by: number | null, existing: PageRow | null, d: PageDraft, status: PageRow['status']) {
    // Each save a version of its own, even two in one millisecond (read again here: another save may have landed since); of two made from one version, one wins.
    const stored = existing && (await trx.selectFrom('pages').select('updated_at').where('id', '=', existing.id).executeTakeFirst());
    const now = nextVersion(this.now(), stored ? stored.updated_at : existing?.updated_at);
    if (existing && d.baseVersion) await claimVersion(trx, existing.id, d.baseVersion, now, 'pages');
    const db = trx as Kysely<Database>;
    const rendered = renderBody(d.bodyMd, await mediaBySlugs(db, referencedMedia(d.bodyMd)));
    const publishedAt = existing?.published_at ?? (status === 'published' ? now : null);
    const values = { slug: d.slug, title: d.title.trim(), standfirst: d.standfirst.trim(), status, body_md: d.bodyMd, body_html: rendered.html, updated_at: now, published_at: publishedAt };
    let pageId: number;
    if (existing) {
      await trx.updateTable('pages').set(values).where('id', '=', existing.id).execute();
      pageId = existing.id;
    } else {
      pageId = (await trx.insertInto('pages').values({ ...values, created_by: by, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    }
    // A page that has had an address keeps it leading here, and its history with it.
    const movedFrom = existing?.published_at && existing.slug !== d.slug ? pagePath(existing.slug) : null;
    if (movedFrom) await moveAddresses(trx, movedFrom, pagePath(d.slug), now, ['', '/history']);
    if (status === 'published') {
      const change = d.change ?? { kind: 'update', note: '' };
      await recordPageRevision(db, pageId, { title: values.title, standfirst: values.standfirst, bodyMd: d.bodyMd, kind: change.kind, note: change.note.trim(), editorId: by }, now);
    }
    return { pageId, movedFrom, version: now };
  }

  /** Menu links to the old address follow the page to its new one. */
  private async menuFollows(from: string, to: string): Promise<void> {
    const nav = this.settings.get().nav;
    if (!nav.some((n) => n.url === from)) return;
    await this.settings.save({ nav: nav.map((n) => (n.url === from ? { ...n, url: to } : n)) });
    await this.changes.changed([SETTINGS, EVERYTHING]);
  }
}

/** A page from elsewhere (the demo, an import): published as given, with its first revision. */
export interface ImportedPage {
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  publishedAt: string;
  /** Default 'published'. A draft from elsewhere keeps its date but is not public. */
  status?: PageRow['status'];
  /** The page an earlier import of the same item made: updated in place (a second run of an import). */
  id?: number;
  /** When it last changed elsewhere; default publishedAt. */
  updatedAt?: string;
}

/**
 * Import mode, inside the caller's transaction: the pages go in on the dates
 * given, a published one with its publication as revision 1 (and a later
 * import's change as a revision of its own). The caller announces the change
 * after committing. Returns the ids in order.
 */
export async function importPages(trx: Transaction<Database>, pages: ImportedPage[]): Promise<number[]> {
  const ids: number[] = [];
  for (const p of pages) {
    const rendered = renderBody(p.bodyMd, await mediaBySlugs(trx, referencedMedia(p.bodyMd)));
    const status = p.status ?? 'published';
    const values = {
      slug: p.slug, title: p.title, standfirst: p.standfirst, status, body_md: p.bodyMd, body_html: rendered.html,
      updated_at: p.updatedAt ?? p.publishedAt, published_at: status === 'published' ? p.publishedAt : null,
    };
    let id = p.id;
    if (id !== undefined) await trx.updateTable('pages').set(values).where('id', '=', id).execute();
    else id = (await trx.insertInto('pages').values({ ...values, created_by: null, created_at: p.publishedAt }).returning('id').executeTakeFirstOrThrow()).id;
    const revisedAt = p.id === undefined ? p.publishedAt : p.updatedAt ?? p.publishedAt;
    if (status === 'published') await recordPageRevision(trx, id, { title: p.title, standfirst: p.standfirst, bodyMd: p.bodyMd, kind: 'update', note: '', editorId: null }, revisedAt);
    ids.push(id);
  }
  return ids;
}
