import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { RESET_LIMITS } from '../../src/accounts/password-reset.ts';
import { LINK_LIMITS } from '../../src/accounts/reader-accounts.ts';
import { claimAttempt, resetSweepClock, THROTTLE } from '../../src/accounts/throttle.ts';
import { Agent, PASSWORD } from '../helpers/agent.ts';
import { DATABASES } from '../helpers/databases.ts';
import { fromAddress, nextAddress } from '../helpers/reader.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from '../helpers/smtp.ts';

/**
 * Every limit a stranger can reach, attacked in parallel: what got through is
 * counted, and must not exceed the limit (the check and the count are one
 * atomic step, taken before the expensive work).
 */
describe.each(DATABASES)('rate limits under parallel abuse on %s', (kind) => {
  let site: TestSite;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite(kind, { env: { SMTP_URL: smtp.url, TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  const db = () => site.services.db.kysely;
  /** n clients, each with its own form token, from one address. */
  async function clients(n: number, path: string, ip = nextAddress()): Promise<Agent[]> {
    const out: Agent[] = [];
    for (let i = 0; i < n; i++) {
      const a = new Agent(fromAddress(site, ip));
      await a.get(path);
      out.push(a);
    }
    return out;
  }

  it('lets no more than the account limit of password guesses reach argon2, and the right password among 30 parallel guesses is refused too', async () => {
    const email = `target.${kind}@newsroom.test`;
    await createStaff(site.services.db, { email, name: 'Target Person', password: PASSWORD, role: 'editor' });
    const agents = await clients(31, '/admin/login');
    const results = await Promise.all(
      agents.map((a, i) => a.post('/admin/login', { email, password: i === 30 ? PASSWORD : `wrong guess number ${i}` })),
    );
    const checked = results.filter((r) => r.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(THROTTLE.perAccount);
    const accepted = results.filter((r) => r.status === 303);
    // The right password got through only if it was among the first five claimed; then the rest were refused.
    expect(accepted.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(31 - THROTTLE.perAccount);
  });

  it('sends no more sign-in links to one address than its limit, however many ask at once', async () => {
    const email = `flooded.${kind}@readers.test`;
    const agents = await clients(50, '/account/sign-in');
    await Promise.all(agents.map((a) => a.post('/account/sign-in', { email })));
    const tokens = await db().selectFrom('auth_tokens').select('token_hash').where('email', '=', email).where('purpose', '=', 'signin').execute();
    expect(tokens.length).toBeLessThanOrEqual(LINK_LIMITS.perEmail);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.to.includes(email)).length).toBeLessThanOrEqual(LINK_LIMITS.perEmail);
  });

  it('sends no more password-reset mails than its limit, however many ask at once', async () => {
    const email = `resetme.${kind}@newsroom.test`;
    await createStaff(site.services.db, { email, name: 'Reset Person', password: PASSWORD, role: 'author' });
    const agents = await clients(50, '/admin/reset');
    await Promise.all(agents.map((a) => a.post('/admin/reset', { email })));
    const tokens = await db().selectFrom('auth_tokens').select('token_hash').where('email', '=', email).where('purpose', '=', 'reset').execute();
    expect(tokens.length).toBeLessThanOrEqual(RESET_LIMITS.perEmail);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.to.includes(email)).length).toBeLessThanOrEqual(RESET_LIMITS.perEmail);
  });

  it('keeps throttle keys short and keyed, whatever is typed, and never stores a typed address', async () => {
    const huge = `${'x'.repeat(510 * 1024)}@example.org`;
    const agent = new Agent(fromAddress(site, nextAddress()));
    for (let i = 0; i < 3; i++) {
      await agent.get('/admin/login');
      const res = await agent.post('/admin/login', { email: huge, password: 'whatever it may be' });
      expect([401, 413, 429]).toContain(res.status);
    }
    await agent.get('/admin/login');
    await agent.post('/admin/login', { email: `someone.${kind}@example.org`, password: 'not the password' });
    const keys = (await db().selectFrom('login_throttle').select('key').execute()).map((r) => r.key);
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(64);
    expect(keys.filter((k) => k.includes('@') || k.includes('xxxx'))).toEqual([]);
  });

  it('sweeps throttle rows whose window has long passed', async () => {
    const old = new Date(Date.now() - 2 * 3600_000).toISOString();
    await db().insertInto('login_throttle').values({ key: `address:stale-${kind}`, failures: 9, window_started_at: old }).execute();
    resetSweepClock();
    await claimAttempt(site.services.db, [{ key: `address:sweeper-${kind}`, limit: 100 }]);
    expect(await db().selectFrom('login_throttle').select('key').where('key', '=', `address:stale-${kind}`).executeTakeFirst()).toBeUndefined();
  });
});
