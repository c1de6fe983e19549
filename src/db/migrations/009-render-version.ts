import { type Kysely, sql } from 'kysely';

/**
 * Article bodies are stored rendered; `body_render_version` says by which
 * renderer (see articles/rerender.ts), and a start with a newer one renders them
 * again. A site that already has bodies was rendered by version 1; a new site
 * has none, so it starts at the version current when this was written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM article_bodies`.execute(db);
  const version = Number(rows[0].n) > 0 ? '1' : '2';
  await db.insertInto('server_keys').values({ name: 'body_render_version', value: version }).execute();
}
