import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferOwnership } from '../src/accounts/staff.ts';
import { newsroomRoutes } from '../src/routes/newsroom.ts';
import { Agent, asRole, PASSWORD } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

const NEW_PASSWORD = 'lantern harbour kettle morning';
const flashOf = (body: string) => /<p class="flash flash--(?:ok|error)"[^>]*>([^<]+)</.exec(body)?.[1];
const fieldError = (body: string, name: string) => new RegExp(`id="err-${name}">([^<]+)<`).exec(body)?.[1];
const emptyProfile = { name: '', bio: '', website: '', mastodon: '', bluesky: '', x: '', email: '' };

describe.each(DATABASES)('staff profiles and owner actions on %s', (kind) => {
  let site: TestSite;
  let sectionId: number;
  beforeAll(async () => {
    // No SMTP_URL: the site cannot send mail, and must say so.
    site = await startTestSite(kind);
    sectionId = (await db().selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const user = (id: number) => db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const emailOf = async (id: number) => (await user(id)).email!;
  const publish = (authorId: number, title: string) => site.services.articles.create({
    title, standfirst: 'A standfirst.', sectionId, authorIds: [authorId], tags: [], bodyMd: 'Some words.', status: 'published', createdBy: authorId,
  });
  const pathOf = async (id: number) => (await db().selectFrom('articles').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path!;
  async function signedInAgain(email: string): Promise<Agent> {
    const agent = new Agent(site);
    expect((await agent.signIn(email, PASSWORD)).status).toBe(303);
    return agent;
  }

  it('lets a writer change their password: this session stays, every other one ends', async () => {
    const writer = await asRole(site, 'author');
    const email = await emailOf(writer.userId);
    const elsewhere = await signedInAgain(email);
    await writer.get('/admin/profile');

    const wrong = await writer.post('/admin/profile/password', { current_password: 'not my password at all', password: NEW_PASSWORD, password_again: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(fieldError(wrong.body, 'current_password')).toBe('That is not your current password.');
    const weak = await writer.post('/admin/profile/password', { current_password: PASSWORD, password: 'password12', password_again: 'password12' });
    expect(weak.status).toBe(422);
    expect(fieldError(weak.body, 'password')).toMatch(/easy to guess/);
    const mismatch = await writer.post('/admin/profile/password', { current_password: PASSWORD, password: NEW_PASSWORD, password_again: 'something else' });
    expect(fieldError(mismatch.body, 'password_again')).toBe('The two passwords are not the same.');
    expect((await elsewhere.get('/admin')).status).toBe(200);

    const changed = await writer.post('/admin/profile/password', { current_password: PASSWORD, password: NEW_PASSWORD, password_again: NEW_PASSWORD });
    expect(changed.status).toBe(303);
    const page = await writer.get(changed.location!);
    expect(page.status).toBe(200);
    expect(flashOf(page.body)).toContain('Your password is changed');
    expect((await elsewhere.get('/admin')).status).toBe(303);
    expect((await new Agent(site).signIn(email, PASSWORD)).status).toBe(401);
    expect((await new Agent(site).signIn(email, NEW_PASSWORD)).status).toBe(303);
  });

  it('signs out everywhere else and nowhere here', async () => {
    const writer = await asRole(site, 'contributor');
    const elsewhere = await signedInAgain(await emailOf(writer.userId));
    const page = await writer.get('/admin/profile');
    expect(page.body).toContain('you are signed in once more');
    expect((await writer.post('/admin/profile/sign-out-others', {})).status).toBe(303);
    expect((await elsewhere.get('/admin')).status).toBe(303);
    const after = await writer.get('/admin/profile');
    expect(after.status).toBe(200);
    expect(after.body).toContain('You are signed in here only.');
  });

  it('never lets a writer change anyone else’s profile', async () => {
    const writer = await asRole(site, 'author');
    const other = await asRole(site, 'author');
    const before = await user(other.userId);
    await writer.get('/admin/profile');
    // Ids smuggled into the form are ignored: the profile is always the signed-in person's.
    const saved = await writer.post('/admin/profile', { ...emptyProfile, name: 'Hijacker', bio: 'Mine.', id: String(other.userId), user_id: String(other.userId) });
    expect(saved.status).toBe(303);
    expect(await user(other.userId)).toEqual(before);
    expect((await user(writer.userId)).name).toBe('Hijacker');
    // No profile address takes an id, and the owner's actions are refused to everyone else.
    expect(newsroomRoutes(site.services).filter((r) => r.url.startsWith('/admin/profile') && r.url.includes(':'))).toEqual([]);
    for (const action of ['reset', 'suspend', 'reinstate', 'role', 'remove']) {
      expect((await writer.post(`/admin/staff/${other.userId}/${action}`, { confirm: 'yes', role: 'contributor' })).status, action).toBe(403);
    }
    expect((await writer.post('/admin/staff/transfer', { to: String(writer.userId), password: PASSWORD })).status).toBe(403);
    expect(await user(other.userId)).toEqual(before);
  });

  it('shows the bio, portrait and links on the author page and under the article, escaped, and forgets cached copies', async () => {
    const writer = await asRole(site, 'author');
    const articlePath = await pathOf(await publish(writer.userId, 'Harbour plan passes'));
    const authorPath = `/author/${(await user(writer.userId)).slug}`;
    await site.text(authorPath);
    await site.text(articlePath);
    expect((await site.text(authorPath)).headers.get('x-cache')).toBe('hit');
    expect((await site.text(articlePath)).headers.get('x-cache')).toBe('hit');

    await writer.get('/admin/profile');
    const saved = await writer.post('/admin/profile', {
      name: 'Ann <b>O’Hara</b>',
      bio: 'Ann covers the harbour. She has done so for ten years! Before that she sailed.\r\n\r\nShe writes <script>alert(1)</script> about boats.',
      website: 'ann.example.org', mastodon: '@ann@social.example', bluesky: '@ann.bsky.social', x: '@ann_x', email: 'ann@example.org',
    });
    expect(saved.status).toBe(303);
    const media = await db().selectFrom('media').select(['id', 'slug']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const portrait = await writer.post('/admin/profile/portrait', { portrait: String(media.id) });
    expect(portrait.status).toBe(303);

    const author = await site.text(authorPath);
    expect(author.headers.get('x-cache')).toBe('miss');
    expect(author.body).toContain('Ann &lt;b&gt;O’Hara&lt;/b&gt;');
    expect(author.body).not.toContain('<b>O’Hara');
    expect(author.body).toContain('<p class="listing-description">Ann covers the harbour. She has done so for ten years! Before that she sailed.</p>');
    expect(author.body).toContain('<p class="listing-description">She writes &lt;script&gt;alert(1)&lt;/script&gt; about boats.</p>');
    expect(author.body).not.toContain('<script>alert(1)');
    for (const [href, text] of [
      ['https://ann.example.org/', 'ann.example.org'], ['https://social.example/@ann', '@ann@social.example'],
      ['https://bsky.app/profile/ann.bsky.social', '@ann.bsky.social'], ['https://x.com/ann_x', '@ann_x'], ['mailto:ann@example.org', 'ann@example.org'],
    ]) expect(author.body).toContain(`<a href="${href}" rel="me external">${text}</a>`);
    expect(author.body).toContain(`/media/${media.slug}`);
    expect(author.body).toContain('alt="Portrait of Ann &lt;b&gt;O’Hara&lt;/b&gt;"');

    const article = await site.text(articlePath);
    expect(article.headers.get('x-cache')).toBe('miss');
    const box = /<section class="author-box"[\s\S]*?<\/section>/.exec(article.body)?.[0] ?? '';
    expect(box).toContain('About the author');
    expect(box).toContain('Ann covers the harbour. She has done so for ten years!');
    expect(box).not.toContain('Before that she sailed');
    expect(box).toContain(`/media/${media.slug}`);
    expect(box).toContain(`<a href="${authorPath}">More by Ann &lt;b&gt;O’Hara&lt;/b&gt;</a>`);
    expect(article.body).toContain(`<a href="${authorPath}" rel="author">Ann &lt;b&gt;O’Hara&lt;/b&gt;</a>`);
  });

  it('refuses a javascript: link and any other address that is not the web, keeping what was typed', async () => {
    const writer = await asRole(site, 'author');
    await writer.get('/admin/profile');
    const before = (await user(writer.userId)).links;
    for (const [field, value] of [
      ['website', 'javascript:alert(document.cookie)'], ['website', ' JaVaScRiPt:alert(1)'], ['website', 'data:text/html,<script>alert(1)</script>'],
      ['mastodon', 'javascript://social.example/%0aalert(1)'], ['x', 'vbscript:msgbox(1)'], ['bluesky', 'https://user:pw@bsky.app/profile/x'],
      ['email', 'javascript:alert(1)@x'], ['website', `https://example.org/${'a'.repeat(400)}`],
    ]) {
      const res = await writer.post('/admin/profile', { ...emptyProfile, name: 'Careful Writer', [field]: value });
      expect(res.status, `${field} ${value}`).toBe(422);
      expect(fieldError(res.body, field), `${field} ${value}`).toBeTruthy();
      expect(res.body).toContain('Your profile was not saved');
    }
    const kept = await writer.post('/admin/profile', { ...emptyProfile, name: 'Careful Writer', website: 'javascript:alert(1)' });
    expect(kept.body).toContain('value="javascript:alert(1)"');
    expect((await user(writer.userId)).links).toBe(before);
    expect((await site.text(`/author/${(await user(writer.userId)).slug}`)).body).not.toMatch(/href="(javascript|data|vbscript):/i);
  });

  it('suspends a member: their sessions end at once, sign-in refuses them, their bylines stay', async () => {
    const owner = await asRole(site, 'owner');
    const member = await asRole(site, 'author');
    const email = await emailOf(member.userId);
    const elsewhere = await signedInAgain(email);
    const articlePath = await pathOf(await publish(member.userId, 'Ferry timetable changes'));
    const name = (await user(member.userId)).name;
    await owner.get('/admin/staff');

    const unconfirmed = await owner.post(`/admin/staff/${member.userId}/suspend`, {});
    expect(unconfirmed.status).toBe(422);
    expect((await member.get('/admin')).status).toBe(200);
    const suspended = await owner.post(`/admin/staff/${member.userId}/suspend`, { confirm: 'yes' });
    expect(suspended.status).toBe(303);
    expect(flashOf((await owner.get(suspended.location!)).body)).toContain('Suspended.');
    expect((await member.get('/admin')).status).toBe(303);
    expect((await elsewhere.get('/admin')).status).toBe(303);
    expect(await db().selectFrom('sessions').select('token_hash').where('user_id', '=', member.userId).execute()).toEqual([]);

    const refused = await new Agent(site).signIn(email, PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Your account is suspended');
    // A wrong password gets the usual answer: the suspension is told only to whoever knows the password.
    expect((await new Agent(site).signIn(email, 'a wrong password for them')).status).toBe(401);

    const article = await site.text(articlePath);
    expect(article.status).toBe(200);
    expect(article.body).toContain(`rel="author">${name}</a>`);
    expect((await site.text(`/author/${(await user(member.userId)).slug}`)).status).toBe(200);
    const editor = await owner.get('/admin/articles/new');
    expect(editor.body).not.toContain(`>${name}</option>`);

    expect((await owner.post(`/admin/staff/${member.userId}/reset`, {})).status).toBe(409);
    expect((await owner.post(`/admin/staff/${member.userId}/role`, { role: 'owner' })).status).toBe(409);
    const other = await asRole(site, 'owner');
    expect((await owner.post(`/admin/staff/${other.userId}/suspend`, { confirm: 'yes' })).status).toBe(409);

    expect((await owner.post(`/admin/staff/${member.userId}/reinstate`, {})).status).toBe(303);
    expect((await new Agent(site).signIn(email, PASSWORD)).status).toBe(303);
  });

  it('makes a reset link without a mail server, says plainly that nothing was sent, and the link works', async () => {
    const owner = await asRole(site, 'owner');
    const member = await asRole(site, 'editor');
    await owner.get('/admin/staff');
    const made = await owner.post(`/admin/staff/${member.userId}/reset`, {});
    expect(made.status).toBe(200);
    expect(flashOf(made.body)).toContain('no mail was sent');
    const link = /id="unsent-link"[^>]*value="http:\/\/news\.test(\/admin\/reset\/[\w-]+)"/.exec(made.body)?.[1];
    expect(link).toBeTruthy();
    const person = new Agent(site);
    expect((await person.get(link!)).status).toBe(200);
    expect((await person.post(link!, { password: NEW_PASSWORD, password_again: NEW_PASSWORD })).status).toBe(303);
    expect((await member.get('/admin')).status).toBe(303);
    expect((await new Agent(site).signIn(await emailOf(member.userId), NEW_PASSWORD)).status).toBe(303);
    expect((await owner.post(`/admin/staff/${owner.userId}/reset`, {})).status).toBe(422);
  });

  it('lets an owner transfer ownership with their password; they become an editor', async () => {
    const owner = await asRole(site, 'owner');
    const heir = await asRole(site, 'author');
    await owner.get('/admin/staff');
    const noPassword = await owner.post('/admin/staff/transfer', { to: String(heir.userId), password: '' });
    expect(noPassword.status).toBe(422);
    const wrong = await owner.post('/admin/staff/transfer', { to: String(heir.userId), password: 'not the owner password' });
    expect(wrong.status).toBe(422);
    expect(fieldError(wrong.body, 'transfer_password')).toBe('That is not your password.');
    expect((await user(owner.userId)).role).toBe('owner');

    const done = await owner.post('/admin/staff/transfer', { to: String(heir.userId), password: PASSWORD });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin/profile?done=transferred');
    expect(flashOf((await owner.get(done.location!)).body)).toContain('You are an editor now');
    expect([(await user(owner.userId)).role, (await user(heir.userId)).role]).toEqual(['editor', 'owner']);
    expect((await owner.get('/admin/staff')).status).toBe(403);
    expect((await heir.get('/admin/staff')).status).toBe(200);
  });

  it('lets only one of two transfers at the same moment through', async () => {
    const owner = await asRole(site, 'owner');
    const [b, c] = [await asRole(site, 'editor'), await asRole(site, 'editor')];
    await owner.get('/admin/staff');
    const results = await Promise.all([
      owner.post('/admin/staff/transfer', { to: String(b.userId), password: PASSWORD }),
      owner.post('/admin/staff/transfer', { to: String(c.userId), password: PASSWORD }),
    ]);
    const [won, lost] = results.map((r) => r.status).sort();
    expect(won).toBe(303);
    // The loser finds no ownership left to give (409), or, arriving a moment later, is no longer an owner at all (403).
    expect([403, 409]).toContain(lost);
    const roles = await Promise.all([owner, b, c].map(async (a) => (await user(a.userId)).role));
    expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    expect(roles[0]).toBe('editor');
  });

  it('claims ownership once when the same owner hands it to two people in one instant', async () => {
    const ids = await Promise.all(['owner', 'author', 'author'].map(async (role) => (await asRole(site, role as 'owner' | 'author')).userId));
    const [from, b, c] = ids;
    const outcomes = await Promise.all([transferOwnership(site.services.db, from, b), transferOwnership(site.services.db, from, c)]);
    expect(outcomes.sort()).toEqual(['not_owner', 'ok']);
    const roles = await Promise.all(ids.map(async (id) => (await user(id)).role));
    expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    expect(roles[0]).toBe('editor');
  });

  it('does not hand ownership to a suspended member', async () => {
    const owner = await asRole(site, 'owner');
    const member = await asRole(site, 'editor');
    await owner.get('/admin/staff');
    await owner.post(`/admin/staff/${member.userId}/suspend`, { confirm: 'yes' });
    const res = await owner.post('/admin/staff/transfer', { to: String(member.userId), password: PASSWORD });
    expect(res.status).toBe(409);
    expect([(await user(owner.userId)).role, (await user(member.userId)).role]).toEqual(['owner', 'editor']);
  });

  it('keeps a portrait in the library while it is used, and takes it off the author page when changed', async () => {
    const writer = await asRole(site, 'author');
    const editor = await asRole(site, 'editor');
    const unused = await db().selectFrom('media').select(['id', 'slug']).where('id', 'not in', (eb) => eb.selectFrom('users').select('avatar_media_id').where('avatar_media_id', 'is not', null))
      .orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await writer.get('/admin/profile');
    await writer.post('/admin/profile', { ...emptyProfile, name: 'Portrait Writer', bio: 'Writes.' });
    expect((await writer.post('/admin/profile/portrait', { portrait: String(unused.id) })).status).toBe(303);
    const authorPath = `/author/${(await user(writer.userId)).slug}`;
    expect((await site.text(authorPath)).body).toContain(`/media/${unused.slug}`);
    await editor.get(`/admin/media/${unused.id}`);
    expect((await editor.post(`/admin/media/${unused.id}/delete`, {})).status).toBe(409);

    expect((await writer.post('/admin/profile/portrait', { portrait: 'none' })).status).toBe(303);
    expect((await site.text(authorPath)).body).not.toContain(`/media/${unused.slug}`);
    expect((await writer.post('/admin/profile/portrait', { portrait: '999999' })).status).toBe(422);
  });
});

describe.each(DATABASES)('owner-sent reset links by mail on %s', (kind) => {
  let site: TestSite;
  let capture: SmtpCapture;
  beforeAll(async () => {
    capture = await startSmtpCapture();
    site = await startTestSite(kind, { demo: false, env: { SMTP_URL: capture.url } });
  });
  afterAll(async () => {
    await site?.close();
    await capture?.close();
  });

  it('mails the member a link that works for a day', async () => {
    const owner = await asRole(site, 'owner');
    const member = await asRole(site, 'moderator');
    const email = (await site.services.db.kysely.selectFrom('users').select('email').where('id', '=', member.userId).executeTakeFirstOrThrow()).email!;
    await owner.get('/admin/staff');
    const sent = await owner.post(`/admin/staff/${member.userId}/reset`, {});
    expect(sent.status).toBe(303);
    expect(flashOf((await owner.get(sent.location!)).body)).toContain('A reset link has been mailed');
    const mail = await capture.waitFor((m) => m.to.includes(email));
    expect(mail.text).toContain('sent you this link');
    expect(mail.text).toContain('within 24 hours');
    const link = /^http:\/\/news\.test(\/admin\/reset\/\S+)$/m.exec(mail.text)![1];
    const person = new Agent(site);
    await person.get(link);
    expect((await person.post(link, { password: NEW_PASSWORD, password_again: NEW_PASSWORD })).status).toBe(303);
    expect((await new Agent(site).signIn(email, NEW_PASSWORD)).status).toBe(303);
  });
});
