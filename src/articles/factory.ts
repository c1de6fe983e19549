import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { ArticleBin } from './bin.ts';
import { Pins } from './pins.ts';
import { ArticleService } from './service.ts';
import { Taxonomy } from './taxonomy.ts';

/** The article domain, built from what it needs: the database, the change messages, and a clock. */
export function createArticles(deps: { db: Db; changes: ChangeBus; now?: () => string }): { articles: ArticleService; taxonomy: Taxonomy; pins: Pins; bin: ArticleBin } {
  return { articles: new ArticleService(deps), taxonomy: new Taxonomy(deps), pins: new Pins(deps), bin: new ArticleBin(deps) };
}
