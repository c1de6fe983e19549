import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoardEntry, checkChain } from '../src/polls/board.ts';
import { ADDRESS_LIMIT, type PollInput } from '../src/polls/service.ts';
import { asReader } from './helpers/reader.ts';
import { createPostgresDatabase, DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

const baseInput: PollInput = {
  question: 'Which crossing should the council fund first?', options: ['The north bridge', 'The ferry slip', 'The rail halt'],
  maxChoices: 1, policy: 'browser', showResults: 'always', opensAt: null, closesAt: null,
};

/** A browser: its cookies, and the address the site sees (through the trusted proxy). */
class Browser {
  cookie = '';
  readonly site: TestSite;
  readonly address: string;
  constructor(site: TestSite, address = '203.0.113.10') {
    this.site = site;
    this.address = address;
  }
  headers(extra: Record<string, string> = {}) {
    return { cookie: this.cookie, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': this.address, ...extra };
  }
  async vote(pollId: number, choices: (number | string)[], opts: { json?: boolean; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams();
    for (const c of choices) body.append('choice', String(c));
    const res = await this.site.fetch(`/polls/${pollId}/vote`, {
      method: 'POST', body,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', accept: opts.json ? 'application/json' : 'text/html', ...opts.headers }),
    });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => c.startsWith('sz_voter='));
    if (set.length) this.cookie = [this.cookie, ...set].filter(Boolean).join('; ');
    return { status: res.status, body: await res.text() };
  }
}

async function board(site: TestSite, pollId: number) {
  const res = await site.fetch(`/polls/${pollId}/board.json`);
  expect(res.status).toBe(200);
  return JSON.parse(await res.text()) as { poll: { genesis: string; options: unknown[]; maxChoices: number }; ballots: BoardEntry[]; head: { seq: number; hash: string } };
}

describe.each(DATABASES)('reader polls on %s', (kind) => {
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

  const create = async (input: Partial<PollInput> = {}) => {
    const r = await site.services.polls.create({ ...baseInput, ...input }, null);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.id;
  };

  it('shows the sidebar poll on cached pages, counts a vote without forgetting them, and answers with the results and a receipt', async () => {
    const id = await create();
    await site.services.polls.putInSidebar(id);
    await site.fetch('/');
    const first = await site.fetch('/');
    expect(first.headers.get('x-cache')).toBe('hit');
    const page = await first.text();
    expect(page).toContain(baseInput.question);
    expect(page).toContain('action="/polls/' + id + '/vote"');

    const reader = new Browser(site);
    const voted = await reader.vote(id, [2]);
    expect(voted.status).toBe(200);
    expect(voted.body).toContain('your vote is counted');
    const receipt = /data-receipt>([A-Za-z0-9_-]{22})</.exec(voted.body)?.[1];
    expect(receipt).toBeDefined();
    expect(voted.body).toMatch(/<strong>100%<\/strong> \(1 vote\)/);
    expect(reader.cookie).toMatch(/^sz_voter=/);
    // The vote changed no cached page.
    expect((await site.fetch('/')).headers.get('x-cache')).toBe('hit');

    // The receipt is on the board, which verifies and adds up to the results.
    const b = await board(site, id);
    const check = checkChain(b.poll.genesis, b.poll.options.length, b.poll.maxChoices, b.ballots);
    expect(check.problem).toBeNull();
    expect(check.counts).toEqual([0, 1, 0]);
    expect(b.head).toEqual(check.head);
    const results = await (await site.fetch(`/polls/${id}/results.json`)).json();
    expect(results.options.map((o: { count: number }) => o.count)).toEqual([0, 1, 0]);
    expect(results.head).toEqual(b.head);
    const found = await site.fetch(`/polls/${id}/check`, { method: 'POST', body: new URLSearchParams({ receipt: receipt! }), headers: reader.headers({ 'content-type': 'application/x-www-form-urlencoded' }) });
    expect(found.status).toBe(200);
    expect(await found.text()).toContain('Found: ballot 1 on the board, for The ferry slip');
  });

  it('refuses a second vote from the same browser, with the results, and counts concurrent double submissions once', async () => {
    const id = await create();
    const reader = new Browser(site, '203.0.113.20');
    expect((await reader.vote(id, [1])).status).toBe(200);
    const again = await reader.vote(id, [3], { json: true });
    expect(again.status).toBe(409);
    const answer = JSON.parse(again.body);
    expect(answer.message).toBe('You have already voted in this poll.');
    expect(answer.results.voters).toBe(1);

    const eager = new Browser(site, '203.0.113.21');
    await eager.vote(id, [2]); // gets its cookie
    const id2 = await create();
    const bursts = await Promise.all(Array.from({ length: 12 }, () => eager.vote(id2, [1], { json: true })));
    expect(bursts.filter((r) => r.status === 200)).toHaveLength(1);
    expect(bursts.filter((r) => r.status === 409)).toHaveLength(11);
    expect((await board(site, id2)).ballots).toHaveLength(1);
  });

  it('counts one vote per browser and address when the poll says so, believing forwarded addresses only from the trusted proxy', async () => {
    const id = await create({ policy: 'browser_address' });
    expect((await new Browser(site, '198.51.100.7').vote(id, [1])).status).toBe(200);
    // Another browser at the same address: refused.
    expect((await new Browser(site, '198.51.100.7').vote(id, [2])).status).toBe(409);
    // Another address: counted.
    expect((await new Browser(site, '198.51.100.8').vote(id, [2])).status).toBe(200);
  });

  it('limits the votes from one address, claimed before anything is counted, however many arrive at once', async () => {
    const id = await create();
    const many = await Promise.all(Array.from({ length: ADDRESS_LIMIT.max + 8 }, () => new Browser(site, '198.51.100.99').vote(id, [1], { json: true })));
    expect(many.filter((r) => r.status === 200)).toHaveLength(ADDRESS_LIMIT.max);
    const refused = many.filter((r) => r.status === 429);
    expect(refused).toHaveLength(8);
    expect(JSON.parse(refused[0].body).message).toContain('Too many votes');
    expect((await board(site, id)).ballots).toHaveLength(ADDRESS_LIMIT.max);
    // Another address is not held up.
    expect((await new Browser(site, '198.51.100.100').vote(id, [2])).status).toBe(200);
  });

  it('lets only signed-in readers vote in an account poll', async () => {
    const id = await create({ policy: 'account' });
    const stranger = await new Browser(site, '192.0.2.1').vote(id, [1]);
    expect(stranger.status).toBe(401);
    expect(stranger.body).toContain('Sign in to vote');
    const reader = await asReader(site, smtp);
    // The reader's browser: its session cookie, and the header every current browser sends with a same-site form.
    const vote = (choice: string) => site.fetch(`/polls/${id}/vote`, {
      method: 'POST', body: new URLSearchParams({ choice }), headers: { cookie: reader['cookieHeader'](), 'sec-fetch-site': 'same-origin' },
    });
    expect((await vote('1')).status).toBe(200);
    const second = await vote('2');
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('You have already voted in this poll.');
  });

  it('answers bad votes with a clear 4xx', async () => {
    const id = await create({ maxChoices: 2 });
    const b = new Browser(site, '192.0.2.50');
    expect((await b.vote(999_999, [1])).status).toBe(404);
    expect((await b.vote(id, [7], { json: true })).status).toBe(422);
    expect((await b.vote(id, ['x'])).status).toBe(422);
    expect((await b.vote(id, [1, 2, 3])).status).toBe(422);
    expect((await b.vote(id, [])).status).toBe(422);
    // From another site's page: refused before anything is counted.
    const forged = await site.fetch(`/polls/${id}/vote`, { method: 'POST', body: new URLSearchParams({ choice: '1' }), headers: { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' } });
    expect(forged.status).toBe(403);
    const malformed = await site.fetch(`/polls/${id}/check`, { method: 'POST', body: new URLSearchParams({ receipt: 'not a receipt' }), headers: b.headers({ 'content-type': 'application/x-www-form-urlencoded' }) });
    expect(malformed.status).toBe(422);
    expect((await b.vote(id, [1, 2])).status).toBe(200);
    await site.services.polls.close(id);
    const late = await new Browser(site, '192.0.2.51').vote(id, [1], { json: true });
    expect(late.status).toBe(409);
    expect(JSON.parse(late.body).message).toContain('closed');
    const row = await site.services.db.kysely.selectFrom('polls').select('secret').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret).toBeNull();
    // Who voted is forgotten with the key; the board stays whole.
    expect(await site.services.db.kysely.selectFrom('poll_voters').select('voter_key').where('poll_id', '=', id).execute()).toEqual([]);
    expect((await board(site, id)).ballots).toHaveLength(1);
  });

  it('keeps results from everyone until the poll closes when it says so, then publishes them and the board', async () => {
    const id = await create({ showResults: 'after_close' });
    const b = new Browser(site, '192.0.2.60');
    const voted = await b.vote(id, [3]);
    expect(voted.body).toContain('The results are shown when the poll closes.');
    expect((await site.fetch(`/polls/${id}/results.json`)).status).toBe(403);
    expect((await site.fetch(`/polls/${id}/board.json`)).status).toBe(403);
    await site.services.polls.close(id);
    expect((await site.fetch(`/polls/${id}/results.json`)).status).toBe(200);
    expect((await board(site, id)).ballots).toHaveLength(1);
  });

  it('freezes the question and options at the first vote', async () => {
    const id = await create();
    expect((await site.services.polls.update(id, { ...baseInput, options: [...baseInput.options, 'A tunnel'] })).ok).toBe(true);
    await new Browser(site, '192.0.2.70').vote(id, [4]);
    const refused = await site.services.polls.update(id, { ...baseInput, options: [...baseInput.options] });
    expect(refused.ok).toBe(false);
    const closing = new Date(Date.now() + 86_400_000).toISOString();
    expect((await site.services.polls.update(id, { ...baseInput, options: [...baseInput.options, 'A tunnel'], closesAt: closing })).ok).toBe(true);
  });
});

describe.each(DATABASES)('a poll behind no trusted proxy on %s', (kind) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite(kind);
  });
  afterAll(async () => site?.close());

  it('ignores a forged X-Forwarded-For: two browsers at one real address count once on a browser-and-address poll', async () => {
    const r = await site.services.polls.create({ ...baseInput, policy: 'browser_address' }, null);
    if (!r.ok) throw new Error('poll');
    expect((await new Browser(site, '203.0.113.1').vote(r.id, [1])).status).toBe(200);
    // A different address claimed in the header, from the same connection: the same voter.
    expect((await new Browser(site, '198.51.100.2').vote(r.id, [2])).status).toBe(409);
  });

  it('tells poll.js what to show: that this reader voted when the results come later, and how to join a signed-in poll', async () => {
    const later = await site.services.polls.create({ ...baseInput, showResults: 'after_close' }, null);
    const members = await site.services.polls.create({ ...baseInput, policy: 'account' }, null);
    if (!later.ok || !members.ok) throw new Error('poll');
    const b = new Browser(site);
    await b.vote(later.id, [1]);
    const state = await (await site.fetch(`/polls/${later.id}/state`, { headers: b.headers({ accept: 'application/json' }) })).json();
    expect(state).toMatchObject({ voted: true, results: null });
    expect(state.html).toContain('You have voted.');
    const stranger = await (await site.fetch(`/polls/${members.id}/state`, { headers: { accept: 'application/json' } })).json();
    expect(stranger.signInRequired).toBe(true);
    expect(stranger.notice).toContain('href="/account/sign-in"');
  });
});

describe('one poll voted through two app servers on one PostgreSQL', () => {
  it('gives one consistent board', async () => {
    const pgDb = await createPostgresDatabase();
    const [one, two] = await Promise.all([
      startTestSite('postgres', { databaseUrl: pgDb.url, env: { TRUST_PROXY: '127.0.0.1' } }),
      startTestSite('postgres', { databaseUrl: pgDb.url, env: { TRUST_PROXY: '127.0.0.1' } }),
    ]);
    try {
      const r = await one.services.polls.create(baseInput, null);
      if (!r.ok) throw new Error('poll');
      const votes = Array.from({ length: 60 }, (_, i) => new Browser(i % 2 ? one : two, `10.0.${i}.1`).vote(r.id, [1 + (i % 3)], { json: true }));
      const answers = await Promise.all(votes);
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const b = await board(two, r.id);
      const check = checkChain(b.poll.genesis, 3, 1, b.ballots);
      expect(check.problem).toBeNull();
      expect(check.voters).toBe(60);
      expect(check.counts).toEqual([20, 20, 20]);
      const receipts = new Set(answers.map((a) => JSON.parse(a.body).receipt));
      expect(receipts.size).toBe(60);
    } finally {
      await one.close();
      await two.close();
      await pgDb.drop();
    }
  });
});
