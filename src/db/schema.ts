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
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  moderation_log: ModerationLogTable;
  bans: BansTable;
  appeals: AppealsTable;
  moderation_mail_optouts: { email_hash: string; created_at: string };
  wordpress_ids: WordpressIdsTable;
  jobs: JobsTable;
  job_timers: JobTimersTable;
  system_state: { key: string; value: string; updated_at: string };
  media_claims: { slug: string; claimed_at: string };
  media_transfers: { target: string; file: string; bytes: number; sha256: string; verified_at: string };
  wordpress_imports: WordpressImportsTable;
}

/** A WordPress import uploaded in the newsroom: its job, progress and report, for every server (src/wordpress/import-job.ts, migrations/060-import-jobs.ts). */
export interface WordpressImportsTable {
  id: Generated<number>;
  /** 1 while queued or running, else null: unique, so one import at a time site-wide. */
  active: number | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Its row in `jobs`. */
  job_id: number | null;
  /** The name the file had on the uploader's computer. */
  file_name: string;
  /** Its name in DATA_DIR/imports, removed when the import is over. */
  stored_file: string;
  uploads_dir: string | null;
  dry_run: number;
  started_by: number | null;
  /** The queue's name for the server running it. */
  server: string | null;
  phase: string;
  done: number;
  total: number;
  /** The report (JSON) once it has finished. */
  report: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** Work done once by whichever app server claims it (src/jobs/queue.ts, migrations/050-scale-out.ts). */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** JSON; emptied once the job is over, so a sent mail's links are not kept. */
  payload: string;
  state: Generated<'queued' | 'done' | 'failed' | 'discarded'>;
  run_after: string;
  /** Past this time the job is no longer worth doing (a sign-in link that has expired). */
  discard_after: string | null;
  attempts: Generated<number>;
  max_attempts: number;
  claimed_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A timed job's claim (src/jobs/timers.ts). */
export interface JobTimersTable {
  name: string;
  claimed_by: string | null;
  lease_until: string | null;
  /** When the last run that finished started: the next run looks from there. */
  last_started_at: string | null;
  last_finished_at: string | null;
}

/** What a WordPress import made of each thing in the export (src/wordpress/, migrations/040-wordpress.ts). */
export interface WordpressIdsTable {
  /** 'author' | 'category' | 'tag' | 'attachment' | 'post' | 'page' | 'comment' */
  kind: string;
  /** The export's id for it: a post or comment id, a term id, an author's login. */
  wp_key: string;
  local_id: number;
  /** A hash of the item as the export had it: a later export with another hash changed on WordPress. */
  fingerprint: string | null;
  /** The row's updated_at just after the import wrote it: another value means someone changed it here. */
  local_stamp: string | null;
  imported_at: string;
}

/** A signed-in reader's report of a comment: one per reader per comment (src/moderation/). */
export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  reporter_user_id: number;
  reason: string;
  note: Generated<string>;
  created_at: string;
  /** When a moderator acted on the comment: the report has been answered. */
  settled_at: string | null;
}

export type ModerationAction = 'approve' | 'remove' | 'ban' | 'lift-ban' | 'appeal-upheld' | 'appeal-overturned';

/** The public moderation log: rows are added, never changed (except a pseudonym for an erased reader) or deleted. */
export interface ModerationLogTable {
  id: Generated<number>;
  created_at: string;
  action: ModerationAction;
  reason: string;
  /** The moderator's note: for the newsroom and the author, never public. */
  note: Generated<string>;
  article_id: number | null;
  comment_id: number | null;
  moderator_id: number | null;
  subject_user_id: number | null;
  /** The author's name as shown publicly; a pseudonym once a reader erases their account. */
  subject_label: string;
  appeal_of: number | null;
  /** A ban's end; NULL for good (and for every other action). */
  until: string | null;
}

export interface BansTable {
  id: Generated<number>;
  user_id: number | null;
  /** A keyed hash of the address (src/lib/keyed-hash.ts), for guests and for a banned account's address. */
  guest_email_hash: string | null;
  until: string | null;
  reason: string;
  created_by: number | null;
  created_at: string;
  lifted_at: string | null;
  log_id: number | null;
}

export interface AppealsTable {
  id: Generated<number>;
  log_id: number;
  comment_id: number | null;
  author_user_id: number | null;
  /** A guest's address, to send the decision to; cleared once it is decided. */
  guest_email: string | null;
  text: string;
  created_at: string;
  decided_by: number | null;
  decision: 'upheld' | 'overturned' | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** A reader's comment on an article (see src/comments/ and migrations/030-comments.ts). */
export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  /** The thread's top-level comment (its own id when it is one). */
  thread_id: number | null;
  depth: number;
  author_user_id: number | null;
  guest_name: string | null;
  /** Never shown: reply notifications and bans only. */
  guest_email: string | null;
  author_token_hash: string | null;
  body_md: string;
  body_html: string;
  body_hash: string | null;
  status: CommentStatus;
  /** Shown in the marker of a removed comment. */
  removed_reason: string | null;
  /** Direct replies that are shown (kept by a trigger). */
  reply_count: Generated<number>;
  notify_replies: number;
  edited_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Waiting for approval; shown; removed by the moderators (text kept for an appeal); deleted by its author (text erased). */
export type CommentStatus = 'pending' | 'visible' | 'removed' | 'deleted';

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
  /** Its visible comments, kept by a trigger on `comments` (migrations/030-comments.ts). */
  comment_count: Generated<number>;
  /** Its newest comment's id, whatever the comment's status (0: none), kept by the same trigger (migrations/070-last-comment.ts). */
  last_comment_id: Generated<number>;
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
