import { z } from 'zod';
import type { Db } from '../db/connection.ts';

/** The change that means the settings were saved: every server loads them again. */
export const SETTINGS = 'settings';

/** The moderators' reasons until the owner writes their own (at /admin/moderation/reasons). */
export const DEFAULT_MODERATION_REASONS = {
  remove: ['Personal attack', 'Hate or harassment', 'Spam or advertising', 'Personal details about someone', 'Possibly unlawful (defamation, contempt of court)', 'Off topic'],
  keep: ['Within the house rules', 'Disagreement is not abuse', 'Reported by mistake', 'The removal was a mistake'],
};

/** What editors change in the database, as opposed to the operator's config. */
const navItem = z.object({ label: z.string().min(1), url: z.string().min(1) });
export const settingsSchema = z.object({
  site_name: z.string().min(1).default('Samizdat'),
  site_description: z.string().default('Independent news and opinion'),
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).default('en'),
  locale: z.string().default('en-IE'),
  timezone: z.string().default('UTC'),
  accent_colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#b3261e'),
  nav: z.array(navItem).default([]),
  social: z.record(z.string(), z.string().url()).default({}),
  publisher_logo_media_id: z.number().int().nullable().default(null),
  // Reader comments (src/comments/, docs/comments.md): who may comment, when threads close, the spam measures.
  comments_who: z.enum(['guests', 'readers']).default('guests'),
  /** Threads close this many days after publication; 0 keeps them open. */
  comments_close_after_days: z.number().int().min(0).max(3650).default(30),
  /** A commenter's first comment waits for a moderator's approval. */
  comments_first_waits: z.boolean().default(false),
  /** How deep replies nest: 1 allows no replies, 3 allows replies to replies. */
  comments_depth: z.number().int().min(1).max(8).default(3),
  comments_sort: z.enum(['oldest', 'newest', 'replied']).default('oldest'),
  comments_link_limit: z.number().int().min(0).max(50).default(2),
  /** Words, phrases or link addresses (example.com) that a comment may not contain. */
  comments_blocklist: z.array(z.string().min(1).max(200)).max(2000).default([]),
  /** A form sent sooner than this after the page was drawn is asked to be sent again. */
  comments_min_seconds: z.number().int().min(0).max(60).default(2),
  // The reasons moderators choose from (src/moderation/): why a comment goes (also for bans, upheld appeals and readers' reports), and why it stays.
  moderation_reasons: z.object({ remove: z.array(z.string().min(1)).min(1), keep: z.array(z.string().min(1)).min(1) }).default(DEFAULT_MODERATION_REASONS),
});

export type SiteSettings = z.infer<typeof settingsSchema>;

export class SettingsService {
  private current: SiteSettings = settingsSchema.parse({});

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get(): SiteSettings {
    return this.current;
  }

  async load(): Promise<SiteSettings> {
    const rows = await this.db.kysely.selectFrom('settings').select(['key', 'value']).execute();
    const raw: Record<string, unknown> = {};
    for (const r of rows) raw[r.key] = JSON.parse(r.value);
    const parsed = settingsSchema.safeParse(raw);
    // A bad stored value falls back to defaults rather than taking the site down.
    this.current = parsed.success ? parsed.data : settingsSchema.parse({});
    return this.current;
  }

  async save(values: Partial<SiteSettings>): Promise<void> {
    const valid = settingsSchema.partial().parse(values);
    await this.db.kysely.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(valid)) {
        // Only what was given: zod fills the defaults of every other key in, and those would overwrite the site's.
        if (value === undefined || !Object.hasOwn(values, key)) continue;
        const v = JSON.stringify(value);
        await trx
          .insertInto('settings')
          .values({ key, value: v })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: v }))
          .execute();
      }
    });
    await this.load();
  }
}
