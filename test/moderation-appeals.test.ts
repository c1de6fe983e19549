import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoModeration } from '../src/demo/moderation.ts';
import { removeDemo } from '../src/demo/remove-demo.ts';
import { isBanned } from '../src/moderation/bans.ts';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { addComment, commentStatus, firstArticle, logRows, postComment, quickReader } from './helpers/moderation.ts';
import { asReader } from './helpers/reader.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

/**
 * Due process after a decision: the author is told, appeals once, in writing,
 * to a different moderator, whose decision is logged and undoes what it
 * overturns; bans hold for a time or for good until lifted; mail about
 * moderation stops with one click; without a mail server nothing breaks.
 */
describe.each(DATABASES)('appeals, bans and moderation mail on %s', (kind) => {
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

  const mailFor = (to: string, since: number) => smtp.waitFor((m) => m.to.includes(to) && smtp.messages.indexOf(m) >= since);
  const pathIn = (text: string, start: string) => new RegExp(`http://news\\.test(${start}[^\\s]*)`).exec(text)?.[1] ?? '';

  async function removeAs(mod: Awaited<ReturnType<typeof asRole>>, id: number, reason = 'Personal attack') {
    await mod.get(`/admin/moderation/comments/${id}`);
    const r = await mod.post(`/admin/moderation/comments/${id}/remove`, { reason });
    expect(r.status).toBe(303);
    return (await logRows(site)).at(-1)!;
  }

  it('a guest appeals once through the mailed link; the moderator who acted cannot decide; a second moderator restores the comment, and the decision is logged and mailed', async () => {
    const first = await asRole(site, 'moderator');
    const second = await asRole(site, 'moderator');
    const id = await addComment(site, { articleId: article.id, guestName: 'Appealing Guest', guestEmail: 'appeal@guests.test', body: 'Sharp, but fair.' });
    const since = smtp.messages.length;
    const removed = await removeAs(first, id);
    const link = pathIn((await mailFor('appeal@guests.test', since)).text, '/appeal/');
    expect(link).toBe(`/appeal/${removed.id}/${link.split('/').at(-1)}`);
    expect((await site.fetch(`/appeal/${removed.id}/${'x'.repeat(43)}`)).status).toBe(404);

    const guest = new (await import('./helpers/agent.ts')).Agent(site);
    const page = await guest.get(link);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sharp, but fair.');
    expect(page.body).toContain('Personal attack');
    expect((await guest.post(link, { text: 'Too short.' })).status).toBe(422);
    const sent = await guest.post(link, { text: 'I criticised the plan, not any person. Please read it again.' });
    expect(sent.status).toBe(303);
    expect((await guest.get(sent.location!)).body).toContain('Your appeal is with the moderators');
    const twice = await guest.post(link, { text: 'And another thing: I would like to appeal again.' });
    expect(twice.status).toBe(409);
    expect(await site.services.db.kysely.selectFrom('appeals').select('id').where('log_id', '=', removed.id).execute()).toHaveLength(1);

    const appeal = await site.services.db.kysely.selectFrom('appeals').select('id').where('log_id', '=', removed.id).executeTakeFirstOrThrow();
    const list = await first.get('/admin/moderation/appeals');
    expect(list.body).toContain('I criticised the plan, not any person.');
    expect(list.body).toContain('You took this decision');
    const refused = await first.post(`/admin/moderation/appeals/${appeal.id}`, { decision: 'overturned', reason: 'The removal was a mistake' });
    expect(refused.status).toBe(403);
    expect((await commentStatus(site, id)).status).toBe('removed');

    await second.get('/admin/moderation/appeals');
    expect((await second.post(`/admin/moderation/appeals/${appeal.id}`, { decision: 'overturned', reason: 'Personal attack' })).status).toBe(422);
    const mailsBefore = smtp.messages.length;
    const granted = await second.post(`/admin/moderation/appeals/${appeal.id}`, { decision: 'overturned', reason: 'The removal was a mistake' });
    expect(granted.status).toBe(303);
    expect(await commentStatus(site, id)).toEqual({ status: 'visible', removed_reason: null });
    const entry = (await logRows(site)).at(-1)!;
    expect(entry).toMatchObject({ action: 'appeal-overturned', appeal_of: removed.id, comment_id: id, moderator_id: second.userId, reason: 'The removal was a mistake' });
    const log = (await site.text('/moderation')).body;
    expect(log).toContain('Appeal granted');
    expect(log).not.toContain('I criticised the plan');
    expect((await mailFor('appeal@guests.test', mailsBefore)).text).toContain('your comment is back in the thread');
    expect((await second.post(`/admin/moderation/appeals/${appeal.id}`, { decision: 'upheld', reason: 'Personal attack' })).status).toBe(409);
  });

  it('a reader appeals from their account; only they can; a turned-down appeal leaves the comment removed', async () => {
    const reader = await asReader(site, smtp);
    const user = await site.services.db.kysely.selectFrom('users').select('id').where('email', '=', reader.email).executeTakeFirstOrThrow();
    const id = await addComment(site, { articleId: article.id, authorUserId: user.id });
    const first = await asRole(site, 'moderator');
    const since = smtp.messages.length;
    const removed = await removeAs(first, id, 'Off topic');
    expect(pathIn((await mailFor(reader.email, since)).text, '/account/appeals/')).toBe(`/account/appeals/${removed.id}`);
    expect((await reader.get('/account')).body).toContain(`href="/account/appeals/${removed.id}"`);
    const other = await quickReader(site);
    expect((await other.get(`/account/appeals/${removed.id}`)).status).toBe(404);
    await other.get('/account');
    expect((await other.post(`/account/appeals/${removed.id}`, { text: 'I am somebody else entirely, appealing.' })).status).toBe(404);
    await reader.get(`/account/appeals/${removed.id}`);
    expect((await reader.post(`/account/appeals/${removed.id}`, { text: 'It was on topic: the article is about the harbour.' })).status).toBe(303);

    const second = await asRole(site, 'editor');
    const appeal = await site.services.db.kysely.selectFrom('appeals').select('id').where('log_id', '=', removed.id).executeTakeFirstOrThrow();
    await second.get('/admin/moderation/appeals');
    expect((await second.post(`/admin/moderation/appeals/${appeal.id}`, { decision: 'upheld', reason: 'Off topic' })).status).toBe(303);
    expect((await commentStatus(site, id)).status).toBe('removed');
    expect((await logRows(site)).at(-1)).toMatchObject({ action: 'appeal-upheld', appeal_of: removed.id, reason: 'Off topic' });
    expect((await reader.get(`/account/appeals/${removed.id}`)).body).toContain('Your appeal was turned down');
  });

  it('bans hold for a time or for good, by account or by the address a guest gave, until lifted; a granted appeal lifts one', async () => {
    const mod = await asRole(site, 'moderator');
    const guestComment = await addComment(site, { articleId: article.id, guestName: 'Banned Guest', guestEmail: 'Banned@Guests.test' });
    await mod.get(`/admin/moderation/comments/${guestComment}`);
    expect((await mod.post(`/admin/moderation/comments/${guestComment}/ban`, { reason: 'Spam or advertising', length: 'forever' })).status).toBe(422);
    expect((await mod.post(`/admin/moderation/comments/${guestComment}/ban`, { reason: 'Spam or advertising', length: '7' })).status).toBe(303);
    const ban = await isBanned(site.services.db, { userId: null, guestEmail: 'banned@guests.test' });
    expect(ban?.reason).toBe('Spam or advertising');
    expect(Date.parse(ban!.until!) - Date.now()).toBeGreaterThan(6.9 * 86400_000);
    expect(await isBanned(site.services.db, { userId: null, guestEmail: 'someone.else@guests.test' })).toBeNull();
    expect((await site.text('/moderation')).body).toMatch(/Banned from commenting until/);

    const bans = await mod.get('/admin/moderation/bans');
    expect(bans.body).toContain('Banned Guest');
    const banId = (await site.services.db.kysely.selectFrom('bans').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    expect((await mod.post(`/admin/moderation/bans/${banId}/lift`, { reason: '' })).status).toBe(422);
    expect((await mod.post(`/admin/moderation/bans/${banId}/lift`, { reason: 'Reported by mistake' })).status).toBe(303);
    expect(await isBanned(site.services.db, { userId: null, guestEmail: 'banned@guests.test' })).toBeNull();
    expect((await logRows(site)).at(-1)).toMatchObject({ action: 'lift-ban', reason: 'Reported by mistake', subject_label: 'Banned Guest' });

    // For good, on a reader's account: it holds after they erase the account, by their address.
    const reader = await asReader(site, smtp);
    const user = await site.services.db.kysely.selectFrom('users').select('id').where('email', '=', reader.email).executeTakeFirstOrThrow();
    const readerComment = await addComment(site, { articleId: article.id, authorUserId: user.id });
    await mod.get(`/admin/moderation/comments/${readerComment}`);
    expect((await mod.post(`/admin/moderation/comments/${readerComment}/ban`, { reason: 'Hate or harassment', length: 'good' })).status).toBe(303);
    expect(await isBanned(site.services.db, { userId: user.id, guestEmail: null })).toEqual({ until: null, reason: 'Hate or harassment' });
    const banLog = (await logRows(site)).at(-1)!;
    await reader.get(`/account/appeals/${banLog.id}`);
    expect((await reader.post(`/account/appeals/${banLog.id}`, { text: 'I was quoting the person who harassed me.' })).status).toBe(303);
    const other = await asRole(site, 'moderator');
    const appeal = await site.services.db.kysely.selectFrom('appeals').select('id').where('log_id', '=', banLog.id).executeTakeFirstOrThrow();
    await other.get('/admin/moderation/appeals');
    expect((await other.post(`/admin/moderation/appeals/${appeal.id}`, { decision: 'overturned', reason: 'Reported by mistake' })).status).toBe(303);
    expect(await isBanned(site.services.db, { userId: user.id, guestEmail: null })).toBeNull();

    const again = await addComment(site, { articleId: article.id, authorUserId: user.id });
    await mod.get(`/admin/moderation/comments/${again}`);
    await mod.post(`/admin/moderation/comments/${again}/ban`, { reason: 'Hate or harassment', length: 'good' });
    expect((await reader.post('/account/delete', { confirm: 'yes' })).status).toBe(303);
    expect(await isBanned(site.services.db, { userId: null, guestEmail: reader.email })).toEqual({ until: null, reason: 'Hate or harassment' });
  });

  it('a ban stops posting through the comments form, for a guest by their address and for a reader by their account, until it is lifted', async () => {
    const mod = await asRole(site, 'moderator');
    const first = await postComment(site, article.id, { body: 'Buy cheap ferry tickets here.', name: 'Ticket Tout', email: 'tout@guests.test' });
    expect(first.status).toBe(303);
    const id = Number(/comment-(\d+)/.exec(first.location!)![1]);
    await mod.get(`/admin/moderation/comments/${id}`);
    expect((await mod.post(`/admin/moderation/comments/${id}/ban`, { reason: 'Spam or advertising', length: '30' })).status).toBe(303);
    const refused = await postComment(site, article.id, { body: 'Cheaper still, today only.', name: 'Another Name', email: 'TOUT@guests.test' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Spam or advertising');
    expect((await postComment(site, article.id, { body: 'A different guest entirely.', name: 'Fair Guest', email: 'fair@guests.test' })).status).toBe(303);

    const reader = await quickReader(site, 'Banned Reader');
    const cookie = `sz_session=${(reader as unknown as { cookies: Map<string, string> }).cookies.get('sz_session')}`;
    const own = await postComment(site, article.id, { body: 'My first comment as a reader.', cookie });
    expect(own.status).toBe(303);
    const ownId = Number(/comment-(\d+)/.exec(own.location!)![1]);
    await mod.get(`/admin/moderation/comments/${ownId}`);
    expect((await mod.post(`/admin/moderation/comments/${ownId}/ban`, { reason: 'Hate or harassment', length: 'good' })).status).toBe(303);
    expect((await postComment(site, article.id, { body: 'Am I still allowed?', cookie })).status).toBe(403);
    const ban = await site.services.db.kysely.selectFrom('bans').select('id').where('user_id', '=', reader.userId).executeTakeFirstOrThrow();
    await mod.get('/admin/moderation/bans');
    expect((await mod.post(`/admin/moderation/bans/${ban.id}/lift`, { reason: 'Reported by mistake' })).status).toBe(303);
    expect((await postComment(site, article.id, { body: 'Thank you for lifting it.', cookie })).status).toBe(303);
  });

  it('moderation mail stops with one click (the List-Unsubscribe POST a mail program sends), and the moderator is told', async () => {
    const mod = await asRole(site, 'moderator');
    const since = smtp.messages.length;
    await removeAs(mod, await addComment(site, { articleId: article.id, guestEmail: 'quiet@guests.test' }));
    const mail = await mailFor('quiet@guests.test', since);
    const url = /<http:\/\/news\.test([^>]+)>/.exec(mail.headers['list-unsubscribe'])![1];
    expect(pathIn(mail.text, '/moderation/mail/')).toBe(url);
    expect((await site.fetch(`${url.slice(0, -3)}abc`)).status).toBe(404);
    expect((await site.fetch(`${url.slice(0, -3)}abc`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(403);
    expect((await site.text(url)).body).toContain('Stop these emails');
    const oneClick = await site.fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.status).toBe(200);
    const next = await addComment(site, { articleId: article.id, guestEmail: 'Quiet@guests.test' });
    await mod.get(`/admin/moderation/comments/${next}`);
    const done = await mod.post(`/admin/moderation/comments/${next}/remove`, { reason: 'Off topic' });
    expect((await mod.get(done.location!)).body).toContain('asked for no mail about moderation');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.filter((m) => m.to.includes('quiet@guests.test'))).toHaveLength(1);
  });

  it('a decision and its letter to the author are one: the letter is stored with the decision, sent once, and a decision whose letter cannot be stored is not taken', async () => {
    const db = site.services.db.kysely;
    const jobs = site.services.jobs;
    const id = await addComment(site, { articleId: article.id, guestName: 'Kept Letter', guestEmail: 'kept-letter@guests.test', body: 'Sharp words.' });
    const mod = await asRole(site, 'moderator');
    await mod.get(`/admin/moderation/comments/${id}`);
    const sentTo = () => smtp.messages.filter((m) => m.to.includes('kept-letter@guests.test')).length;
    await jobs.stop();
    try {
      // The queue's table cannot be written for a moment: the removal is refused as a whole, not taken without its letter.
      await db.schema.alterTable('jobs').renameTo('jobs_away').execute();
      try {
        const refused = await mod.post(`/admin/moderation/comments/${id}/remove`, { reason: 'Personal attack' });
        expect(refused.status).toBeGreaterThanOrEqual(500);
      } finally {
        await db.schema.alterTable('jobs_away').renameTo('jobs').execute();
      }
      expect((await commentStatus(site, id)).status).toBe('visible');
      expect((await logRows(site)).filter((r) => r.comment_id === id)).toHaveLength(0);

      // Taken: when the moderator is answered, the letter is in the queue, though no server has claimed it yet.
      await mod.get(`/admin/moderation/comments/${id}`);
      expect((await mod.post(`/admin/moderation/comments/${id}/remove`, { reason: 'Personal attack' })).status).toBe(303);
      const waiting = await db.selectFrom('jobs').select('payload').where('state', '=', 'queued').where('kind', '=', 'mail').execute();
      expect(waiting.filter((j) => j.payload.includes('kept-letter@guests.test'))).toHaveLength(1);
      expect(sentTo()).toBe(0);
    } finally {
      jobs.start();
    }
    await mailFor('kept-letter@guests.test', 0);
    await new Promise((r) => setTimeout(r, 800));
    expect(sentTo()).toBe(1);
  });

  it('the demo’s public log holds decisions taken through the moderation service: a reported comment kept, an advertisement removed and its sender banned for a month, a removal overturned on appeal by a second moderator', async () => {
    const db = site.services.db.kysely;
    const demoLog = await db.selectFrom('moderation_log as l').innerJoin('demo_rows as d', (j) => j.onRef('d.row_id', '=', 'l.id').on('d.table_name', '=', 'moderation_log'))
      .select(['l.id', 'l.action', 'l.reason', 'l.moderator_id', 'l.appeal_of', 'l.until', 'l.comment_id', 'l.created_at', 'l.subject_label']).orderBy('l.id').execute();
    expect(demoLog.map((e) => `${e.action}: ${e.reason}`).sort()).toEqual([
      'appeal-overturned: The removal was a mistake', 'approve: Disagreement is not abuse', 'ban: Spam or advertising',
      'remove: Off topic', 'remove: Personal attack', 'remove: Spam or advertising',
    ]);
    for (const e of demoLog) expect(Date.parse(e.created_at)).toBeLessThan(Date.now());
    // The appeal was decided by a moderator other than the one who acted, and the comment is back.
    const overturned = demoLog.find((e) => e.action === 'appeal-overturned')!;
    const appealed = demoLog.find((e) => e.id === overturned.appeal_of)!;
    expect(appealed).toMatchObject({ action: 'remove', reason: 'Off topic', subject_label: 'Marek Nowicki' });
    expect(overturned.moderator_id).not.toBeNull();
    expect(overturned.moderator_id).not.toBe(appealed.moderator_id);
    expect((await commentStatus(site, appealed.comment_id!)).status).toBe('visible');
    // The reported comment is shown, its report answered.
    const keptEntry = demoLog.find((e) => e.action === 'approve')!;
    expect((await commentStatus(site, keptEntry.comment_id!)).status).toBe('visible');
    expect(await db.selectFrom('comment_reports').select('settled_at').where('comment_id', '=', keptEntry.comment_id!).execute()).toEqual([{ settled_at: expect.any(String) }]);
    // The advertiser's address is banned for a month from the decision.
    const ban = demoLog.find((e) => e.action === 'ban')!;
    expect(Date.parse(ban.until!) - Date.parse(ban.created_at)).toBe(30 * 86400_000);
    expect(await isBanned(site.services.db, { userId: null, guestEmail: 'bookings@coach-deals.invalid' })).toMatchObject({ reason: 'Spam or advertising' });
    // The public log shows them all, and never an address.
    const page = (await site.text('/moderation')).body;
    for (const words of ['Disagreement is not abuse', 'Spam or advertising', 'The removal was a mistake', 'Coach Deals Direct', 'Dermot Hayes', 'Marek Nowicki']) expect(page).toContain(words);
    expect(page).not.toContain('coach-deals.invalid');
    // Loaded again, it adds nothing.
    const before = (await logRows(site)).length;
    await loadDemoModeration(site.services.db);
    expect(await logRows(site)).toHaveLength(before);
  });

  it('the demo’s removed comment has its log entry, and both go with the demo; a real decision about a demo comment stays', async () => {
    const db = site.services.db.kysely;
    // As loaded: the demo's removed comment, its marker on its article, and its entry in the public log.
    const demoRemoved = await db.selectFrom('comments as c').innerJoin('demo_rows as d', (j) => j.onRef('d.row_id', '=', 'c.id').on('d.table_name', '=', 'comments'))
      .innerJoin('articles as a', 'a.id', 'c.article_id').select(['c.id', 'c.removed_reason', 'a.path']).where('c.status', '=', 'removed').executeTakeFirstOrThrow();
    expect((await site.text(demoRemoved.path!)).body).toContain(`Removed by the moderators: ${demoRemoved.removed_reason}`);
    expect((await logRows(site)).find((r) => r.comment_id === demoRemoved.id)).toMatchObject({ action: 'remove', reason: demoRemoved.removed_reason });
    expect((await site.text('/moderation')).body).toContain(demoRemoved.removed_reason!);
    const removed = await addComment(site, { articleId: article.id, guestName: 'Demo Heckler', body: 'Demo words.' });
    await db.updateTable('comments').set({ status: 'removed', removed_reason: 'Personal attack' }).where('id', '=', removed).execute();
    const other = await addComment(site, { articleId: article.id, guestName: 'Demo Calm', guestEmail: 'calm@demo.test' });
    await db.insertInto('demo_rows').values([{ table_name: 'comments', row_id: removed }, { table_name: 'comments', row_id: other }]).execute();
    await loadDemoModeration(site.services.db);
    await loadDemoModeration(site.services.db);
    const entry = (await logRows(site)).at(-1)!;
    expect((await logRows(site)).filter((r) => r.comment_id === removed)).toHaveLength(1);
    const demoEntries = (await db.selectFrom('demo_rows').select('row_id').where('table_name', '=', 'moderation_log').execute()).length;
    expect(demoEntries).toBeGreaterThanOrEqual(2);
    expect(entry).toMatchObject({ action: 'remove', comment_id: removed, reason: 'Personal attack', subject_label: 'Demo Heckler' });
    const mod = await asRole(site, 'moderator');
    await removeAs(mod, other, 'Off topic');
    const real = (await logRows(site)).at(-1)!;
    const before = (await logRows(site)).length;

    const result = await removeDemo(site.services.db, site.dataDir, site.services.changes);
    expect(result.removed.moderation).toBe(demoEntries);
    const after = await logRows(site);
    expect(after).toHaveLength(before - demoEntries);
    expect(after.find((r) => r.id === entry.id)).toBeUndefined();
    expect(after.find((r) => r.id === real.id)).toMatchObject({ action: 'remove', comment_id: other });
    // The article is gone; the real entry says so instead of linking it.
    expect((await site.text('/moderation')).body).toContain('an article no longer published');
    // The demo's ban, appeal and second moderator went with it.
    expect(await isBanned(site.services.db, { userId: null, guestEmail: 'bookings@coach-deals.invalid' })).toBeNull();
    expect(await db.selectFrom('appeals').select('id').where('text', 'like', '%Rathbeg%').execute()).toEqual([]);
    expect(await db.selectFrom('users').select('id').where('name', '=', 'Aisling Kerr').execute()).toEqual([]);
  });

  it('without a mail server, a removal still works and the moderator is told the author was not mailed', async () => {
    const quiet = await startTestSite(kind);
    try {
      const a = await firstArticle(quiet);
      const id = await addComment(quiet, { articleId: a.id, guestEmail: 'nomail@guests.test' });
      const mod = await asRole(quiet, 'moderator');
      await mod.get(`/admin/moderation/comments/${id}`);
      const done = await mod.post(`/admin/moderation/comments/${id}/remove`, { reason: 'Off topic' });
      expect(done.status).toBe(303);
      expect((await mod.get(done.location!)).body).toContain('No mail server is set up');
      expect((await commentStatus(quiet, id)).status).toBe('removed');
    } finally {
      await quiet.close();
    }
  });
});
