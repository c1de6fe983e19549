import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What the newsroom's poll pages read about articles: which a poll may go inside, and the names of those it is in. */

export interface ArticleChoice {
  id: number;
  title: string;
  status: string;
  path: string | null;
}

/** The newest articles a poll may be put inside: published, scheduled, and the ones still being written. */
export async function attachableArticles(k: Kysely<Database>, limit = 60): Promise<ArticleChoice[]> {
  return k.selectFrom('articles').select(['id', 'title', 'status', 'path'])
    .where('status', 'in', ['published', 'scheduled', 'review', 'draft'])
    .orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function articlesById(k: Kysely<Database>, ids: number[]): Promise<Map<number, ArticleChoice>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await k.selectFrom('articles').select(['id', 'title', 'status', 'path']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
