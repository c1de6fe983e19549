import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../src/accounts/accounts-service.ts';
import { LINK_LIMITS } from '../src/accounts/reader-accounts.ts';
import { tokenHash } from '../src/accounts/tokens.ts';
import { readerRoutes } from '../src/routes/reader.ts';
import { Agent, PASSWORD } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { asReader, fromAddress, linkIn, mailTo, nextAddress, requestLink } from './helpers/reader.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

describe.each(DATABASES)('reader accounts on %s', (kind) => {
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
  const newAgent = () => new Agent(fromAddress(site, nextAddress()));
  const userByEmail = (email: string) => db().selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const tokenRow = (link: string) =>
    db().selectFrom('auth_tokens').selectAll().where('token_hash', '=', tokenHash(link.split('/').pop()!)).executeTakeFirst();
  /** The one message of a page's notice, with the page's CSRF token and such left out. */
  const noticeOf = (body: string) => /<p class="account-notice[^"]*" role="[a-z]+">([^<]+)<\/p>/.exec(body)?.[1];
  let n = 0;
  const freshEmail = (what = 'reader') => `${what}${++n}.${kind}@readers.test`;

  it('sets no cookie on public pages: cookies appear only once a reader acts', async () => {
    const article = await db().selectFrom('articles').select('path').where('status', '=', 'published').executeTakeFirstOrThrow();
    for (const path of ['/', article.path!, '/search?q=harbour', '/section/news', '/account']) {
      const res = await site.fetch(path);
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
    const home = await site.text('/');
    expect(home.body).toContain('<a href="/account">Your account</a>');

    const anonymous = await site.fetch('/account');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/account/sign-in');
    expect(anonymous.headers.get('cache-control')).toBe('no-store');

    // Opening the sign-in form is the first act: only the form's CSRF cookie, no session.
    const form = await site.fetch('/account/sign-in');
    expect(form.status).toBe(200);
    expect(form.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['sz_csrf']);
  });

  it('signs in with a link: opening it only shows a button, the button signs in, and the link works once', async () => {
    const email = freshEmail();
    const agent = newAgent();
    const since = smtp.messages.length;
    await agent.get('/account/sign-in');
    const asked = await agent.post('/account/sign-in', { email: `  ${email.toUpperCase()} ` });
    expect(asked.status).toBe(200);
    expect(noticeOf(asked.body)).toBe('Check your inbox: if the address is right, a sign-in link is on its way.');

    const mail = await mailTo(smtp, email, since);
    expect(mail.subject).toMatch(/sign-in link/i);
    expect(mail.text).toMatch(/http:\/\/news\.test\/account\/sign-in\/[A-Za-z0-9_-]{40,}/);
    const link = linkIn(mail);
    const token = link.split('/').pop()!;

    // Only a hash is stored; no account exists until the link is used.
    const row = (await tokenRow(link))!;
    expect(row).toMatchObject({ purpose: 'signin', email, user_id: null, used_at: null });
    expect(row.token_hash).not.toBe(token);
    const minutes = (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 60_000;
    expect(minutes).toBe(20);
    expect(await userByEmail(email)).toBeUndefined();

    // A mail scanner's visit (a GET, twice) signs nobody in and uses nothing up.
    for (let i = 0; i < 2; i++) {
      const scanner = await site.fetch(link);
      expect(scanner.status).toBe(200);
      expect(scanner.headers.getSetCookie().some((c) => c.startsWith('sz_session='))).toBe(false);
    }
    const page = await agent.get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<form class="account-form" method="post" action="${link}">`);
    expect(page.body).toContain('<button type="submit">Sign in</button>');
    expect((await tokenRow(link))!.used_at).toBeNull();
    expect(await userByEmail(email)).toBeUndefined();
    expect((await agent.get('/account')).status).toBe(303);

    const res = await rawPost(site, agent, link, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sz_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // the test site is plain http
    expect((await tokenRow(link))!.used_at).not.toBeNull();

    const user = (await userByEmail(email))!;
    expect(user.role).toBe('reader');
    expect(user.password_hash).toBeNull();
    expect(user.name).toMatch(/^Reader \d{4}$/);
    expect(user.name).not.toContain(email.split('@')[0]);

    const session = cookie.split(';')[0];
    const account = await site.text('/account', { headers: { cookie: session } });
    expect(account.status).toBe(200);
    expect(account.headers.get('cache-control')).toBe('no-store');
    expect(account.body).toContain('<h1>Your account</h1>');
    expect(account.body).toContain(email);
    expect(account.body).toContain('<meta name="robots" content="noindex">');
    expect(account.body).toContain('class="site-header"');

    // Used once: the link is gone for everybody, GET and POST alike.
    const again = newAgent();
    const gone = await again.get(link);
    expect(gone.status).toBe(410);
    expect(gone.body).toContain('<form class="account-form" method="post" action="/account/sign-in">');
    const reuse = await again.post(link, {});
    expect(reuse.status).toBe(410);
    expect(reuse.body).toContain('This sign-in link no longer works');
    expect((await again.get('/account')).status).toBe(303);
  });

  it('refuses an expired link with 410 and a way to ask for a new one', async () => {
    const email = freshEmail();
    const agent = newAgent();
    const link = await requestLink(agent, smtp, email);
    await db().updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', tokenHash(link.split('/').pop()!)).execute();
    const page = await agent.get(link);
    expect(page.status).toBe(410);
    expect(page.body).toContain('Get a new link');
    expect((await agent.post(link, {})).status).toBe(410);
    expect(await userByEmail(email)).toBeUndefined();
    expect((await agent.get('/account')).status).toBe(303);
    // An unknown token answers the same way.
    expect((await agent.get('/account/sign-in/not-a-real-token')).status).toBe(410);
  });

  it('gives the same answer for any address, and throttles per address and per client', async () => {
    const staffEmail = freshEmail('editor');
    await createStaff(site.services.db, { email: staffEmail, name: 'Edith Editor', password: PASSWORD, role: 'editor' });
    const unknown = freshEmail('nobody');
    const answers: string[] = [];
    for (const email of [staffEmail, unknown]) {
      const agent = newAgent();
      await agent.get('/account/sign-in');
      const res = await agent.post('/account/sign-in', { email });
      expect(res.status).toBe(200);
      answers.push(res.body.replace(agent.csrf, 'CSRF').replace(email, 'EMAIL'));
    }
    expect(answers[0]).toBe(answers[1]);
    // Asking makes no account: that happens only when the link is used.
    expect(await userByEmail(unknown)).toBeUndefined();

    const bad = newAgent();
    await bad.get('/account/sign-in');
    const malformed = await bad.post('/account/sign-in', { email: 'not an address' });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toContain('Enter an email address like name@example.org.');
    expect(malformed.body).toContain('aria-invalid="true"');

    // Per address: a few links, then no more mail to it for a while, from any client.
    const target = freshEmail();
    for (let i = 0; i < LINK_LIMITS.perEmail; i++) {
      const agent = newAgent();
      await agent.get('/account/sign-in');
      expect((await agent.post('/account/sign-in', { email: target })).status).toBe(200);
    }
    const before = smtp.messages.filter((m) => m.to.includes(target)).length;
    expect(before).toBe(LINK_LIMITS.perEmail);
    const extra = newAgent();
    await extra.get('/account/sign-in');
    const throttled = await extra.post('/account/sign-in', { email: target });
    expect(throttled.status).toBe(429);
    expect(noticeOf(throttled.body)).toMatch(/^Too many sign-in links/);
    expect(smtp.messages.filter((m) => m.to.includes(target)).length).toBe(before);

    // Per client: one client asking for many addresses.
    const client = newAgent();
    await client.get('/account/sign-in');
    for (let i = 0; i < LINK_LIMITS.perAddress; i++) {
      expect((await client.post('/account/sign-in', { email: freshEmail('many') })).status).toBe(200);
    }
    expect((await client.post('/account/sign-in', { email: freshEmail('many') })).status).toBe(429);

    // Neither client addresses nor mail addresses are stored in the clear.
    const keys = (await db().selectFrom('login_throttle').select('key').execute()).map((r) => r.key);
    expect(keys.some((k) => k.startsWith('signin-address:'))).toBe(true);
    expect(keys.filter((k) => k.includes('@') || k.includes('198.51.100') || k.includes('127.0.0.1'))).toEqual([]);
  });

  it('lets a reader choose a display name, and explains a bad one beside the field', async () => {
    const reader = await asReader(site, smtp, freshEmail());
    const name = async () => (await userByEmail(reader.email))!.name;
    for (const [bad, message] of [
      ['   ', 'Enter a name'],
      ['x'.repeat(61), 'Use at most 60 characters'],
      ['Evil\u202Edrocer', 'no control characters'],
    ] as const) {
      const before = await name();
      const res = await reader.post('/account/name', { name: bad });
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(res.body).toContain(message);
      expect(res.body).toMatch(/<input id="account-display-name"[^>]*aria-invalid="true"/);
      expect(res.body).toContain('id="account-name-error"');
      expect(await name()).toBe(before);
    }
    // Characters no page may carry are taken out as the form arrives, before any rule looks at it.
    expect((await reader.post('/account/name', { name: 'Bell\u0007Ringer' })).status).toBe(303);
    expect(await name()).toBe('BellRinger');
    const ok = await reader.post('/account/name', { name: '  Ada   of   Cork  ' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/account?done=name');
    expect(await name()).toBe('Ada of Cork');
    const page = await reader.get('/account?done=name');
    expect(page.body).toContain('Your name is saved.');
    expect(page.body).toContain('value="Ada of Cork"');
    expect((await reader.post('/account/name', { name: 'é'.repeat(60) })).status).toBe(303);
  });

  it('keeps readers out of the newsroom', async () => {
    const reader = await asReader(site, smtp, freshEmail());
    expect((await reader.get('/admin')).status).toBe(403);
    expect((await reader.get('/admin/articles')).status).toBe(403);
    expect((await reader.post('/admin/articles', { title: 'Sneaky' })).status).toBe(403);
  });

  it('signs staff in by the same link with exactly their role; they cannot delete themselves here', async () => {
    const email = freshEmail('author');
    const id = await createStaff(site.services.db, { email, name: 'Aoife Author', password: PASSWORD, role: 'author' });
    const users = async () => Number((await db().selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const count = await users();
    const staff = await asReader(site, smtp, email);
    expect(await users()).toBe(count);
    expect(await userByEmail(email)).toMatchObject({ id, role: 'author', name: 'Aoife Author' });
    expect((await staff.get('/admin')).status).toBe(200);
    expect((await staff.get('/admin/settings')).status).toBe(403);

    const page = await staff.get('/account');
    expect(page.body).toContain('an owner must remove it');
    expect(page.body).not.toContain('action="/account/delete"');
    expect((await staff.post('/account/delete', { confirm: 'yes' })).status).toBe(403);
    expect((await staff.post('/account/name', { name: 'Someone Else' })).status).toBe(403);
    expect(await userByEmail(email)).toMatchObject({ id, role: 'author', name: 'Aoife Author' });
  });

  it('signs a reader out', async () => {
    const reader = await asReader(site, smtp, freshEmail());
    const userId = (await userByEmail(reader.email))!.id;
    const res = await reader.post('/account/sign-out', {});
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account/sign-in?done=signed-out');
    expect((await reader.get(res.location!)).body).toContain('You are signed out.');
    expect(await db().selectFrom('sessions').select('user_id').where('user_id', '=', userId).execute()).toEqual([]);
    expect((await reader.get('/account')).status).toBe(303);
  });

  it('deletes a reader’s account and everything tied to it, and signs them out', async () => {
    const reader = await asReader(site, smtp, freshEmail());
    const userId = (await userByEmail(reader.email))!.id;
    // A second device, and an unused link still in the mailbox.
    const other = await asReader(site, smtp, reader.email);
    await requestLink(newAgent(), smtp, reader.email);
    expect((await db().selectFrom('sessions').select('user_id').where('user_id', '=', userId).execute()).length).toBe(2);

    const unconfirmed = await reader.post('/account/delete', {});
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body).toContain('Tick the box to confirm');
    expect(await userByEmail(reader.email)).toBeDefined();

    const res = await rawPost(site, reader, '/account/delete', { confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/sign-in?done=deleted');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('sz_session='))).toMatch(/Max-Age=0/i);

    expect(await userByEmail(reader.email)).toBeUndefined();
    expect(await db().selectFrom('sessions').select('user_id').where('user_id', '=', userId).execute()).toEqual([]);
    expect(await db().selectFrom('auth_tokens').select('email').where('email', '=', reader.email).execute()).toEqual([]);
    expect((await other.get('/account')).status).toBe(303);
  });

  it('refuses every POST of the account routes without this site’s CSRF token', async () => {
    const reader = await asReader(site, smtp, freshEmail());
    await reader.post('/account/name', { name: 'Careful Reader' });
    const link = await requestLink(newAgent(), smtp, reader.email);
    const posts = readerRoutes(site.services).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.url)).toEqual(expect.arrayContaining(['/account/sign-in', '/account/sign-in/:token', '/account/sign-out', '/account/name', '/account/delete']));
    const before = smtp.messages.length;
    for (const route of posts) {
      // Ids must look like ids to reach the guard (anything else is a 404 before it).
      const url = route.url.replace(':token', link.split('/').pop()!).replace(/:\w+/g, '1');
      const form = { email: reader.email, name: 'Forged Name', confirm: 'yes' };
      expect((await reader.post(url, form, { csrf: false })).status, `${url} without a token`).toBe(403);
      expect((await reader.post(url, { ...form, _csrf: 'forged-token-forged-token-forged-token-xx' }, { csrf: false })).status, `${url} forged`).toBe(403);
    }
    // Nothing happened: no mail, same name, still signed in, the link still unused.
    expect(smtp.messages.length).toBe(before);
    expect((await userByEmail(reader.email))!.name).toBe('Careful Reader');
    expect((await reader.get('/account')).status).toBe(200);
    expect((await tokenRow(link))!.used_at).toBeNull();
  });
});

/** A form post with the agent's cookies and CSRF token, answered with its headers (Agent.post keeps only the body). */
function rawPost(site: TestSite, agent: Agent, path: string, form: Record<string, string>): Promise<Response> {
  const cookie = (agent as unknown as { cookieHeader(): string }).cookieHeader();
  return site.fetch(path, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: agent.csrf, ...form }),
  });
}
