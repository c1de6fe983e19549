import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SiteSettings } from '../settings/settings.ts';
import { commentsDep } from './deps.ts';
import { ReplyMail } from './notify.ts';
import { type BanCheck, CommentService } from './service.ts';
import { CommentStream } from './stream.ts';
import { CommentWriter } from './writer.ts';

export interface CommentsDeps {
  db: Db;
  changes: ChangeBus;
  /** Sends reply emails when their jobs are claimed: the transport (mail/mailer.ts), not the outbox, since the job already keeps the email. */
  mailer: Mailer;
  /** The queue that keeps reply emails from the moment their reply is stored (jobs/queue.ts). */
  jobs: JobQueue;
  settings: () => SiteSettings;
  secret: Buffer;
  siteUrl: string;
  log: { warn(o: object, msg: string): void };
  /** Moderation's bans (src/moderation/bans.ts); without it nobody is banned. */
  isBanned?: BanCheck;
  /** Live streams one process keeps open at most. */
  maxStreams?: number;
  now?: () => Date;
}

/** The comments domain: the rules, the writer that stores comments in batches, the live stream. */
export function createComments(deps: CommentsDeps): { comments: CommentService; writer: CommentWriter; stream: CommentStream } {
  const mail = new ReplyMail({
    db: deps.db, mailer: deps.mailer, jobs: deps.jobs, secret: deps.secret, siteUrl: deps.siteUrl,
    site: () => ({ name: deps.settings().site_name, language: deps.settings().language }),
  });
  const writer = new CommentWriter({
    db: deps.db,
    now: deps.now,
    notices: mail,
    // A batch's new visible comments forget their articles' pages (and only those), here and on every other server.
    changed: async (trx, written) => {
      const tell = await deps.changes.record(trx, written.filter((w) => w.comment.status === 'visible').map((w) => commentsDep(w.comment.articleId)));
      // Run after the commit: the comments are stored by then, so a failure to tell this server's caches must not fail the posts.
      return () => tell().catch((err) => deps.log.warn({ err }, 'new comments stored, but the caches were not told'));
    },
  });
  const comments = new CommentService({ ...deps, writer, mail });
  const stream = new CommentStream({ db: deps.db, changes: deps.changes, maxStreams: deps.maxStreams });
  comments.onApproved((articleId, id) => void comments.shown(id).then((c) => c && stream.announce(articleId, id, c.parentId)));
  return { comments, writer, stream };
}
