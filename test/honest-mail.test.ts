import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** A site with no mail server says so, and hands over the link instead of pretending it was mailed. */
describe.each(DATABASES)('a site without SMTP on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { env: { SMTP_URL: '' } });
  });
  afterAll(async () => site?.close());

  it('shows the owner the invitation link to pass on, and the link works', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/staff');
    const res = await owner.post('/admin/staff/invite', { email: 'new.writer@lantern.test', role: 'author' });
    const page = res.status === 303 ? await owner.get(res.location!) : res;
    expect(page.body).toContain('No mail was sent');
    expect(page.body).not.toMatch(/invitation (was )?sent|we sent/i);
    const link = /http:\/\/news\.test(\/admin\/invitation\/[A-Za-z0-9_-]+)/.exec(page.body)?.[1];
    expect(link).toBeDefined();
    const invitee = new Agent(site);
    const accept = await invitee.get(link!);
    expect(accept.status).toBe(200);
    expect(accept.body).toContain('new.writer@lantern.test');
  });

  it('tells someone asking for a reset link that no mail can be sent, whether or not the account exists', async () => {
    const staff = await asRole(site, 'author');
    const email = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', staff.userId).executeTakeFirstOrThrow()).email!;
    const answers = [];
    for (const address of [email, 'nobody@lantern.test']) {
      const visitor = new Agent(site);
      await visitor.get('/admin/reset');
      const res = await visitor.post('/admin/reset', { email: address });
      expect(res.status).toBe(200);
      expect(res.body).toContain('No mail can be sent');
      answers.push(res.body.replace(/name="_csrf" value="[^"]+"/g, ''));
    }
    expect(answers[0]).toBe(answers[1]);
  });
});
