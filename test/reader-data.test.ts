import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html } from '../src/render/html.ts';
import { DATABASES } from './helpers/databases.ts';
import { asReader } from './helpers/reader.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

/**
 * A domain that keeps something about readers registers it with accounts, which
 * knows nothing else about it: the reader sees it on their account page, and
 * erasing the account asks the domain to let go under a pseudonym.
 */
describe.each(DATABASES)('what other domains keep about a reader, on %s', (kind) => {
  let site: TestSite;
  let smtp: SmtpCapture;
  // A stand-in for comments: a public log that names readers, which must never lose an entry.
  const log: { userId: number | null; name: string; text: string }[] = [];
  const erased: { userId: number; pseudonym: string }[] = [];
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite(kind, { env: { SMTP_URL: smtp.url, TRUST_PROXY: '127.0.0.1' } });
    site.services.readerData.register({
      name: 'notes',
      describe: async (userId) => {
        const mine = log.filter((e) => e.userId === userId);
        return html`<section class="account-section"><h2>Your notes</h2><p>${mine.length} notes</p></section>`;
      },
      erase: async (_trx, userId, pseudonym) => {
        erased.push({ userId, pseudonym });
        for (const e of log) if (e.userId === userId) Object.assign(e, { userId: null, name: pseudonym });
      },
    });
  });
  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  it('shows the reader what a domain keeps, and erases them under a pseudonym without deleting its entries', async () => {
    const reader = await asReader(site, smtp);
    const user = await site.services.db.kysely.selectFrom('users').select(['id', 'name']).where('email', '=', reader.email).executeTakeFirstOrThrow();
    log.push({ userId: user.id, name: user.name, text: 'first' }, { userId: user.id, name: user.name, text: 'second' });
    const page = await reader.get('/account');
    expect(page.body).toContain('<h2>Your notes</h2><p>2 notes</p>');

    const res = await reader.post('/account/delete', { confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(erased).toHaveLength(1);
    expect(erased[0].userId).toBe(user.id);
    expect(erased[0].pseudonym).toMatch(/^Former reader \d{6}$/);
    expect(log.map((e) => e.text)).toEqual(['first', 'second']);
    expect(log.every((e) => e.name === erased[0].pseudonym && e.userId === null)).toBe(true);
    expect(await site.services.db.kysely.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst()).toBeUndefined();
  });
});
