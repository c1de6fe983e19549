import type { FastifyBaseLogger } from 'fastify';
import { createAccounts } from './accounts/factory.ts';
import type { ReaderData } from './accounts/reader-data.ts';
import { createArticles } from './articles/factory.ts';
import type { ArticleService } from './articles/service.ts';
import type { Pins } from './articles/pins.ts';
import type { ArticleBin } from './articles/bin.ts';
import type { Taxonomy } from './articles/taxonomy.ts';
import { createPages } from './pages/factory.ts';
import type { PageService } from './pages/service.ts';
import { siteAddressNames } from './routes/reserved.ts';
import { ChangeBus } from './cache/change-bus.ts';
import { PageCache } from './cache/page-cache.ts';
import type { Config } from './config/config.ts';
import type { Db } from './db/connection.ts';
import { AccessLog } from './http/access-log.ts';
import { Assets } from './http/assets.ts';
import { Cookies } from './http/cookies.ts';
import { FormTokens } from './http/csrf.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { Outbox } from './mail/outbox.ts';
import { JobQueue } from './jobs/queue.ts';
import { activeStore, MEDIA_STORE_DEP, MediaStores } from './media/stores.ts';
import type { Appeals } from './moderation/appeals.ts';
import { isBanned } from './moderation/bans.ts';
import { createModeration } from './moderation/factory.ts';
import type { ModerationService } from './moderation/service.ts';
import type { BallotBox } from './polls/ballot-box.ts';
import { createComments } from './comments/factory.ts';
import { commentsKeeper } from './comments/reader-data.ts';
import type { CommentService } from './comments/service.ts';
import type { CommentStream } from './comments/stream.ts';
import type { CommentWriter } from './comments/writer.ts';
import { createPolls } from './polls/factory.ts';
import type { PollService } from './polls/service.ts';
import { SETTINGS, SettingsService } from './settings/settings.ts';
import { createSite } from './site/factory.ts';
import { ImportJobs } from './wordpress/import-job.ts';
import type { SiteData } from './site/site-data.ts';

/**
 * What the surfaces (the public site, the reader's pages, the newsroom) are
 * given: the building blocks, and each domain as its own factory built it.
 * Assembled once at the composition root (server.ts); nothing reaches for a
 * global. A new domain adds its factory's line here and its route rows.
 */
export interface Services {
  config: Config;
  db: Db;
  log: FastifyBaseLogger;
  settings: SettingsService;
  changes: ChangeBus;
  pageCache: PageCache;
  siteData: SiteData;
  assets: Assets;
  articles: ArticleService;
  /** Sections and tags. */
  taxonomy: Taxonomy;
  /** What the editors pinned to the front page and section pages. */
  pins: Pins;
  /** Deleting drafts; the bin for articles that were ever published (restorable for 30 days). */
  bin: ArticleBin;
  /** Static pages (About, Contact, Corrections policy) at addresses the editors choose. */
  pages: PageService;
  /** Shared by all app servers (in the database): keys CSRF tokens and address hashes. */
  secret: Buffer;
  /** What other domains keep about readers, for their account page and for erasure. */
  readerData: ReaderData;
  /** The session and form-token cookies: Secure and __Host- named when the public site is https. */
  cookies: Cookies;
  /** Form tokens (CSRF) for every form. */
  forms: FormTokens;
  /** Reader polls: the rules, and the ballot box every vote goes through. */
  polls: PollService;
  ballotBox: BallotBox;
  /** Reader comments: the rules, the writer that stores them in batches (drained on shutdown), the live stream. */
  comments: CommentService;
  commentWriter: CommentWriter;
  commentStream: CommentStream;
  /** Outgoing mail (invitations, password resets, sign-in links). */
  mailer: Mailer;
  /** Mail that survives a restart: queued in the database, sent by whichever server claims it (mail/outbox.ts). */
  outbox: Outbox;
  /** Work done once by whichever app server claims it, with retries (jobs/queue.ts). */
  jobs: JobQueue;
  /** Where media files live (a folder here, or S3-compatible storage shared by every server): `media.current()`. */
  media: MediaStores;
  /** One line per request, buffered (see http/access-log.ts). */
  accessLog: AccessLog;
  /** The newsroom's WordPress imports: queued jobs claimed by any server, one at a time site-wide, progress in the database. */
  wordpressImports: ImportJobs;
  /** Readers' reports, the moderators' actions and their public log, bans; and appeals against them. */
  moderation: ModerationService;
  appeals: Appeals;
}

export async function buildServices(config: Config, db: Db, log: FastifyBaseLogger, staticDir: string, opts: { accessInto?: FastifyBaseLogger; media?: MediaStores } = {}): Promise<Services> {
  // Building blocks.
  const settings = new SettingsService(db);
  await settings.load();
  const changes = new ChangeBus(db, log);
  const pageCache = new PageCache(config.pageCache, config.pageCacheMaxEntries, config.pageCacheMaxBytes);
  const assets = new Assets(staticDir);
  const cookies = new Cookies(config.siteUrl.startsWith('https://'));
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  const media = opts.media ?? new MediaStores(await activeStore(db, config, log), db, config);
  const jobs = new JobQueue(db, log, { leaseMs: config.jobLeaseMs });
  const outbox = new Outbox(jobs, mailer);
  // In development the access lines go with the rest, readable; in production to their own buffered stream.
  const accessInto = opts.accessInto ?? (config.logFormat === 'pretty' ? log : null);
  const accessLog = new AccessLog({ setting: config.accessLog, level: config.logLevel, into: accessInto as never });
  // Domains.
  const accounts = await createAccounts({ db });
  const { articles, taxonomy, pins, bin } = createArticles({ db, changes });
  const { polls, ballotBox } = createPolls({ db, changes });
  const siteData = createSite({ db, settings, assets, siteUrl: config.siteUrl });
  const { comments, writer: commentWriter, stream: commentStream } = createComments({
    // A reply's email is its own job, written with the reply: the transport sends it when the job is claimed.
    db, changes, mailer, jobs, settings: () => settings.get(), secret: accounts.secret, siteUrl: config.siteUrl, log,
    isBanned: (who) => isBanned(db, who),
  });
  accounts.readerData.register(commentsKeeper({ db, changes }));
  const { moderation, appeals, keeper: moderationKeeper } = createModeration({
    db, changes, settings, mailer: outbox, secret: accounts.secret, log, siteUrl: config.siteUrl,
    approvingWithin: (trx, id) => comments.approvingWithin(trx, id), afterApproval: (id) => comments.afterApproval(id),
  });
  accounts.readerData.register(moderationKeeper);
  // No page may take an address the site answers itself; the route tables (built from the services) say which, read once when first asked.
  let reserved: ReadonlySet<string> | null = null;
  const { pages } = await createPages({ db, changes, settings, reservedNames: () => (reserved ??= siteAddressNames(services)) });
  // A change forgets what showed it, on this server and (through the change log) every other.
  changes.on(async (deps) => {
    if (deps.has(SETTINGS)) await settings.load();
    pageCache.forget(deps);
    if (deps.has(MEDIA_STORE_DEP)) await media.reload();
    siteData.forget(deps);
  });
  await changes.start();
  const services: Services = {
    config, db, log, settings, changes, pageCache, siteData, assets, articles, taxonomy, pins, polls, ballotBox, bin, pages, mailer, cookies, accessLog,
    outbox, jobs, media,
    comments, commentWriter, commentStream,
    moderation, appeals,
    secret: accounts.secret,
    readerData: accounts.readerData,
    forms: new FormTokens(accounts.secret, cookies),
    wordpressImports: new ImportJobs({ db, jobs, dataDir: config.dataDir, deps: () => ({ db, dataDir: config.dataDir, mediaStore: () => media.current(), articles, pages, changes }), log }),
  };
  return services;
}
