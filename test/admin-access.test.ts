import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Capability, can, STAFF_ROLES } from '../src/accounts/capabilities.ts';
import { newsroomRoutes } from '../src/routes/newsroom.ts';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

describe.each(DATABASES)('newsroom access control on %s', (kind) => {
  let site: TestSite;
  let articleId: number;
  beforeAll(async () => {
    site = await startTestSite(kind);
    articleId = (await site.services.db.kysely.selectFrom('articles').select('id').limit(1).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => site?.close());

  const routes = (id = articleId) => newsroomRoutes(site.services).map((r) => ({ ...r, path: r.url.replace(':id', String(id)) }));

  /** A draft of the agent's own, so per-article routes test the capability, not ownership. */
  async function ownDraft(userId: number): Promise<number> {
    const section = await site.services.db.kysely.selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    return site.services.articles.create({
      title: 'Own draft', standfirst: '', sectionId: section.id, authorIds: [userId], tags: [], bodyMd: 'Text.', status: 'draft', createdBy: userId,
    });
  }

  it('checks a capability on every registered admin route', () => {
    const table = routes();
    expect(table.length).toBeGreaterThan(8);
    for (const r of table) expect(r.capability, `${r.method} ${r.url}`).toBeTruthy();
    // The app itself refuses an /admin route without one: see mountRoutes().
  });

  it('sends strangers to the sign-in page and refuses their posts', async () => {
    const stranger = new Agent(site);
    await stranger.get('/admin/login');
    for (const r of routes().filter((x) => x.capability !== 'public')) {
      if (r.method === 'GET') {
        const res = await stranger.get(r.path);
        expect(res.status, r.path).toBe(303);
        expect(res.location).toMatch(/^\/admin\/login\?next=/);
      } else {
        const res = await stranger.post(r.path, { title: 'x', section_id: '1' });
        expect(res.status, `${r.method} ${r.path}`).toBe(401);
      }
    }
  });

  it.each(STAFF_ROLES)('lets a %s use exactly the routes its capabilities allow', async (role) => {
    const agent = await asRole(site, role);
    const own = await ownDraft(agent.userId);
    for (const r of routes(own).filter((x) => x.capability !== 'public' && x.url !== '/admin/sign-out-everywhere')) {
      const allowed = can(role, r.capability as Capability);
      const res = r.method === 'GET' ? await agent.get(r.path) : await agent.post(r.path, { title: '', section_id: '1' });
      if (!allowed) expect(res.status, `${role} ${r.method} ${r.path}`).toBe(403);
      else {
        // Allowed: an answer as designed (a page, a redirect, or a 4xx about the form), never refused, never a failure.
        expect([401, 403], `${role} ${r.method} ${r.path}`).not.toContain(res.status);
        expect(res.status, `${role} ${r.method} ${r.path}`).toBeLessThan(500);
      }
    }
  });

  it('keeps authors and contributors out of other people’s articles', async () => {
    for (const role of ['author', 'contributor'] as const) {
      const agent = await asRole(site, role);
      expect((await agent.get(`/admin/articles/${articleId}/edit`)).status).toBe(403);
      const res = await agent.post(`/admin/articles/${articleId}`, { title: 'Hijacked', section_id: '1', action: 'save' });
      expect(res.status).toBe(403);
    }
    const title = (await site.services.db.kysely.selectFrom('articles').select('title').where('id', '=', articleId).executeTakeFirstOrThrow()).title;
    expect(title).not.toBe('Hijacked');
  });

  it('refuses every state-changing route without a valid CSRF token', async () => {
    const owner = await asRole(site, 'owner');
    for (const r of routes().filter((x) => x.method === 'POST')) {
      const res = await owner.post(r.path, { title: 'x', section_id: '1', email: 'a@b.c', password: 'x' }, { csrf: false });
      expect(res.status, r.path).toBe(403);
      expect(res.body).toContain('did not come from this site');
      owner.csrf = 'forged-token-value-that-is-long-enough-1234';
      const forged = await owner.post(r.path, { title: 'x', section_id: '1' });
      expect(forged.status, r.path).toBe(403);
      await owner.get('/admin');
    }
  });

  it('never lets a reader account into the newsroom', async () => {
    const reader = await asRole(site, 'reader').catch((e: Error) => e);
    expect(reader).toBeInstanceOf(Error);
  });
});
