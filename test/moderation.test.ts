import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { addComment, commentStatus, firstArticle, logRows, quickReader } from './helpers/moderation.ts';
import { asReader } from './helpers/reader.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

/**
 * Reports and the moderators' actions, over HTTP on both engines: reports are
 * accountable and never hide a comment; each action needs a reason from the
 * list, leaves a marker and its replies, is written to the public log (which
 * never shows the removed words or the reporter), and forgets the cached pages.
 */
/** The moderation queue's items, in the order the page lists them: each comment's id and its heading. */
function queueItems(body: string): { id: number; heading: string }[] {
  return body.split('<li class="mod-queue__item">').slice(1).map((item) => ({
    id: Number(/href="\/admin\/moderation\/comments\/(\d+)"/.exec(item)![1]),
    heading: /<strong>([^<]+)<\/strong>/.exec(item)![1],
  }));
}

describe.each(DATABASES)('moderation on %s', (kind) => {
  let site: TestSite;
  let smtp: SmtpCapture;
  let article: { id: number; path: string; title: string };
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite(kind, { env: { SMTP_URL: smtp.url, TRUST_PROXY: '127.0.0.1' } });
    article = await firstArticle(site);
  });
  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  it('reports: signed-out readers are sent to sign in; a second report from the same reader is refused; 50 reports from 50 readers do not hide the comment', async () => {
    const id = await addComment(site, { articleId: article.id, guestName: 'Pat Guest', guestEmail: 'pat@guests.test', body: 'The harbour plan is a disgrace.' });
    const stranger = await site.fetch(`/comments/${id}/report`);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe('/account/sign-in');

    const first = await quickReader(site, 'Rosa Reporter');
    const form = await first.get(`/comments/${id}/report`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('<option>Personal attack</option>');
    expect(form.body).toContain('The harbour plan is a disgrace.');
    expect((await first.post(`/comments/${id}/report`, { reason: '' })).status).toBe(422);
    expect((await first.post(`/comments/${id}/report`, { reason: 'Not on the list' })).status).toBe(422);
    const sent = await first.post(`/comments/${id}/report`, { reason: 'Personal attack', note: 'Aimed at a named councillor.' });
    expect(sent.status).toBe(303);
    expect((await first.get(sent.location!)).body).toContain('the moderators have your report');
    const again = await first.post(`/comments/${id}/report`, { reason: 'Spam or advertising' });
    expect(again.status).toBe(409);
    expect(again.body).toContain('already reported');

    for (let i = 0; i < 49; i++) {
      const r = await quickReader(site);
      await r.get(`/comments/${id}/report`);
      expect((await r.post(`/comments/${id}/report`, { reason: 'Personal attack' })).status).toBe(303);
    }
    expect(await site.services.db.kysely.selectFrom('comment_reports').select('id').where('comment_id', '=', id).execute()).toHaveLength(50);
    expect((await commentStatus(site, id)).status).toBe('visible');

    // The queue puts it first among reported comments and names who reported, with their note.
    const mod = await asRole(site, 'moderator');
    const queue = await mod.get('/admin/moderation');
    expect(queue.status).toBe(200);
    const items = queueItems(queue.body);
    const at = items.findIndex((i) => i.id === id);
    expect(items[at].heading).toBe('50 reports');
    expect(items.slice(0, at).every((i) => i.heading === 'Waiting for approval')).toBe(true);
    expect(queue.body).toContain('Rosa Reporter');
    expect(queue.body).toContain('Aimed at a named councillor.');
  });

  it('the queue lists comments waiting for approval first, then reported ones by how many reports they have, not by age', async () => {
    const fewer = await addComment(site, { articleId: article.id, body: 'Reported twice, posted first.' });
    const more = await addComment(site, { articleId: article.id, body: 'Reported three times, posted second.' });
    const once = await addComment(site, { articleId: article.id, body: 'Reported once, posted third.' });
    const pending = await addComment(site, { articleId: article.id, status: 'pending', body: 'Waiting, posted last.' });
    for (const [comment, times] of [[fewer, 2], [more, 3], [once, 1]] as const) {
      for (let i = 0; i < times; i++) {
        const reader = await quickReader(site);
        expect(await site.services.moderation.report(reader.userId, comment, { reason: 'Off topic', note: '' })).toEqual({ ok: true });
      }
    }
    const mod = await asRole(site, 'moderator');
    const items = queueItems((await mod.get('/admin/moderation')).body);
    const ours = items.filter((i) => [fewer, more, once, pending].includes(i.id));
    expect(ours).toEqual([
      { id: pending, heading: 'Waiting for approval' }, { id: more, heading: '3 reports' }, { id: fewer, heading: '2 reports' }, { id: once, heading: '1 report' },
    ]);
    // Every comment waiting for approval comes before every reported one.
    const firstReported = items.findIndex((i) => i.heading !== 'Waiting for approval');
    expect(items.slice(firstReported).some((i) => i.heading === 'Waiting for approval')).toBe(false);
    // And down the reported ones, the number of reports never rises.
    const counts = items.slice(firstReported).map((i) => Number(i.heading.split(' ')[0]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('answers 404, not a database error, for a comment or decision number past any id', async () => {
    const reader = await quickReader(site);
    for (const path of ['/comments/3000000000', '/comments/3000000000/reply', '/comments/3000000000/report', '/account/appeals/3000000000', '/appeal/3000000000/x']) {
      expect((await reader.get(path)).status, path).toBe(404);
    }
  });

  it('a reader cannot report their own comment; a comment waiting for approval cannot be reported', async () => {
    const reader = await quickReader(site, 'Self Reporter');
    const own = await addComment(site, { articleId: article.id, authorUserId: reader.userId });
    expect((await reader.get(`/comments/${own}/report`)).status).toBe(403);
    await reader.get(`/comments/${own}/report`);
    expect((await reader.post(`/comments/${own}/report`, { reason: 'Personal attack' })).status).toBe(403);
    const pending = await addComment(site, { articleId: article.id, status: 'pending' });
    expect((await reader.get(`/comments/${pending}/report`)).status).toBe(404);
  });

  it('the queue lists comments waiting for approval first; approving needs a reason and shows the comment', async () => {
    const pending = await addComment(site, { articleId: article.id, status: 'pending', guestName: 'New Voice', body: 'My first words here.' });
    const mod = await asRole(site, 'moderator');
    const queue = await mod.get('/admin/moderation');
    const firstItem = queue.body.indexOf('Waiting for approval');
    expect(firstItem).toBeGreaterThan(-1);
    expect(firstItem).toBeLessThan(queue.body.indexOf(' reports'));
    await mod.get(`/admin/moderation/comments/${pending}`);
    const noReason = await mod.post(`/admin/moderation/comments/${pending}/approve`, { reason: '' });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toContain('Choose a reason from the list.');
    expect((await commentStatus(site, pending)).status).toBe('pending');
    const ok = await mod.post(`/admin/moderation/comments/${pending}/approve`, { reason: 'Within the house rules' });
    expect(ok.status).toBe(303);
    expect((await commentStatus(site, pending)).status).toBe('visible');
    const again = await mod.post(`/admin/moderation/comments/${pending}/approve`, { reason: 'Within the house rules' });
    expect(again.status).toBe(409);
  });

  it('approving a waiting reply lets the comments domain send its reply email', async () => {
    const parent = await addComment(site, { articleId: article.id, guestName: 'Waiting Parent', guestEmail: 'parent@guests.test', notify: true });
    const reply = await addComment(site, { articleId: article.id, parentId: parent, status: 'pending', guestName: 'Slow Reply', body: 'Held for approval.' });
    const mod = await asRole(site, 'moderator');
    await mod.get(`/admin/moderation/comments/${reply}`);
    const since = smtp.messages.length;
    expect((await mod.post(`/admin/moderation/comments/${reply}/approve`, { reason: 'Within the house rules' })).status).toBe(303);
    const mail = await smtp.waitFor((m) => m.to.includes('parent@guests.test') && smtp.messages.indexOf(m) >= since);
    expect(mail.text).toContain('Slow Reply');
  });

  it('removing needs a reason; the marker keeps the reason and the replies stay; the log shows date, action, reason and article but never the words or the reporter; the author is mailed', async () => {
    const parent = await addComment(site, { articleId: article.id, guestName: 'Sharp Tongue', guestEmail: 'sharp@guests.test', body: 'Words nobody should read twice.' });
    const reply = await addComment(site, { articleId: article.id, parentId: parent, guestName: 'Calm Reply', body: 'A calm answer.' });
    const reporter = await quickReader(site, 'Reporter Quill');
    await reporter.get(`/comments/${parent}/report`);
    await reporter.post(`/comments/${parent}/report`, { reason: 'Personal attack' });
    const mod = await asRole(site, 'moderator');
    await mod.get(`/admin/moderation/comments/${parent}`);
    for (const reason of ['', 'Because I said so']) {
      const r = await mod.post(`/admin/moderation/comments/${parent}/remove`, { reason });
      expect(r.status).toBe(422);
    }
    expect((await commentStatus(site, parent)).status).toBe('visible');
    const since = smtp.messages.length;
    const done = await mod.post(`/admin/moderation/comments/${parent}/remove`, { reason: 'Personal attack', note: 'Please keep it to the argument.' });
    expect(done.status).toBe(303);
    expect((await mod.get(done.location!)).body).toContain('The author is being told by email.');
    expect(await commentStatus(site, parent)).toEqual({ status: 'removed', removed_reason: 'Personal attack' });
    expect((await commentStatus(site, reply)).status).toBe('visible');
    // Readers can no longer report it, and its words are not shown to them there either.
    const gone = await reporter.get(`/comments/${parent}/report`);
    expect(gone.status).toBe(410);
    expect(gone.body).not.toContain('Words nobody should read twice');
    // Answered: it leaves the queue.
    expect((await mod.get('/admin/moderation')).body).not.toContain(`/admin/moderation/comments/${parent}"`);

    // On the article page: the marker with its reason in the comment's place, the reply still under it, the log linked.
    const page = (await site.text(article.path)).body;
    expect(page).toContain('Removed by the moderators: Personal attack');
    expect(page).not.toContain('Words nobody should read twice');
    expect(page).toContain('A calm answer.');
    expect(page).toContain('href="/moderation"');

    const log = await site.text('/moderation');
    expect(log.status).toBe(200);
    const row = log.body.slice(log.body.indexOf('<tbody>'), log.body.indexOf('</tbody>'));
    expect(row).toContain('Removed');
    expect(row).toContain('Personal attack');
    expect(row).toContain('Sharp Tongue');
    expect(row).toContain(`href="${article.path}"`);
    expect(row).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
    expect(log.body).not.toContain('Words nobody should read twice');
    expect(log.body).not.toContain('Reporter Quill');
    expect(log.body).not.toContain('Please keep it to the argument');

    const mail = await smtp.waitFor((m) => m.to.includes('sharp@guests.test') && smtp.messages.indexOf(m) >= since);
    expect(mail.text).toContain('Personal attack');
    expect(mail.text).toContain('Please keep it to the argument.');
    expect(mail.text).toMatch(/http:\/\/news\.test\/appeal\/\d+\/[A-Za-z0-9_-]{43}/);
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/news\.test\/moderation\/mail\/[A-Za-z0-9_.-]+>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('each action forgets the cached article page and the log', async () => {
    const id = await addComment(site, { articleId: article.id, status: 'pending' });
    for (const path of [article.path, '/moderation']) {
      await site.fetch(path);
      expect((await site.fetch(path)).headers.get('x-cache')).toBe('hit');
    }
    const mod = await asRole(site, 'moderator');
    await mod.get(`/admin/moderation/comments/${id}`);
    expect((await mod.post(`/admin/moderation/comments/${id}/approve`, { reason: 'Within the house rules' })).status).toBe(303);
    for (const path of [article.path, '/moderation']) expect((await site.fetch(path)).headers.get('x-cache')).toBe('miss');
    for (const path of [article.path, '/moderation']) expect((await site.fetch(path)).headers.get('x-cache')).toBe('hit');
    await mod.get(`/admin/moderation/comments/${id}`);
    expect((await mod.post(`/admin/moderation/comments/${id}/ban`, { reason: 'Spam or advertising', length: '1' })).status).toBe(409);
    const withAddress = await addComment(site, { articleId: article.id, guestEmail: 'spammy@guests.test' });
    await mod.get(`/admin/moderation/comments/${withAddress}`);
    expect((await mod.post(`/admin/moderation/comments/${withAddress}/ban`, { reason: 'Spam or advertising', length: '1' })).status).toBe(303);
    expect((await site.fetch('/moderation')).headers.get('x-cache')).toBe('miss');
  });

  it('erasing a reader’s account puts a pseudonym in the log and deletes no entry', async () => {
    const reader = await asReader(site, smtp);
    await reader.post('/account/name', { name: 'Erin Erasable' });
    const user = await site.services.db.kysely.selectFrom('users').select('id').where('email', '=', reader.email).executeTakeFirstOrThrow();
    const id = await addComment(site, { articleId: article.id, authorUserId: user.id });
    const mod = await asRole(site, 'moderator');
    await mod.get(`/admin/moderation/comments/${id}`);
    await mod.post(`/admin/moderation/comments/${id}/remove`, { reason: 'Off topic' });
    await mod.get(`/admin/moderation/comments/${id}`);
    await mod.post(`/admin/moderation/comments/${id}/ban`, { reason: 'Off topic', length: '7' });
    expect((await site.text('/moderation')).body).toContain('Erin Erasable');
    expect((await reader.get('/account')).body).toContain('Off topic');
    const before = await logRows(site);

    expect((await reader.post('/account/delete', { confirm: 'yes' })).status).toBe(303);
    const after = await logRows(site);
    expect(after).toHaveLength(before.length);
    const theirs = after.filter((r) => r.comment_id === id);
    expect(theirs).toHaveLength(2);
    for (const r of theirs) {
      expect(r.subject_label).toMatch(/^Former reader \d{6}$/);
      expect(r.subject_user_id).toBeNull();
    }
    const page = (await site.text('/moderation')).body;
    expect(page).not.toContain('Erin Erasable');
    expect(page).toContain(theirs[0].subject_label);
  });

  it('only moderators reach /admin/moderation; only those who manage settings edit the reasons', async () => {
    for (const role of ['author', 'contributor'] as const) {
      const a = await asRole(site, role);
      expect((await a.get('/admin/moderation')).status).toBe(403);
      expect((await a.get('/admin/moderation/appeals')).status).toBe(403);
    }
    const reader = await quickReader(site);
    expect((await reader.get('/admin/moderation')).status).toBe(403);
    expect((await site.fetch('/admin/moderation')).status).toBe(303);
    const editor = await asRole(site, 'editor');
    expect((await editor.get('/admin/moderation')).status).toBe(200);
    expect((await editor.get('/admin/moderation/reasons')).status).toBe(403);

    const owner = await asRole(site, 'owner');
    const page = await owner.get('/admin/moderation/reasons');
    expect(page.status).toBe(200);
    expect((await owner.post('/admin/moderation/reasons', { remove: '', keep: 'Fine' })).status).toBe(422);
    const saved = await owner.post('/admin/moderation/reasons', { remove: 'Personal attack\nSpam or advertising\nOff topic\nDoxxing', keep: 'Within the house rules\nReported by mistake' });
    expect(saved.status).toBe(303);
    const reporter = await quickReader(site);
    const id = await addComment(site, { articleId: article.id });
    expect((await reporter.get(`/comments/${id}/report`)).body).toContain('<option>Doxxing</option>');
  });
});
