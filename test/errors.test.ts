import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DATABASES, POSTGRES_ADMIN_URL } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

describe.each(DATABASES)('when something breaks on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  it('answers HEAD like GET, without a body', async () => {
    const res = await site.fetch('/', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });

  it('answers a method the site does not take with the 404 page', async () => {
    const res = await site.text('/', { method: 'POST', body: 'x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(404);
    expect(res.body).toContain('Page not found');
  });

  it('answers a malformed address with 400, not a stack trace', async () => {
    for (const path of ['/section/%E0%A4%A', '/%E0%A4%A', '/admin/%E0%A4%A']) {
      const res = await site.text(path, { headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(res.body, path).toContain(path.startsWith('/admin') ? 'class="admin-error"' : 'class="error-page"');
      expect(res.body).not.toMatch(/at .+\.(ts|js):\d+|FST_ERR/);
    }
  });

  it('shows the 500 page in the site’s look when the database fails, and logs nothing to the reader', async () => {
    const path = (await site.services.db.kysely.selectFrom('articles').select('path').limit(1).executeTakeFirstOrThrow()).path!;
    await sql`DROP TABLE article_tags`.execute(site.services.db.kysely);
    site.services.pageCache.clear();
    const res = await site.text(path);
    expect(res.status).toBe(500);
    expect(res.body).toContain('Something went wrong on our side');
    expect(res.body).toContain('class="site-header"');
    expect(res.body).not.toMatch(/article_tags|SqliteError|error:|\.ts:\d+/i);
    const json = await site.fetch(path, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(500);
    expect((await json.json()).error.title).toBe('Server error');
  });
});

describe('when PostgreSQL closes the connections', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite('postgres');
  });
  afterAll(async () => site?.close());

  it('keeps serving after the database ends every idle connection (a restart, a failover)', async () => {
    const database = new URL(site.services.db.postgresUrl!).pathname.slice(1);
    await site.text('/search?q=harbour'); // the pool now holds open connections
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 200));
    site.services.pageCache.clear();
    const res = await site.text('/search?q=harbour');
    expect(res.status).toBe(200);
    expect(res.body).toContain('class="card');
  });

  it('lets two transactions change one published article at once (a save and a caption re-render)', async () => {
    const url = site.services.db.postgresUrl!;
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const { rows } = await a.query("SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1");
      const id = rows[0].id;
      await a.query('BEGIN');
      await a.query('UPDATE articles SET title = title || $2 WHERE id = $1', [id, ' (updated)']);
      await b.query('BEGIN');
      const bodyUpdate = b.query("UPDATE article_bodies SET body_text = body_text || ' More.' WHERE article_id = $1", [id]);
      await new Promise((r) => setTimeout(r, 200));
      await a.query('COMMIT');
      await bodyUpdate;
      await b.query('COMMIT');
      const found = await a.query('SELECT count(*)::int AS n FROM article_search WHERE article_id = $1', [id]);
      expect(found.rows[0].n).toBe(1);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('keeps serving when another server adds a column to a table this one has statements for', async () => {
    // Every pooled connection has run `SELECT * FROM sections` once the sections are listed a few times.
    for (let i = 0; i < 12; i++) {
      site.services.pageCache.clear();
      expect((await site.text('/section/news')).status).toBe(200);
    }
    await sql`ALTER TABLE sections ADD COLUMN colour text`.execute(site.services.db.kysely);
    for (let i = 0; i < 12; i++) {
      site.services.pageCache.clear();
      const res = await site.text('/section/news');
      expect(res.status).toBe(200);
      expect(res.body).toContain('class="card');
    }
  });
});
