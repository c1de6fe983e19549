import type { FastifyBaseLogger } from 'fastify';
import { loadServerSecret } from './accounts/server-keys.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { ArticleService } from './articles/service.ts';
import { ChangeBus } from './cache/change-bus.ts';
import { PageCache } from './cache/page-cache.ts';
import type { Config } from './config/config.ts';
import type { Db } from './db/connection.ts';
import { Assets } from './http/assets.ts';
import { Cookies } from './http/cookies.ts';
import { FormTokens } from './http/csrf.ts';
import { SETTINGS, SettingsService } from './settings/settings.ts';
import { SiteData } from './site/site-data.ts';

/** Everything the routes need, built once in server.ts and passed down as one object. */
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
  /** Shared by all app servers (in the database): keys CSRF tokens and address hashes. */
  secret: Buffer;
  /** The session and form-token cookies: Secure and __Host- named when the public site is https. */
  cookies: Cookies;
  /** Form tokens (CSRF) for every form. */
  forms: FormTokens;
  /** Outgoing mail (invitations, password resets, sign-in links). */
  mailer: Mailer;
}

export async function buildServices(config: Config, db: Db, log: FastifyBaseLogger, staticDir: string): Promise<Services> {
  const settings = new SettingsService(db);
  await settings.load();
  const changes = new ChangeBus(db, log);
  const pageCache = new PageCache(config.pageCache, config.pageCacheMaxEntries, config.pageCacheMaxBytes);
  const assets = new Assets(staticDir);
  const siteData = new SiteData(db, settings, assets, config.siteUrl);
  changes.on(async (deps) => {
    // Settings are read again only when they changed; pages only as far as they showed what changed.
    if (deps.has(SETTINGS)) await settings.load();
    pageCache.forget(deps);
    siteData.forget(deps);
  });
  await changes.start();
  const secret = await loadServerSecret(db);
  const cookies = new Cookies(config.siteUrl.startsWith('https://'));
  return {
    config, db, log, settings, changes, pageCache, siteData, assets,
    articles: new ArticleService({ db, changes }),
    secret,
    cookies,
    forms: new FormTokens(secret, cookies),
    mailer: createMailer(config.smtpUrl, config.mailFrom, log),
  };
}
