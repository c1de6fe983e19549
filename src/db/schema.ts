import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * Table types for Kysely. Times are ISO-8601 UTC strings in both databases
 * (same text sorts the same way on SQLite and PostgreSQL); booleans are 0/1.
 */
export interface Database {
  settings: SettingsTable;
  users: UsersTable;
  sections: SectionsTable;
  tags: TagsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_bodies: ArticleBodiesTable;
  article_authors: ArticleAuthorsTable;
  article_tags: ArticleTagsTable;
  redirects: RedirectsTable;
  server_keys: { name: string; value: string };
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  login_throttle: { key: string; failures: number; window_started_at: string };
  article_revisions: ArticleRevisionsTable;
  change_log: ChangeLogTable;
  demo_rows: { table_name: string; row_id: number };
  pins: PinsTable;
  polls: PollsTable;
  poll_options: { poll_id: number; number: number; label: string };
  poll_voters: { poll_id: number; voter_key: string };
  poll_ballots: PollBallotsTable;
  pages: PagesTable;
  page_revisions: PageRevisionsTable;
}

/** A reader poll (see src/polls/). */
export interface PollsTable {
  id: Generated<number>;
  question: string;
  max_choices: number;
  policy: 'account' | 'browser' | 'browser_address';
  show_results: 'always' | 'after_vote' | 'after_close';
  opens_at: string | null;
  closes_at: string | null;
  closed_at: string | null;
  archived_at: string | null;
  in_sidebar: number;
  article_id: number | null;
  secret: string | null;
  genesis: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** One ballot on a poll's public board, in chain order. */
export interface PollBallotsTable {
  poll_id: number;
  seq: number;
  receipt_hash: string;
  choices: string;
  hour: string;
  prev_hash: string;
  hash: string;
}

/** A story pinned to the front page ('front') or a section page ('section:<id>'), in order, until a time or for good. */
export interface PinsTable {
  id: Generated<number>;
  place: string;
  article_id: number;
  position: number;
  until: string | null;
  created_at: string;
}

/** A static page (About, Contact, Corrections policy) at an address the editors choose. */
export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  standfirst: string;
  status: 'draft' | 'published';
  body_md: string;
  body_html: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface PageRevisionsTable {
  id: Generated<number>;
  page_id: number;
  number: number;
  kind: 'published' | 'update' | 'correction';
  note: string;
  editor_id: number | null;
  title: string;
  standfirst: string;
  body_md: string;
  created_at: string;
}

/** One change as every process hears of it: the dependencies it touched, space-separated. */
export interface ChangeLogTable {
  id: Generated<number>;
  deps: string;
  /** The process that made it (it has already applied it). */
  origin: string;
  created_at: string;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  number: number;
  kind: 'published' | 'update' | 'correction' | 'redaction';
  note: string;
  editor_id: number | null;
  title: string;
  standfirst: string;
  body_md: string;
  created_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export type TokenPurpose = 'invite' | 'reset' | 'signin';

export interface AuthTokensTable {
  token_hash: string;
  purpose: TokenPurpose;
  email: string;
  user_id: number | null;
  role: Role | null;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type Role = 'owner' | 'editor' | 'author' | 'contributor' | 'moderator' | 'reader';

export interface UsersTable {
  id: Generated<number>;
  email: string | null;
  name: string;
  slug: string;
  bio: string;
  avatar_media_id: number | null;
  role: Role;
  password_hash: string | null;
  created_at: string;
  /** Set while an owner has suspended the account: it cannot sign in. */
  suspended_at: Generated<string | null>;
  /** JSON object of the profile's public links: website, mastodon, bluesky, x, email. */
  links: Generated<string>;
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
  image_media_id: Generated<number | null>;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface MediaVariant {
  width: number;
  height: number;
  format: 'jpeg' | 'webp' | 'png' | 'avif' | 'gif';
  file: string;
}

export interface MediaTable {
  id: Generated<number>;
  slug: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  /** JSON array of MediaVariant, smallest first. */
  variants: string;
  created_at: string;
}

/** 'binned': in the bin (articles/bin.ts), its status before kept in `binned_status`. */
export type ArticleStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished' | 'binned';

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  section_id: number;
  status: ArticleStatus;
  title: string;
  standfirst: string;
  word_count: number;
  lead_media_id: number | null;
  lead_alt: string | null;
  lead_caption: string | null;
  lead_credit: string | null;
  seo_title: string | null;
  seo_description: string | null;
  comments_enabled: number;
  /** URL path of the article, e.g. /2026/11/harbour-plan-passes; fixed by the first publication date. */
  path: string | null;
  created_by: number | null;
  /** An editor's note when sending a submitted article back to its writer. */
  review_note: string | null;
  published_at: string | null;
  updated_at: string;
  /** In the bin since then: answers 410, restorable for 30 days. */
  binned_at: Generated<string | null>;
  /** While in the bin: the status a restore puts back. NULL once purged (then it stays a 410 tombstone). */
  binned_status: Generated<ArticleStatus | null>;
  created_at: string;
}

export interface ArticleBodiesTable {
  article_id: number;
  body_md: string;
  /** Rendered, sanitised body; a cache of body_md kept in step by the article service. */
  body_html: string;
  /** Plain text of the body, for search. */
  body_text: string;
}

/** A link's `published_at` is the article's while it is published, else NULL; triggers keep it (migration 007). */
export interface ArticleAuthorsTable {
  article_id: number;
  user_id: number;
  position: number;
  published_at: ColumnType<string | null, never, never>;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  published_at: ColumnType<string | null, never, never>;
}

export interface RedirectsTable {
  from_path: string;
  /** Where the old path leads: an article (follows later moves) or a fixed path. */
  article_id: number | null;
  to_path: string | null;
  /** 1: the address is retired and answers 410 (a redaction took a passage out of it). */
  gone: Generated<number>;
  created_at: string;
}

export type Article = Selectable<ArticlesTable>;
export type Media = Selectable<MediaTable>;
export type User = Selectable<UsersTable>;
export type Section = Selectable<SectionsTable>;
export type Tag = Selectable<TagsTable>;
