import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDER_VERSION } from '../src/articles/rerender.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';
import { markupErrors } from './helpers/markup.ts';
import { startTestSite } from './helpers/site.ts';

describe.each(DATABASES)('bodies rendered by an older renderer, on %s', (kind) => {
  it('are rendered again at the next start, so a stored figure loses its stray </source>', async () => {
    const pgDb = kind === 'postgres' ? await createPostgresDatabase() : null;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-rerender-'));
    const first = await startTestSite(kind, { databaseUrl: pgDb?.url, dataDir });
    const k = first.services.db.kysely;
    // As an older version stored it: a figure with an end tag for <source>.
    const withFigure = await k.selectFrom('article_bodies').select(['article_id', 'body_html']).where('body_html', 'like', '%<source%').executeTakeFirstOrThrow();
    await k.updateTable('article_bodies').set({ body_html: withFigure.body_html.replace(/(<source[^>]*>)/g, '$1</source>') }).where('article_id', '=', withFigure.article_id).execute();
    await k.updateTable('server_keys').set({ value: '1' }).where('name', '=', 'body_render_version').execute();
    await first.close();
    const second = await startTestSite(kind, { databaseUrl: pgDb?.url, dataDir });
    try {
      const k2 = second.services.db.kysely;
      const body = await k2.selectFrom('article_bodies').select('body_html').where('article_id', '=', withFigure.article_id).executeTakeFirstOrThrow();
      expect(body.body_html).not.toContain('</source>');
      expect((await k2.selectFrom('server_keys').select('value').where('name', '=', 'body_render_version').executeTakeFirstOrThrow()).value).toBe(String(RENDER_VERSION));
      const article = await k2.selectFrom('articles').select('path').where('id', '=', withFigure.article_id).executeTakeFirstOrThrow();
      const res = await second.fetch(article.path!);
      expect(markupErrors(res.headers.get('content-type'), await res.text())).toEqual([]);
    } finally {
      await second.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
