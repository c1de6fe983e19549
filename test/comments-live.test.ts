import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Commenter, demoArticle } from './helpers/commenter.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

/**
 * What comments do after the post: the reply email to those who asked, with a
 * link that stops it in one click, and the live stream that tells an open page
 * of a new comment — on one server, and through the change log on another.
 */

/** An open EventSource-like reading of the stream: the events seen so far, and a wait for the next that matches. */
async function openStream(site: TestSite, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await site.fetch(path, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: { id: string | null; event: string; data: string }[] = [];
  let text = '';
  const waiters: (() => void)[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null;
          if (field('event')) events.push({ id: field('id'), event: field('event')!, data: field('data')! });
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    res,
    events,
    async next(match: (e: { event: string; data: string }) => boolean, ms = 5000) {
      const until = Date.now() + ms;
      while (!events.some(match)) {
        if (Date.now() > until) throw new Error(`no matching event; saw ${JSON.stringify(events)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return events.find(match)!;
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe.each(DATABASES)('comments after the post on %s', (kind) => {
  let site: TestSite;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1', SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  const quiet = async (ms = 800) => new Promise((r) => setTimeout(r, ms));

  it('mails a reply to those who asked, with a one-click unsubscribe that needs no cookie', async () => {
    const a = await demoArticle(site, 'wind-farm-appeal');
    const asker = new Commenter(site);
    const askerId = (await asker.post(a.id, { body: 'Tell me when someone answers.', name: 'Maeve', email: 'maeve@readers.test', notify: '1' }, { json: true })).json.id;
    const silent = new Commenter(site);
    const silentId = (await silent.post(a.id, { body: 'No mail for me, thanks.', name: 'Quiet One', email: 'quiet@readers.test' }, { json: true })).json.id;

    const since = smtp.messages.length;
    const replier = new Commenter(site);
    const replyId = (await replier.post(a.id, { body: 'Here is an *answer*.', name: 'Colm', parent: String(askerId) }, { json: true })).json.id;
    const mail = await smtp.waitFor((m) => m.to.includes('maeve@readers.test') && smtp.messages.indexOf(m) >= since);
    expect(mail.subject).toBe('Colm replied to your comment on “Fishermen lodge appeal against Carraig Bank offshore wind farm”');
    expect(mail.text).toContain('> Here is an answer.');
    expect(mail.text).toContain(`http://news.test/comments/${replyId}#comment-${replyId}`);
    const link = /^<http:\/\/news\.test(\/comments\/unsubscribe\/[^>]+)>$/.exec(mail.headers['list-unsubscribe'])?.[1];
    expect(link).toBeDefined();
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain(`http://news.test${link}`);

    // Replying to yourself, or to someone who did not ask, sends nothing.
    const before = smtp.messages.length;
    await asker.post(a.id, { body: 'Answering myself.', name: 'Maeve', email: 'maeve@readers.test', parent: String(askerId) });
    await replier.post(a.id, { body: 'To the quiet one.', name: 'Colm', parent: String(silentId) });
    await quiet();
    expect(smtp.messages.length).toBe(before);

    // Opening the link only asks; a mail program's POST (no cookie, no Origin) stops the mail.
    const opened = await site.text(link!);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('Stop these emails');
    const row = () => site.services.db.kysely.selectFrom('comments').select('notify_replies').where('id', '=', askerId).executeTakeFirstOrThrow();
    expect(Number((await row()).notify_replies)).toBe(1);
    const oneClick = await site.fetch(link!, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.status).toBe(200);
    expect(Number((await row()).notify_replies)).toBe(0);
    await replier.post(a.id, { body: 'Another answer.', name: 'Colm', parent: String(askerId) });
    await quiet();
    expect(smtp.messages.length).toBe(before);

    expect((await site.fetch(link!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { method: 'POST' })).status).toBe(403);
  });

  it('keeps a reply’s email in the database from the moment the reply is answered, and sends it once', async () => {
    const a = await demoArticle(site, 'library-late-hours');
    const asker = new Commenter(site);
    const askerId = (await asker.post(a.id, { body: 'Will the late hours cover exam season?', name: 'Nuala', email: 'nuala@readers.test', notify: '1' }, { json: true })).json.id;
    const jobs = site.services.jobs;
    const k = site.services.db.kysely;
    const queued = async () => (await k.selectFrom('jobs').select(['id', 'payload']).where('state', '=', 'queued').execute()).map((j) => ({ id: Number(j.id), payload: j.payload }));
    // No server claims work for a while, as if this one had stopped just after answering.
    await jobs.stop();
    let replyId: number;
    try {
      const before = new Set((await queued()).map((j) => j.id));
      const r = await new Commenter(site).post(a.id, { body: 'Yes, from May to the end of June.', name: 'Library desk', parent: String(askerId) }, { json: true });
      expect(r.json).toMatchObject({ ok: true, status: 'visible' });
      replyId = r.json.id;
      // Answered: the email's job is already stored (the same transaction as the reply), naming the reply.
      const fresh = (await queued()).filter((j) => !before.has(j.id));
      expect(fresh).toHaveLength(1);
      expect(fresh[0].payload).toContain(String(replyId));
      await quiet(300);
      expect(smtp.messages.filter((m) => m.to.includes('nuala@readers.test'))).toHaveLength(0);
    } finally {
      jobs.start();
    }
    const mail = await smtp.waitFor((m) => m.to.includes('nuala@readers.test'));
    expect(mail.text).toContain(`http://news.test/comments/${replyId!}#comment-${replyId!}`);
    await quiet();
    expect(smtp.messages.filter((m) => m.to.includes('nuala@readers.test'))).toHaveLength(1);
  });

  it('a reply and its email are stored together: when the email cannot be queued, the reply is not taken either', async () => {
    const a = await demoArticle(site, 'tideline-books-at-fifty');
    const asker = new Commenter(site);
    const askerId = (await asker.post(a.id, { body: 'Does anyone remember the reading corner?', name: 'Bríd', email: 'brid@readers.test', notify: '1' }, { json: true })).json.id;
    const replier = new Commenter(site);
    const reply = { body: 'The one with the green armchair, yes.', name: 'Pádraig', parent: String(askerId) };
    const jobs = site.services.jobs;
    await jobs.stop();
    // The queue's table cannot be written for a moment (a full disk, a lost connection would do the same).
    const k = site.services.db.kysely;
    await k.schema.alterTable('jobs').renameTo('jobs_away').execute();
    try {
      const refused = await replier.post(a.id, reply, { json: true });
      expect(refused.status).toBeGreaterThanOrEqual(500);
    } finally {
      await k.schema.alterTable('jobs_away').renameTo('jobs').execute();
      jobs.start();
    }
    const stored = await k.selectFrom('comments').select('id').where('parent_id', '=', askerId).execute();
    expect(stored).toHaveLength(0);
    expect(smtp.messages.filter((m) => m.to.includes('brid@readers.test'))).toHaveLength(0);
    // Sent again, it is taken, and its email goes once.
    const taken = await replier.post(a.id, reply, { json: true });
    expect(taken.json).toMatchObject({ ok: true, status: 'visible' });
    await smtp.waitFor((m) => m.to.includes('brid@readers.test'));
    await quiet();
    expect(smtp.messages.filter((m) => m.to.includes('brid@readers.test'))).toHaveLength(1);
  });

  it('tells an open page of a new comment over server-sent events, and the page fetches its HTML', async () => {
    const a = await demoArticle(site, 'stop-the-road-war');
    expect((await site.fetch(`/articles/${a.id}/comments/stream`)).status).toBe(406);
    const stream = await openStream(site, `/articles/${a.id}/comments/stream?after=0`);
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const posted = (await new Commenter(site).post(a.id, { body: 'Live, as it happens.' }, { json: true })).json.id as number;
      const e = await stream.next((x) => x.event === 'comment' && JSON.parse(x.data).id === posted);
      expect(e).toMatchObject({ id: String(posted) });
      const piece = await (await site.fetch(`/comments/${posted}/html`)).json();
      expect(piece).toMatchObject({ ok: true, id: posted, parentId: null });
      expect(piece.html).toContain('<p>Live, as it happens.</p>');
    } finally {
      await stream.close();
    }
    // A page that reconnects says where it was, and is told only what came after.
    const last = Number((await site.services.db.kysely.selectFrom('comments').select((eb) => eb.fn.max('id').as('id')).where('article_id', '=', a.id).executeTakeFirstOrThrow()).id);
    const again = await openStream(site, `/articles/${a.id}/comments/stream`, { 'last-event-id': String(last) });
    try {
      const next = (await new Commenter(site).post(a.id, { body: 'After the reconnection.' }, { json: true })).json.id as number;
      await again.next((x) => JSON.parse(x.data).id === next);
      expect(again.events.filter((x) => x.event === 'comment').map((x) => JSON.parse(x.data).id)).toEqual([next]);
    } finally {
      await again.close();
    }
  });

  it('starts an open page’s live stream after the article’s newest comment, whatever else is on the site', async () => {
    const k = site.services.db.kysely;
    const lastOnPage = async (path: string) => Number(/data-last="(\d+)"/.exec((await site.text(path)).body)![1]);
    const [quiet1, busy] = await k.selectFrom('articles as a').select(['a.id', 'a.path']).where('a.status', '=', 'published')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('comments as c').select('c.id').whereRef('c.article_id', '=', 'a.id'))))
      .orderBy('a.id').limit(2).execute();
    expect(await lastOnPage(quiet1.path!)).toBe(0);
    const first = (await new Commenter(site).post(busy.id, { body: 'First on this one.' }, { json: true })).json.id as number;
    const second = (await new Commenter(site).post(busy.id, { body: 'And a second.' }, { json: true })).json.id as number;
    expect(second).toBeGreaterThan(first);
    expect(await lastOnPage(busy.path!)).toBe(second);
    // Comments elsewhere are not this article's: a page with none still starts from nothing.
    expect(await lastOnPage(quiet1.path!)).toBe(0);
    // The stream a page opens from there tells it only what comes next.
    const stream = await openStream(site, `/articles/${busy.id}/comments/stream?after=${second}`);
    try {
      const third = (await new Commenter(site).post(busy.id, { body: 'A third, live.' }, { json: true })).json.id as number;
      await stream.next((x) => x.event === 'comment' && JSON.parse(x.data).id === third);
      expect(stream.events.filter((x) => x.event === 'comment').map((x) => JSON.parse(x.data).id)).toEqual([third]);
    } finally {
      await stream.close();
    }
  });

  it('keeps the number of streams per process bounded, and ends open streams when the server shuts down', async () => {
    const limited = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const a = await demoArticle(limited, 'library-late-hours');
      // This process takes one stream only (the limit is 1,000 otherwise): the second is told to come back later.
      (limited.services.commentStream as unknown as { max: number }).max = 1;
      const first = await openStream(limited, `/articles/${a.id}/comments/stream`);
      const second = await limited.fetch(`/articles/${a.id}/comments/stream`, { headers: { accept: 'text/event-stream' } });
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('60');
      expect(limited.services.commentStream.open).toBe(1);
      // Shutting down ends the stream rather than waiting for it.
      const closing = limited.close();
      await Promise.race([closing, new Promise((_, fail) => setTimeout(() => fail(new Error('shutdown waited for the stream')), 10_000))]);
      await first.close();
    } catch (err) {
      await limited.close().catch(() => undefined);
      throw err;
    }
  });

  it.runIf(kind === 'postgres')('reaches a page open on another app server through the change log', async () => {
    const db = site.services.config.database;
    const other = await startTestSite(kind, { databaseUrl: db.kind === 'postgres' ? db.url : undefined, env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const a = await demoArticle(site, 'library-late-hours');
      const stream = await openStream(other, `/articles/${a.id}/comments/stream?after=0`);
      try {
        const posted = (await new Commenter(site).post(a.id, { body: 'Posted on the first server.' }, { json: true })).json.id as number;
        await stream.next((x) => x.event === 'comment' && JSON.parse(x.data).id === posted);
      } finally {
        await stream.close();
      }
    } finally {
      await other.close();
    }
  });
});
