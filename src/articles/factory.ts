import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import { ArticleService } from './service.ts';

/** The article domain, built from what it needs: the database, the change messages, and a clock. */
export function createArticles(deps: { db: Db; changes: ChangeBus; now?: () => string }): ArticleService {
  return new ArticleService(deps);
}
