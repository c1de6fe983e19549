import type { CommentStatus } from '../../db/schema.ts';

/**
 * What comment intake works on and decides. The phases (phases.ts) each read
 * only the part they need and answer with a refusal or part of the decision;
 * the pipeline (pipeline.ts) runs them in order. Nothing here touches the
 * database: what the phases need to know from it is gathered first, as facts.
 */

/** Why a comment was not taken; each has its words (words.ts) and an HTTP status. */
export type RefusalCode =
  | 'closed' | 'sign-in' | 'banned' | 'trap' | 'too-quick' | 'stale'
  | 'empty' | 'too-long' | 'name-missing' | 'name-too-long' | 'email-missing' | 'email-bad'
  | 'too-many-links' | 'blocked' | 'bad-parent' | 'no-parent' | 'duplicate' | 'throttled';

export interface Refusal {
  code: RefusalCode;
  status: 400 | 403 | 404 | 409 | 413 | 422 | 429;
  /** The form field it is about, so the message can stand beside it. */
  field?: 'body' | 'name' | 'email';
  /** Numbers or words the message needs (the limit, the ban's reason …). */
  detail?: Record<string, string | number | null>;
}

/** What was posted, as typed (trimmed only where said). */
export interface Submission {
  body: string;
  name: string;
  email: string;
  notify: boolean;
  parentId: number | null;
  /** The honeypot field: a person never sees it. */
  trap: string;
  /** The form's signed drawing time (see timing.ts). */
  formStamp: string;
}

/** The comment settings the phases apply (site settings, see settings.ts). */
export interface IntakeRules {
  who: 'guests' | 'readers';
  closeAfterDays: number;
  firstWaits: boolean;
  depthLimit: number;
  linkLimit: number;
  blocklist: readonly string[];
  minSeconds: number;
}

/** What is known before intake starts: the article, who is asking, the parent, bans. */
export interface IntakeFacts {
  now: Date;
  article: { id: number; commentsEnabled: boolean; publishedAt: string };
  /** The signed-in reader or staff member, or null for a guest. */
  user: { id: number; name: string; trusted: boolean } | null;
  /** The comment replied to, if it exists on this article and is shown. */
  parent: { id: number; depth: number; parentId: number | null; threadId: number | null } | null;
  ban: { until: string | null; reason: string } | null;
  /** Has this author (account, or guest email) a comment that was shown before? Staff are `trusted` anyway. */
  approvedBefore: boolean;
  /** When the form was drawn, if its stamp is genuine (timing.ts); null when forged or missing. */
  formDrawnAt: Date | null;
}

/** The rendered text: what the Markdown made of it. */
export interface RenderedComment {
  html: string;
  text: string;
  links: number;
}

export interface Intake {
  input: Submission;
  rules: IntakeRules;
  facts: IntakeFacts;
  /** Filled in by the render phase. */
  rendered?: RenderedComment;
  decision: Partial<Decision>;
}

/** Everything intake decides about a comment it takes. */
export interface Decision {
  status: Extract<CommentStatus, 'pending' | 'visible'>;
  parentId: number | null;
  threadId: number | null;
  depth: number;
  guestName: string | null;
  guestEmail: string | null;
  notify: boolean;
  bodyMd: string;
  bodyHtml: string;
  bodyText: string;
}

export type PhaseResult = { refuse: Refusal } | { decide: Partial<Decision> } | void;

/** One step of the policy. */
export interface Phase {
  name: string;
  run(i: Intake): PhaseResult;
}
