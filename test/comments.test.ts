import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteReader } from '../src/accounts/reader-accounts.ts';
import { articleDep } from '../src/articles/deps.ts';
import { commentsDep } from '../src/comments/deps.ts';
import { unsubscribeToken } from '../src/comments/notify.ts';
import { asRole } from './helpers/agent.ts';
import { commentsIn } from './helpers/comment-dom.ts';
import { Commenter, demoArticle, readerCommenter, setSettings } from './helpers/commenter.ts';
import { DATABASES } from './helpers/databases.ts';
import { htmlErrors } from './helpers/markup.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * Reader comments on the article page, as a reader's browser meets them: the
 * form on the cached page, threads and their order, pages of threads, closing,
 * who may comment, the author's edit and delete, counts on cards and in feeds,
 * and what happens to a reader's comments when they erase their account.
 */
describe.each(DATABASES)('reader comments on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await site?.close();
  });

  const page = async (path: string) => {
    const r = await site.text(path);
    return { ...r, cache: r.headers.get('x-cache'), comments: commentsIn(r.body) };
  };
  const row = (id: number) => site.services.db.kysely.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('takes a guest’s comment without JavaScript, forgets that article’s page and nothing else', async () => {
    const a = await demoArticle(site, 'wind-farm-appeal');
    const b = await demoArticle(site, 'local-papers-closed');
    for (const p of [a.path, b.path, '/', a.path, b.path, '/']) await site.fetch(p).then((r) => r.arrayBuffer());
    expect((await page(a.path)).cache).toBe('hit');

    const guest = new Commenter(site);
    const res = await guest.post(a.id, { body: 'The *appeal* hearing is in March, not April.', name: 'Orla from the pier' });
    expect(res.status).toBe(303);
    const id = Number(/#comment-(\d+)$/.exec(res.location!)![1]);
    expect(res.location).toBe(`${a.path}#comment-${id}`);
    expect(res.headers.getSetCookie().join()).toMatch(/sz_commenter=[A-Za-z0-9_-]{22}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);

    const after = await page(a.path);
    expect(after.cache).toBe('miss');
    expect(after.body).toContain('Comments are open.');
    expect(after.body).toContain('<span class="comments-count">(1)</span>');
    expect(after.body).toContain('<a href="/moderation">Moderation log</a>');
    const mine = after.comments.find((c) => c.id === id)!;
    expect(mine.author).toBe('Orla from the pier');
    expect(after.body).toContain('<div class="comment__body"><p>The <em>appeal</em> hearing is in March, not April.</p></div>');
    expect(after.body).toContain(`<a href="/comments/${id}/report" rel="nofollow">Report</a>`);
    // The guest's address is kept for the moderators, never shown.
    expect(after.body).not.toContain(`guest-${guest.address}`);
    // Other pages, the front page's card of this article included, stay cached.
    expect((await page(b.path)).cache).toBe('hit');
    expect((await page('/')).cache).toBe('hit');

    const thread = await page(`/comments/${id}`);
    expect(thread.status).toBe(200);
    expect(thread.comments.map((c) => c.id)).toEqual([id]);
  });

  it('answers JSON, threads replies, and puts a reply past the depth limit beside its parent', async () => {
    const a = await demoArticle(site, 'stop-the-road-war');
    const guest = new Commenter(site);
    const post = async (body: string, parent?: number) => {
      const r = await guest.post(a.id, { body, ...(parent ? { parent: String(parent) } : {}) }, { json: true });
      expect(r.status, r.body).toBe(200);
      expect(r.json).toMatchObject({ ok: true, status: 'visible', message: 'Your comment is posted.' });
      expect(r.json.html).toContain(`id="comment-${r.json.id}"`);
      return r.json.id as number;
    };
    const c1 = await post('Top of the thread.');
    const c2 = await post('A reply.', c1);
    const c3 = await post('A reply to the reply.', c2);
    const c4 = await post('One level too deep.', c3);
    expect(await row(c4)).toMatchObject({ parent_id: c2, depth: 2, thread_id: c1 });
    expect(Number((await row(c2)).reply_count)).toBe(2);
    const nested = (await page(a.path)).comments;
    expect(nested.filter((c) => [c1, c2, c3, c4].includes(c.id)).map((c) => [c.id, c.parentId])).toEqual([[c1, null], [c2, c1], [c3, c2], [c4, c2]]);

    const other = await demoArticle(site, 'local-papers-closed');
    const wrong = await guest.post(other.id, { body: 'Replying across articles.', parent: String(c1) }, { json: true });
    expect(wrong.status).toBe(404);
    expect(wrong.json).toMatchObject({ ok: false, code: 'no-parent' });

    await setSettings(site, { comments_depth: 1 });
    const flat = await post('No replies allowed here.', c1);
    expect(await row(flat)).toMatchObject({ parent_id: null, depth: 0 });
    await setSettings(site, { comments_depth: 3 });
  });

  it('refuses a reply whose parent is malformed (422) or not a comment on this article (404), keeping the text, and never posts it as a new thread', async () => {
    const a = await demoArticle(site, 'stop-the-road-war');
    const other = await demoArticle(site, 'local-papers-closed');
    const guest = new Commenter(site);
    const elsewhere = (await guest.post(other.id, { body: 'A comment on another article.' }, { json: true })).json.id as number;
    const count = async () => Number((await site.services.db.kysely.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const cases: [string, number, string][] = [
      ['abc', 422, 'bad-parent'], ['99999999999999999999999', 422, 'bad-parent'], ['-3', 422, 'bad-parent'], ['1.5', 422, 'bad-parent'], ['012', 422, 'bad-parent'],
      ['999999', 404, 'no-parent'], ['2147483647', 404, 'no-parent'], ['2147483648', 422, 'bad-parent'], [String(elsewhere), 404, 'no-parent'],
    ];
    for (const [parent, status, code] of cases) {
      const body = `A reply to ${parent}, kept as typed.`;
      const json = await guest.post(a.id, { body, parent }, { json: true });
      expect(json.status, parent).toBe(status);
      expect(json.json, parent).toMatchObject({ ok: false, code });
      const form = await guest.post(a.id, { body, parent });
      expect(form.status, parent).toBe(status);
      expect(form.body).toContain(`>${body}</textarea>`);
    }
    expect(await count()).toBe(before);
    // An empty parent is a new thread, as the article's own form sends it.
    expect((await guest.post(a.id, { body: 'A new thread after all.', parent: '' })).status).toBe(303);
  });

  it('sorts oldest, newest and most replied, pages through threads, and collapses long threads', async () => {
    const a = await demoArticle(site, 'high-street-quiet-decline');
    const posted: number[] = [];
    for (let i = 0; i < 120; i += 40) {
      // Forty at a time: they reach the writer together and go in as batches.
      const batch = await Promise.all(Array.from({ length: 40 }, (_, j) => new Commenter(site, `10.7.${i + j}.1`).post(a.id, { body: `Comment number ${i + j + 1}.` }, { json: true })));
      posted.push(...batch.map((r) => r.json.id as number));
    }
    const sorted = [...posted].sort((x, y) => x - y);
    const reply = async (to: number, n: number) => {
      for (let k = 0; k < n; k++) await new Commenter(site, `10.8.${to % 250}.${k + 1}`).post(a.id, { body: `Reply ${k + 1} to ${to}.`, parent: String(to) });
    };
    await reply(sorted[4], 3);
    await reply(sorted[6], 1);
    await reply(sorted[9], 14);

    const first = await page(a.path);
    const tops = (p: Awaited<ReturnType<typeof page>>) => p.comments.filter((c) => c.parentId === null).map((c) => c.id);
    expect(tops(first)).toEqual(sorted.slice(0, 25));
    expect(first.body).toContain('Page 1 of 5');
    expect(first.body).toContain(`href="${a.path}?page=2#comments"`);
    // The long thread shows its first five replies and leads to the rest.
    expect(first.comments.filter((c) => c.parentId === sorted[9])).toHaveLength(5);
    expect(first.body).toContain(`<a href="/comments/${sorted[9]}#comment-${sorted[9]}">Show the whole thread (14 replies)</a>`);
    expect((await page(`/comments/${sorted[9]}`)).comments.filter((c) => c.parentId === sorted[9])).toHaveLength(14);

    expect(tops(await page(`${a.path}?page=5`))).toEqual(sorted.slice(100));
    expect(tops(await page(`${a.path}?sort=newest`))).toEqual([...sorted].reverse().slice(0, 25));
    expect(tops(await page(`${a.path}?sort=replied`)).slice(0, 3)).toEqual([sorted[9], sorted[4], sorted[6]]);
    for (const bad of ['?page=6', '?page=0', '?page=x', '?sort=random']) expect((await site.fetch(`${a.path}${bad}`)).status, bad).toBe(404);
    // Only the order and the page make an address: anything else finds the same cached page.
    await site.fetch(`${a.path}?page=2`).then((r) => r.arrayBuffer());
    expect((await page(`${a.path}?page=2&utm_source=x`)).cache).toBe('hit');
  });

  it('closes comments after the site’s number of days and when the article’s switch is off, and says so', async () => {
    const a = await demoArticle(site, 'where-the-council-budget-goes');
    const guest = new Commenter(site);
    await setSettings(site, { comments_close_after_days: 5 });
    const closed = await page(a.path);
    expect(closed.body).toContain('Comments are closed.');
    expect(closed.body).not.toContain('id="comment-form"');
    const refused = await guest.post(a.id, { body: 'Too late?' });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Comments on this article are closed.');

    await setSettings(site, { comments_close_after_days: 0 });
    expect((await page(a.path)).body).toContain('Comments are open.');
    expect((await guest.post(a.id, { body: 'Open again, for ever.' })).status).toBe(303);

    await site.services.db.kysely.updateTable('articles').set({ comments_enabled: 0 }).where('id', '=', a.id).execute();
    await site.services.changes.changed([articleDep(a.id)]);
    expect((await page(a.path)).body).toContain('Comments are closed.');
    expect((await guest.post(a.id, { body: 'Switched off.' })).status).toBe(403);
    await site.services.db.kysely.updateTable('articles').set({ comments_enabled: 1 }).where('id', '=', a.id).execute();
    await setSettings(site, { comments_close_after_days: 30 });
  });

  it('lets only signed-in readers comment when the site says so, keeping a guest’s text', async () => {
    const a = await demoArticle(site, 'review-the-salt-road');
    await setSettings(site, { comments_who: 'readers' });
    try {
      const p = await page(a.path);
      expect(p.body).toContain('Only signed-in readers may comment here. <a href="/account/sign-in">Sign in</a>');
      expect(p.body).not.toContain('name="email"');
      const guest = await new Commenter(site).post(a.id, { body: 'Guests welcome?' });
      expect(guest.status).toBe(403);
      expect(guest.body).toContain('Only signed-in readers may comment here.');
      expect(guest.body).toMatch(/<textarea[^>]*>Guests welcome\?<\/textarea>/);

      const reader = await readerCommenter(site, 'Deirdre Reads');
      const res = await reader.post(a.id, { body: 'Signed in and commenting.', name: 'Someone Else', email: 'else@example.org' }, { json: true });
      expect(res.json).toMatchObject({ ok: true, status: 'visible' });
      expect(await row(res.json.id)).toMatchObject({ author_user_id: reader.userId, guest_name: null, guest_email: null });
      expect((await page(a.path)).comments.find((c) => c.id === res.json.id)?.author).toBe('Deirdre Reads');
    } finally {
      await setSettings(site, { comments_who: 'guests' });
    }
  });

  it('lets the author edit for fifteen minutes and delete, leaving a marker that keeps the replies', async () => {
    const a = await demoArticle(site, 'why-a-city-needs-its-own-newsroom');
    const author = new Commenter(site);
    const other = new Commenter(site);
    const id = (await author.post(a.id, { body: 'First thoughts.' }, { json: true })).json.id as number;
    const replyId = (await other.post(a.id, { body: 'An answer.', parent: String(id) }, { json: true })).json.id as number;

    expect((await author.request(`/comments/${id}/edit`)).status).toBe(200);
    const saved = await author.request(`/comments/${id}/edit`, { form: { body: 'Second thoughts, **better**.' } });
    expect(saved.status).toBe(303);
    const shown = await page(a.path);
    expect(shown.body).toContain('<p>Second thoughts, <strong>better</strong>.</p>');
    expect(shown.comments.find((c) => c.id === id)!.el && shown.body).toMatch(new RegExp(`id="comment-${id}"[\\s\\S]*?<span class="comment__edited">edited</span>`));

    // Someone else cannot, from another browser.
    expect((await other.request(`/comments/${id}/edit`, { form: { body: 'Hijacked.' } })).status).toBe(403);
    expect((await other.request(`/comments/${id}/delete`, { form: { confirm: 'yes' } })).status).toBe(403);
    expect((await row(id)).body_md).toBe('Second thoughts, **better**.');

    const yours = await author.request(`/comments/yours.json?article=${a.id}`, { json: true });
    expect(yours.json.mine.map((c: { id: number }) => c.id)).toEqual([id]);
    expect((await author.request('/comments/yours')).body).toContain(`href="/comments/${id}/edit"`);

    await site.services.db.kysely.updateTable('comments').set({ created_at: new Date(Date.now() - 16 * 60_000).toISOString() }).where('id', '=', id).execute();
    const late = await author.request(`/comments/${id}/edit`, { form: { body: 'Too late to change.' } });
    expect(late.status).toBe(403);
    expect(late.body).toContain('15 minutes');

    const gone = await author.request(`/comments/${id}/delete`, { form: { confirm: 'yes' } });
    expect(gone.status).toBe(303);
    expect(await row(id)).toMatchObject({ status: 'deleted', body_md: '', body_html: '', guest_email: null });
    const after = await page(a.path);
    expect(after.comments.find((c) => c.id === id)?.marker).toBe('Deleted by its author.');
    expect(after.comments.find((c) => c.id === replyId)?.parentId).toBe(id);
    // A deleted comment nobody answered leaves nothing behind.
    await other.request(`/comments/${replyId}/delete`, { form: { confirm: 'yes' } });
    expect((await page(a.path)).comments.map((c) => c.id)).not.toContain(replyId);
  });

  it('holds a first comment for approval when the site asks, and lets that commenter through afterwards', async () => {
    const a = await demoArticle(site, 'what-the-housing-figures-say');
    await setSettings(site, { comments_first_waits: true });
    try {
      const guest = new Commenter(site);
      const held = await guest.post(a.id, { body: 'My first comment here.', email: 'first-timer@example.org' });
      expect(held.status).toBe(200);
      expect(held.body).toContain('waiting for a moderator’s approval');
      const id = Number((await site.services.db.kysely.selectFrom('comments').select('id').where('guest_email', '=', 'first-timer@example.org').executeTakeFirstOrThrow()).id);
      expect((await page(a.path)).comments.map((c) => c.id)).not.toContain(id);
      // A moderator lets it through (moderation's own store does this, then tells the caches).
      await site.services.db.kysely.updateTable('comments').set({ status: 'visible' }).where('id', '=', id).execute();
      await site.services.changes.changed([commentsDep(a.id)]);
      expect((await page(a.path)).comments.map((c) => c.id)).toContain(id);
      const next = await guest.post(a.id, { body: 'And a second one.', email: 'first-timer@example.org' }, { json: true });
      expect(next.json).toMatchObject({ ok: true, status: 'visible' });
    } finally {
      await setSettings(site, { comments_first_waits: false });
    }
  });

  it('refuses a commenter the moderators banned, with the reason, and no one else', async () => {
    const a = await demoArticle(site, 'library-late-hours');
    const guest = new Commenter(site);
    const id = (await guest.post(a.id, { body: 'Something the moderators will not like.', email: 'Troll@Example.org' }, { json: true })).json.id as number;
    const mod = await asRole(site, 'moderator');
    await mod.get(`/admin/moderation/comments/${id}`);
    expect((await mod.post(`/admin/moderation/comments/${id}/ban`, { reason: 'Spam or advertising', length: '7' })).status).toBe(303);
    // The same address, however it is written, from another browser and address.
    const again = await new Commenter(site).post(a.id, { body: 'Back again.', email: 'troll@example.org' }, { json: true });
    expect(again.status).toBe(403);
    expect(again.json).toMatchObject({ ok: false, code: 'banned' });
    expect(again.json.message).toMatch(/^You may not comment on this site until \d{1,2} \w+ \d{4} at \d{2}:\d{2}\. The moderators’ reason: Spam or advertising$/);
    expect((await new Commenter(site).post(a.id, { body: 'Someone else entirely.' }, { json: true })).status).toBe(200);
  });

  it('takes the comment settings from the settings page, with messages beside the fields', async () => {
    const owner = await asRole(site, 'owner');
    await owner.get('/admin/settings');
    const st = site.services.settings.get();
    const base = { site_name: st.site_name, site_description: st.site_description, accent_colour: st.accent_colour, timezone: st.timezone, locale: st.locale, language: st.language, nav: '', social: '', logo: '' };
    const comments = { comments_who: 'guests', comments_close_after_days: '14', comments_depth: '2', comments_sort: 'newest', comments_link_limit: '1', comments_min_seconds: '3', comments_blocklist: ' cheap pills \n\nspam.example\ncheap pills\n', comments_first_waits: 'on' };
    const bad = await owner.post('/admin/settings', { ...base, ...comments, comments_close_after_days: '', comments_depth: '9' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('Close after: enter a whole number.');
    expect(bad.body).toContain('Reply depth: at most 8.');
    expect(site.services.settings.get().comments_depth).toBe(3);
    const good = await owner.post('/admin/settings', { ...base, ...comments });
    expect(good.status, (good.body.match(/class="field-error"[^<]*</g) ?? []).join(' ')).toBe(303);
    expect(site.services.settings.get()).toMatchObject({
      comments_close_after_days: 14, comments_depth: 2, comments_sort: 'newest', comments_link_limit: 1, comments_min_seconds: 3,
      comments_blocklist: ['cheap pills', 'spam.example'], comments_first_waits: true,
    });
    const shown = await owner.get('/admin/settings');
    expect(shown.body).toMatch(/<textarea id="f-comments_blocklist"[^>]*>cheap pills\nspam.example<\/textarea>/);
    await setSettings(site, { comments_close_after_days: 30, comments_depth: 3, comments_sort: 'oldest', comments_link_limit: 2, comments_min_seconds: 2, comments_blocklist: [], comments_first_waits: false });
  });

  it('draws every comment page as valid HTML', async () => {
    const a = await demoArticle(site, 'harbour-vote-bad-bargain');
    const guest = new Commenter(site);
    const id = (await guest.post(a.id, { body: 'Valid, *I hope*.', notify: '1' }, { json: true })).json.id as number;
    const pages: [string, { body: string }][] = [
      ['article', await site.text(a.path)],
      ['thread', await site.text(`/comments/${id}`)],
      ['reply', await guest.request(`/comments/${id}/reply`)],
      ['refusal', await guest.post(a.id, { body: '' })],
      ['yours', await guest.request('/comments/yours')],
      ['edit', await guest.request(`/comments/${id}/edit`)],
      ['delete', await guest.request(`/comments/${id}/delete`)],
      ['unsubscribe', await site.text(`/comments/unsubscribe/${unsubscribeToken(site.services.secret, id)}`)],
    ];
    for (const [name, p] of pages) expect(htmlErrors(p.body), name).toEqual([]);
  });

  it('counts visible comments on cards and in feeds', async () => {
    const a = await demoArticle(site, 'quay-flooding-delays-rathbeg-school');
    const ids: number[] = [];
    for (const body of ['One.', 'Two.', 'Three.']) ids.push((await new Commenter(site).post(a.id, { body }, { json: true })).json.id);
    await site.services.db.kysely.updateTable('comments').set({ status: 'removed', removed_reason: 'Off topic' }).where('id', '=', ids[2]).execute();
    expect(Number((await site.services.db.kysely.selectFrom('articles').select('comment_count').where('id', '=', a.id).executeTakeFirstOrThrow()).comment_count)).toBe(2);
    // Listings showing the card are drawn afresh when the article itself changes (a comment alone leaves them cached).
    await site.services.changes.changed([articleDep(a.id)]);
    const home = await site.text('/');
    expect(home.body).toContain(`<a class="card__comments" href="${a.path}#comments">2 comments</a>`);
    const rss = (await site.text('/feed.xml')).body;
    const item = rss.slice(rss.indexOf(`<link>http://news.test${a.path}</link>`));
    expect(item.slice(0, item.indexOf('</item>'))).toContain(`<comments>http://news.test${a.path}#comments</comments>\n<slash:comments>2</slash:comments>`);
    const atom = (await site.text('/atom.xml')).body;
    expect(atom).toContain(`<link rel="replies" type="text/html" href="http://news.test${a.path}#comments" xmlns:thr="http://purl.org/syndication/thread/1.0" thr:count="2"/>`);
  });

  it('lists a reader’s comments on their account page, and puts a pseudonym on them when they erase it', async () => {
    const a = await demoArticle(site, 'harbour-plan-passes-council-vote');
    const reader = await readerCommenter(site, 'Padraig Writes');
    const id = (await reader.post(a.id, { body: 'Mine, under my name.' }, { json: true })).json.id as number;
    const account = await reader.request('/account');
    expect(account.body).toContain('Your comments');
    expect(account.body).toContain(`href="${a.path}#comment-${id}"`);
    await site.fetch(a.path).then((r) => r.arrayBuffer());
    expect((await page(a.path)).comments.find((c) => c.id === id)?.author).toBe('Padraig Writes');
    const user = await site.services.db.kysely.selectFrom('users').select(['id', 'email']).where('id', '=', reader.userId).executeTakeFirstOrThrow();
    // As the account page's delete button does it.
    expect(await deleteReader(site.services.db, site.services.secret, user, site.services.readerData)).toBe(true);
    await site.services.readerData.afterErase(user.id);
    const kept = await row(id);
    expect(kept).toMatchObject({ author_user_id: null, body_md: 'Mine, under my name.', status: 'visible' });
    expect(kept.guest_name).toMatch(/^Former reader \d{6}$/);
    const after = await page(a.path);
    expect(after.cache).toBe('miss');
    expect(after.comments.find((c) => c.id === id)?.author).toBe(kept.guest_name);
  });
});
