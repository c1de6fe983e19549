import { articleDep, LATEST, TAG_LIST } from '../articles/deps.ts';
import { listPublished, mediaById } from '../articles/store.ts';
import { EVERYTHING } from '../cache/page-cache.ts';
import type { Db } from '../db/connection.ts';
import type { Assets } from '../http/assets.ts';
import type { SettingsService } from '../settings/settings.ts';
import type { ViewContext } from '../views/context.ts';
import type { SidebarData } from '../views/partials.ts';
import { pollDep } from '../polls/deps.ts';
import { pollIsOpen, sidebarPoll } from '../polls/store.ts';
import { pollForm } from '../polls/views.ts';
import { listSections, popularTags } from './store.ts';

/**
 * What appears around every page (sections for the menu, the sidebar), read
 * once and kept until published content changes.
 */
export class SiteData {
  private ctx: Promise<ViewContext> | null = null;
  private side: Promise<SidebarData> | null = null;
  /** What the cached sidebar shows (its articles, its poll); null while its read is under way (or when none is cached). */
  private sideDeps: Set<string> | null = null;

  private readonly db: Db;
  private readonly settings: SettingsService;
  private readonly assets: Assets;
  private readonly siteUrl: string;

  constructor(
    db: Db,
    settings: SettingsService,
    assets: Assets,
    siteUrl: string,
  ) {
    this.db = db;
    this.settings = settings;
    this.assets = assets;
    this.siteUrl = siteUrl;
  }

  viewContext(): Promise<ViewContext> {
    const logoId = this.settings.get().publisher_logo_media_id;
    this.ctx ??= Promise.all([listSections(this.db.kysely), logoId ? mediaById(this.db.kysely, logoId) : null])
      .then(([sections, logo]) => ({
        settings: this.settings.get(),
        assets: this.assets,
        siteUrl: this.siteUrl,
        sections: sections.map((s) => ({ slug: s.slug, name: s.name })),
        logo,
      }))
      .catch((err) => {
        this.ctx = null;
        throw err;
      });
    return this.ctx;
  }

  sidebar(): Promise<SidebarData> {
    if (this.side) return this.side;
    // A read a change has already replaced must not record what it found: its ids are old.
    this.sideDeps = null;
    const now = new Date().toISOString();
    const read: Promise<SidebarData> = Promise.all([listPublished(this.db.kysely, {}, 5), popularTags(this.db.kysely, 12), sidebarPoll(this.db.kysely, now)])
      .then(([latest, tags, poll]) => {
        if (this.side === read) this.sideDeps = new Set([...latest.map((a) => articleDep(a.id)), ...(poll ? [pollDep(poll.id)] : [])]);
        const open = poll ? pollIsOpen(poll, now) : false;
        return { latest, tags, ...(poll ? { pollId: poll.id, poll: (ctx: ViewContext) => pollForm(ctx, poll, { open }) } : {}) };
      })
      .catch((err) => {
        if (this.side === read) this.side = null;
        throw err;
      });
    this.side = read;
    return read;
  }

  /** A context that needs no database, for error pages when the database is the problem. */
  fallbackContext(): ViewContext {
    return { settings: this.settings.get(), assets: this.assets, siteUrl: this.siteUrl, sections: [] };
  }

  /** Forget what a change touched: the frame on everything, the sidebar on new listings or a change to an article it shows. */
  forget(deps: ReadonlySet<string>): void {
    if (deps.has(EVERYTHING)) {
      this.ctx = null;
      this.side = null;
      this.sideDeps = null;
      return;
    }
    // While a read is under way what it shows is not known yet, and it may have read what just changed.
    const shown = this.sideDeps;
    if (deps.has(LATEST) || deps.has(TAG_LIST) || shown === null || [...deps].some((d) => shown.has(d))) {
      this.side = null;
      this.sideDeps = null;
    }
  }
}
