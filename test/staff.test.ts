import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../src/accounts/tokens.ts';
import { Agent, asRole, PASSWORD } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

const NEW_PASSWORD = 'a different long password';

describe.each(DATABASES)('staff, invitations and password reset on %s', (kind) => {
  let site: TestSite;
  let capture: SmtpCapture;
  let sectionId: string;
  beforeAll(async () => {
    capture = await startSmtpCapture({ refuseRecipient: (a) => a.startsWith('bounce') });
    site = await startTestSite(kind, { env: { SMTP_URL: capture.url } });
    sectionId = String((await db().selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => {
    await site?.close();
    await capture?.close();
  });

  const db = () => site.services.db.kysely;
  const emailOf = async (id: number) => (await db().selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow()).email!;
  /** The path of the one link in a mail (the site's address is http://news.test). */
  const linkIn = (mail: CapturedMail) => {
    const m = /^http:\/\/news\.test(\/admin\/\S+)$/m.exec(mail.text);
    if (!m) throw new Error(`no link in: ${mail.text}`);
    return m[1];
  };
  const mailTo = (address: string) => capture.waitFor((m) => m.to.includes(address));
  const flashOf = (body: string) => /<p class="flash flash--(?:ok|error)"[^>]*>([^<]+)</.exec(body)?.[1];

  async function invite(owner: Agent, email: string, role: string) {
    await owner.get('/admin/staff');
    return owner.post('/admin/staff/invite', { email, role });
  }

  it('invites by mail; the invitee chooses a name and password and arrives signed in with the invited role', async () => {
    const owner = await asRole(site, 'owner');
    const sent = await invite(owner, '  Nora.Writer@Example.ORG ', 'author');
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/admin/staff?done=invited');
    const staffPage = await owner.get(sent.location!);
    expect(flashOf(staffPage.body)).toBe('Invitation sent.');
    expect(staffPage.body).toContain('nora.writer@example.org');

    const mail = await mailTo('nora.writer@example.org');
    expect(mail.subject).toContain('invited you to');
    expect(mail.text).toContain('as an author');
    const link = linkIn(mail);
    expect(link).toMatch(/^\/admin\/invitation\/[\w-]{40,}$/);
    const token = link.split('/').pop()!;
    const row = await db().selectFrom('auth_tokens').selectAll().where('purpose', '=', 'invite').where('email', '=', 'nora.writer@example.org').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(tokenHash(token));
    expect(row.token_hash).not.toBe(token);
    expect(row).toMatchObject({ role: 'author', created_by: owner.userId, used_at: null });
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(72 * 3600_000);

    const invitee = new Agent(site);
    const form = await invitee.get(link);
    expect(form.status).toBe(200);
    expect(form.body).toContain('nora.writer@example.org');
    const mismatch = await invitee.post(link, { name: 'Nora Writer', password: PASSWORD, password_again: 'something else entirely' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toContain('The two passwords are not the same.');
    expect(mismatch.body).toContain('value="Nora Writer"');
    const short = await invitee.post(link, { name: 'Nora Writer', password: 'short', password_again: 'short' });
    expect(short.status).toBe(422);
    expect(short.body).toContain('Use at least 10 characters.');
    const noName = await invitee.post(link, { name: '  ', password: PASSWORD, password_again: PASSWORD });
    expect(noName.status).toBe(422);
    expect(noName.body).toContain('Give your name.');

    const accepted = await invitee.post(link, { name: 'Nora Writer', password: PASSWORD, password_again: PASSWORD });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe('/admin');
    const dashboard = await invitee.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Nora Writer (author)');
    expect((await invitee.get('/admin/articles/new')).status).toBe(200);
    expect((await invitee.get('/admin/staff')).status).toBe(403);
    const user = await db().selectFrom('users').select(['role', 'name', 'slug', 'password_hash']).where('email', '=', 'nora.writer@example.org').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'author', name: 'Nora Writer', slug: 'nora-writer' });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect((await new Agent(site).signIn('nora.writer@example.org', PASSWORD)).status).toBe(303);

    // The link works once.
    const again = new Agent(site);
    const reopened = await again.get(link);
    expect(reopened.status).toBe(410);
    expect(reopened.body).toContain('This invitation has expired or has been used; ask for a new one');
    await again.get('/admin/login');
    expect((await again.post(link, { name: 'Someone Else', password: PASSWORD, password_again: PASSWORD })).status).toBe(410);
    expect((await owner.get('/admin/staff')).body).not.toContain('Invitations not yet accepted');
  });

  it('lets only one of two simultaneous acceptances through', async () => {
    const owner = await asRole(site, 'owner');
    await invite(owner, 'race@example.org', 'contributor');
    const link = linkIn(await mailTo('race@example.org'));
    const a = new Agent(site);
    const b = new Agent(site);
    await a.get(link);
    await b.get(link);
    const results = await Promise.all([
      a.post(link, { name: 'Racer A', password: PASSWORD, password_again: PASSWORD }),
      b.post(link, { name: 'Racer B', password: PASSWORD, password_again: PASSWORD }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
    const users = await db().selectFrom('users').select('name').where('email', '=', 'race@example.org').execute();
    expect(users).toHaveLength(1);
  });

  it('answers 410 for an expired invitation and for a made-up link', async () => {
    const owner = await asRole(site, 'owner');
    await invite(owner, 'late@example.org', 'editor');
    const link = linkIn(await mailTo('late@example.org'));
    await db().updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('email', '=', 'late@example.org').execute();
    const invitee = new Agent(site);
    const page = await invitee.get(link);
    expect(page.status).toBe(410);
    expect(page.body).toContain('expired or has been used');
    await invitee.get('/admin/login');
    expect((await invitee.post(link, { name: 'Late Comer', password: PASSWORD, password_again: PASSWORD })).status).toBe(410);
    expect(await db().selectFrom('users').select('id').where('email', '=', 'late@example.org').executeTakeFirst()).toBeUndefined();
    expect((await invitee.get('/admin/invitation/not-a-real-invitation-token-at-all')).status).toBe(410);
    expect((await invitee.get('/admin/invitation/x')).status).toBe(410);
  });

  it('replaces an earlier invitation to the same address', async () => {
    const owner = await asRole(site, 'owner');
    await invite(owner, 'twice@example.org', 'contributor');
    const first = linkIn(await mailTo('twice@example.org'));
    await invite(owner, 'twice@example.org', 'editor');
    const second = linkIn(await capture.waitFor((m) => m.to.includes('twice@example.org') && !m.text.includes(first)));
    expect((await new Agent(site).get(first)).status).toBe(410);
    const invitee = new Agent(site);
    await invitee.get(second);
    await invitee.post(second, { name: 'Twice Invited', password: PASSWORD, password_again: PASSWORD });
    expect((await invitee.get('/admin')).body).toContain('Twice Invited (editor)');
  });

  it('checks the invitation form, refuses an address that has an account, and keeps nothing when the mail bounces', async () => {
    const owner = await asRole(site, 'owner');
    const bad = await invite(owner, 'not an address', 'overlord');
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('That does not look like an email address.');
    expect(bad.body).toContain('Choose a role from the list.');
    expect(bad.body).toContain('value="not an address"');

    const editor = await asRole(site, 'editor');
    const taken = await invite(owner, (await emailOf(editor.userId)).toUpperCase(), 'author');
    expect(taken.status).toBe(409);
    expect(taken.body).toContain('already belongs to a member of staff');

    const bounced = await invite(owner, 'bounce@example.org', 'author');
    expect(bounced.status).toBe(502);
    expect(bounced.body).toContain('refused to deliver');
    expect(await db().selectFrom('auth_tokens').select('token_hash').where('email', '=', 'bounce@example.org').executeTakeFirst()).toBeUndefined();
  });

  it.each(['editor', 'author', 'contributor', 'moderator'] as const)('refuses staff management to a %s', async (role) => {
    const agent = await asRole(site, role);
    expect((await agent.get('/admin/staff')).status).toBe(403);
    const email = `sneaky-${role}@example.org`;
    expect((await agent.post('/admin/staff/invite', { email, role: 'owner' })).status).toBe(403);
    expect((await agent.post(`/admin/staff/${agent.userId}/role`, { role: 'owner' })).status).toBe(403);
    expect(await db().selectFrom('auth_tokens').select('token_hash').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    expect((await db().selectFrom('users').select('role').where('id', '=', agent.userId).executeTakeFirstOrThrow()).role).toBe(role);
  });

  it('resets a password by mail without telling whether the account exists', async () => {
    const editor = await asRole(site, 'editor');
    const email = await emailOf(editor.userId);
    const phone = new Agent(site);
    expect((await phone.signIn(email, PASSWORD)).status).toBe(303);

    const stranger = new Agent(site);
    expect((await stranger.get('/admin/login')).body).toContain('href="/admin/reset"');
    await stranger.get('/admin/reset');
    const unknown = await stranger.post('/admin/reset', { email: 'nobody-here@example.org' });
    const first = await stranger.post('/admin/reset', { email });
    await stranger.get('/admin/reset');
    const known = await stranger.post('/admin/reset', { email: email.toUpperCase() });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(known.body).toBe(unknown.body);
    expect(known.body).toContain('If an account exists for that address, we have sent a link');

    const firstLink = linkIn(await mailTo(email));
    const mail = await capture.waitFor((m) => m.to.includes(email) && !m.text.includes(firstLink));
    expect(first.status).toBe(200);
    expect(mail.subject).toContain('Reset your password');
    const link = linkIn(mail);
    expect(link).toMatch(/^\/admin\/reset\/[\w-]{40,}$/);
    expect(capture.messages.some((m) => m.to.includes('nobody-here@example.org'))).toBe(false);
    const row = await db().selectFrom('auth_tokens').selectAll().where('token_hash', '=', tokenHash(link.split('/').pop()!)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ purpose: 'reset', user_id: editor.userId, used_at: null });
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(30 * 60_000);

    const me = new Agent(site);
    expect((await me.get(link)).status).toBe(200);
    const mismatch = await me.post(link, { password: NEW_PASSWORD, password_again: PASSWORD });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toContain('not the same');
    const done = await me.post(link, { password: NEW_PASSWORD, password_again: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin/login?reset=1');
    expect((await me.get(done.location!)).body).toContain('Your password has been changed');

    // Every old session has ended, the old password no longer works, the new one does.
    expect((await editor.get('/admin')).status).toBe(303);
    expect((await phone.get('/admin')).status).toBe(303);
    expect((await new Agent(site).signIn(email, PASSWORD)).status).toBe(401);
    const fresh = new Agent(site);
    expect((await fresh.signIn(email, NEW_PASSWORD)).status).toBe(303);
    expect((await fresh.get('/admin')).status).toBe(200);

    // Single use; and the earlier link, never used, died with the reset.
    expect((await me.get(link)).status).toBe(410);
    await me.get('/admin/login');
    expect((await me.post(link, { password: PASSWORD, password_again: PASSWORD })).status).toBe(410);
    expect((await me.get(firstLink)).status).toBe(410);
    expect((await new Agent(site).signIn(email, NEW_PASSWORD)).status).toBe(303);
  });

  it('refuses an expired reset link', async () => {
    const author = await asRole(site, 'author');
    const email = await emailOf(author.userId);
    const agent = new Agent(site);
    await agent.get('/admin/reset');
    await agent.post('/admin/reset', { email });
    const link = linkIn(await mailTo(email));
    await db().updateTable('auth_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', author.userId).execute();
    const page = await agent.get(link);
    expect(page.status).toBe(410);
    expect(page.body).toContain('has expired or has been used');
    await agent.get('/admin/login');
    expect((await agent.post(link, { password: NEW_PASSWORD, password_again: NEW_PASSWORD })).status).toBe(410);
    expect((await author.get('/admin')).status).toBe(200);
  });

  it('throttles reset requests per address asked about and per client, the same for unknown addresses', async () => {
    await db().deleteFrom('login_throttle').execute();
    const contributor = await asRole(site, 'contributor');
    const known = await emailOf(contributor.userId);
    const agent = new Agent(site);
    await agent.get('/admin/reset');
    for (const email of [known, 'nobody-else@example.org']) {
      for (let i = 0; i < 5; i++) expect((await agent.post('/admin/reset', { email })).status).toBe(200);
      const refused = await agent.post('/admin/reset', { email });
      expect(refused.status).toBe(429);
      expect(refused.body).toContain('Too many requests for a reset link');
    }
    const sentToKnown = () => capture.messages.filter((m) => m.to.includes(known)).length;
    await capture.waitFor(() => sentToKnown() === 5).catch(() => undefined);
    expect(sentToKnown()).toBe(5);
    // Sign-in is not locked by reset requests.
    expect((await new Agent(site).signIn(known, PASSWORD)).status).toBe(303);

    await db().deleteFrom('login_throttle').execute();
    for (let i = 0; i < 20; i++) expect((await agent.post('/admin/reset', { email: `someone${i}@example.org` })).status).toBe(200);
    expect((await agent.post('/admin/reset', { email: 'someone-new@example.org' })).status).toBe(429);
    await db().deleteFrom('login_throttle').execute();
  });

  it('never lets the last owner stop being one', async () => {
    const owner = await asRole(site, 'owner');
    await db().updateTable('users').set({ role: 'editor' }).where('role', '=', 'owner').where('id', '!=', owner.userId).where('email', 'is not', null).execute();
    await owner.get('/admin/staff');
    const demote = await owner.post(`/admin/staff/${owner.userId}/role`, { role: 'editor' });
    expect(demote.status).toBe(409);
    expect(flashOf(demote.body)).toContain('You are the only owner');
    const remove = await owner.post(`/admin/staff/${owner.userId}/remove`, { confirm: 'yes' });
    expect(remove.status).toBe(409);
    expect(flashOf(remove.body)).toContain('You are the only owner');
    expect((await owner.get('/admin/staff')).status).toBe(200);

    const second = await asRole(site, 'owner');
    const stepDown = await owner.post(`/admin/staff/${owner.userId}/role`, { role: 'editor' });
    expect(stepDown.status).toBe(303);
    expect((await owner.get('/admin/staff')).status).toBe(403);
    await second.get('/admin/staff');
    expect((await second.post(`/admin/staff/${second.userId}/remove`, { confirm: 'yes' })).status).toBe(409);
    // A bad role is a form error, not a change.
    expect((await second.post(`/admin/staff/${owner.userId}/role`, { role: 'overlord' })).status).toBe(422);
    expect((await second.post(`/admin/staff/${owner.userId}/role`, { role: 'owner' })).status).toBe(303);
    expect((await owner.get('/admin/staff')).status).toBe(200);
  });

  it('removes someone: their sessions end and they cannot sign in, while their byline stays', async () => {
    const writer = await asRole(site, 'author');
    const email = await emailOf(writer.userId);
    const laptop = new Agent(site);
    await laptop.signIn(email, PASSWORD);
    await writer.get('/admin/articles/new');
    const created = await writer.post('/admin/articles', {
      title: 'Lighthouse keeper retires after forty years', standfirst: 'A standfirst.', section_id: sectionId,
      body_md: 'The light goes automatic.', action: 'publish',
    });
    expect(created.status).toBe(303);
    const articleId = Number(/\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1]);
    const { name, slug } = await db().selectFrom('users').select(['name', 'slug']).where('id', '=', writer.userId).executeTakeFirstOrThrow();
    const path = (await db().selectFrom('articles').select('path').where('id', '=', articleId).executeTakeFirstOrThrow()).path!;

    const owner = await asRole(site, 'owner');
    await owner.get('/admin/staff');
    const unconfirmed = await owner.post(`/admin/staff/${writer.userId}/remove`, {});
    expect(unconfirmed.status).toBe(422);
    expect((await writer.get('/admin')).status).toBe(200);
    const removed = await owner.post(`/admin/staff/${writer.userId}/remove`, { confirm: 'yes' });
    expect(removed.status).toBe(303);
    expect(removed.location).toBe('/admin/staff?done=removed');

    expect((await writer.get('/admin')).status).toBe(303);
    expect((await laptop.get('/admin')).status).toBe(303);
    expect((await new Agent(site).signIn(email, PASSWORD)).status).toBe(401);
    const row = await db().selectFrom('users').select(['email', 'password_hash', 'role']).where('id', '=', writer.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ email: null, password_hash: null, role: 'author' });
    expect(await db().selectFrom('sessions').select('user_id').where('user_id', '=', writer.userId).execute()).toEqual([]);

    // No reset link for an account that no longer exists.
    const agent = new Agent(site);
    await agent.get('/admin/reset');
    expect((await agent.post('/admin/reset', { email })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(capture.messages.filter((m) => m.to.includes(email))).toEqual([]);

    // The byline, the author page and the editor's author list still know them.
    const page = await site.text(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="/author/${slug}"`);
    expect(page.body).toContain(name);
    expect((await site.text(`/author/${slug}`)).status).toBe(200);
    const staffPage = await owner.get('/admin/staff?done=removed');
    expect(flashOf(staffPage.body)).toContain('Removed.');
    expect(staffPage.body).toContain('Bylines without an account');
    const editorPage = await owner.get(`/admin/articles/${articleId}/edit`);
    expect(editorPage.body).toContain(`<option value="${writer.userId}" selected>`);

    expect((await owner.post(`/admin/staff/${writer.userId}/remove`, { confirm: 'yes' })).status).toBe(404);
    expect((await owner.post('/admin/staff/999999/role', { role: 'editor' })).status).toBe(404);
  });
});
