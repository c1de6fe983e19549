import type { FastifyBaseLogger } from 'fastify';
import { loadServerSecret } from './accounts/server-keys.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { ArticleService } from './articles/service.ts';
import { ChangeBus } from './cache/change-bus.ts';
import { PageCache } from './cache/page-cache.ts';
import type { Config } from './config/config.ts';
import type { Db } from './db/connection.ts';
import { Assets } from './http/assets.ts';
import { SettingsService } from './settings/settings.ts';
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
  /** Cookies carry Secure when the public site is https. */
  secureCookies: boolean;
  /** Outgoing mail (invitations, password resets, sign-in links). */
  mailer: Mailer;
}

export async function buildServices(config: Config, db: Db, log: FastifyBaseLogger, staticDir: string): Promise<Services> {
  const settings = new SettingsService(db);
  await settings.load();
  const changes = new ChangeBus(db, log);
  const pageCache = new PageCache(config.pageCache, config.pageCacheMaxEntries);
  const assets = new Assets(staticDir);
  const siteData = new SiteData(db, settings, assets, config.siteUrl);
  changes.on(async () => {
    pageCache.clear();
    siteData.clear();
    await settings.load();
  });
  await changes.start();
  return {
    config, db, log, settings, changes, pageCache, siteData, assets,
    articles: new ArticleService(db, changes),
    secret: await loadServerSecret(db),
    secureCookies: config.siteUrl.startsWith('https://'),
    mailer: createMailer(config.smtpUrl, config.mailFrom, log),
  };
}
