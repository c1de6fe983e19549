import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoToZonedLocal, zonedLocalToIso } from '../src/lib/time.ts';
import { type BoardEntry, checkChain } from '../src/polls/board.ts';
import { type Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/** Running reader polls from the newsroom: the forms, where a poll shows, freezing, closing, exports and who may. */
describe.each(DATABASES)('running polls from the newsroom on %s', (kind) => {
  let site: TestSite;
  let editor: Agent;
  let address = 0;
  beforeAll(async () => {
    site = await startTestSite(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
    editor = await asRole(site, 'editor');
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const tz = () => site.services.settings.get().timezone;
  const inDays = (days: number) => isoToZonedLocal(new Date(Date.now() + days * 86400_000).toISOString(), tz());
  const pollIdFrom = (location: string | null) => Number(/\/admin\/polls\/(\d+)\?done=created/.exec(location ?? '')?.[1]);

  async function createPoll(form: Record<string, string> = {}): Promise<number> {
    await editor.get('/admin/polls/new');
    const res = await editor.post('/admin/polls', {
      question: 'Where should the new town bench go?', options: 'The quay\nThe square\nThe park', choice_mode: 'single', policy: 'browser', show_results: 'always', ...form,
    });
    expect(res.status, res.body.slice(0, 400)).toBe(303);
    const id = pollIdFrom(res.location);
    expect(id).toBeGreaterThan(0);
    await editor.get(`/admin/polls/${id}`); // a fresh form token
    return id;
  }

  /** A reader's browser voting from the site's own page (each vote from its own browser and address). */
  async function vote(id: number, choices: number[]) {
    const body = new URLSearchParams();
    for (const c of choices) body.append('choice', String(c));
    const res = await site.fetch(`/polls/${id}/vote`, {
      method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `203.0.113.${++address}` },
    });
    return { status: res.status, body: await res.text() };
  }

  it('starts the demo outlet with its current poll in the sidebar', async () => {
    const demo = (await db().selectFrom('demo_rows').select('row_id').where('table_name', '=', 'polls').execute()).map((r) => r.row_id);
    const sidebar = (await site.services.polls.sidebarPoll())!;
    expect(demo).toContain(sidebar.id);
    const home = await site.text('/');
    expect(home.body).toContain(`action="/polls/${sidebar.id}/vote"`);
    expect(home.body).toContain(sidebar.question);
  });

  it('creates a poll through the form, keeping the input and naming the problem beside each field', async () => {
    await editor.get('/admin/polls/new');
    const bad = await editor.post('/admin/polls', { question: '', options: 'Only one option', choice_mode: 'single', policy: 'browser', show_results: 'always', closes_at: 'next tuesday' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/id="err-closes_at">Give a date and a time/);
    expect(bad.body).toContain('Only one option</textarea>');

    const missing = await editor.post('/admin/polls', { question: '', options: 'Only one option', choice_mode: 'single', policy: 'browser', show_results: 'always' });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatch(/id="err-question">Write the question/);
    expect(missing.body).toMatch(/id="err-options">Give between 2 and 20 options/);

    const closes = inDays(10);
    const res = await editor.post('/admin/polls', {
      question: 'Which of these should the council fix first?', options: 'Potholes on Castlegate\r\n\r\nThe quay lights\r\nThe library roof\r\n',
      choice_mode: 'several', max_choices: '2', policy: 'browser_address', show_results: 'after_close', closes_at: closes,
    });
    expect(res.status).toBe(303);
    const id = pollIdFrom(res.location);
    const p = (await site.services.polls.get(id))!;
    expect(p).toMatchObject({
      question: 'Which of these should the council fix first?', options: ['Potholes on Castlegate', 'The quay lights', 'The library roof'],
      maxChoices: 2, policy: 'browser_address', showResults: 'after_close', opensAt: null, closesAt: zonedLocalToIso(closes, tz()), inSidebar: false,
    });
    const page = await editor.get(res.location!);
    expect(page.body).toContain('Poll created.');
    expect(page.body).toContain(`value="${closes}"`);

    // Edited before anyone votes: anything may change.
    const edited = await editor.post(`/admin/polls/${id}`, { question: 'Which should the council fix first?', options: 'Potholes\nThe quay lights', choice_mode: 'single', policy: 'browser', show_results: 'always', closes_at: '' });
    expect(edited.status).toBe(303);
    expect(await site.services.polls.get(id)).toMatchObject({ question: 'Which should the council fix first?', options: ['Potholes', 'The quay lights'], maxChoices: 1, closesAt: null });
    await editor.get(`/admin/polls/${id}`);
    const past = await editor.post(`/admin/polls/${id}`, { closes_at: inDays(-1) });
    expect(past.status).toBe(422);
    expect(past.body).toContain('Choose a time still to come');
  });

  it('puts a poll in the sidebar of every page, and takes it out', async () => {
    const id = await createPoll({ question: 'Should the Saturday market move to the quay?', options: 'Yes\nNo' });
    expect((await site.text('/')).body).not.toContain('Should the Saturday market move to the quay?');
    expect((await editor.post(`/admin/polls/${id}/sidebar`, { show: 'yes' })).status).toBe(303);
    const home = await site.text('/');
    expect(home.body).toContain('Should the Saturday market move to the quay?');
    expect(home.body).toContain(`action="/polls/${id}/vote"`);
    expect((await editor.get('/admin/polls')).body).toMatch(new RegExp(`/admin/polls/${id}">Should the Saturday market[\\s\\S]*?Sidebar`));
    await editor.get(`/admin/polls/${id}`);
    expect((await editor.post(`/admin/polls/${id}/sidebar`, { show: 'no' })).status).toBe(303);
    expect((await site.text('/')).body).not.toContain('Should the Saturday market move to the quay?');
  });

  it('freezes the question and options at the first vote: the form shows them read-only and refuses a changed option', async () => {
    const id = await createPoll({ question: 'Best place for a swim?', options: 'The strand\nThe harbour steps\nThe lido' });
    expect((await vote(id, [1])).status).toBe(200);
    const page = await editor.get(`/admin/polls/${id}`);
    expect(page.body).toContain('Votes have been cast');
    expect(page.body).toMatch(/<dt>Options<\/dt><dd><ol><li>The strand<\/li><li>The harbour steps<\/li><li>The lido<\/li><\/ol>/);
    expect(page.body).not.toContain('name="options"');
    expect(page.body).not.toContain('name="question"');

    // A form opened before the vote, sent after it, with an option changed.
    const stale = await editor.post(`/admin/polls/${id}`, { question: 'Best place for a swim?', options: 'The strand\nThe harbour steps\nThe new pool', choice_mode: 'single', policy: 'browser', show_results: 'always' });
    expect(stale.status).toBe(422);
    expect(stale.body).toContain('Votes have been cast, so the question, options, rules and opening time are fixed');
    expect((await site.services.polls.get(id))!.options).toEqual(['The strand', 'The harbour steps', 'The lido']);

    // What may still change: when it closes and when the results show.
    await editor.get(`/admin/polls/${id}`);
    const closes = inDays(3);
    expect((await editor.post(`/admin/polls/${id}`, { show_results: 'after_vote', closes_at: closes })).status).toBe(303);
    expect(await site.services.polls.get(id)).toMatchObject({ showResults: 'after_vote', closesAt: zonedLocalToIso(closes, tz()), options: ['The strand', 'The harbour steps', 'The lido'] });
  });

  it('closes a poll after asking, which ends voting; only a closed poll is archived, and leaves the sidebar', async () => {
    const id = await createPoll({ question: 'Should the fireworks go ahead?', options: 'Yes\nNo' });
    await editor.post(`/admin/polls/${id}/sidebar`, { show: 'yes' });
    await editor.get(`/admin/polls/${id}`);
    expect((await editor.post(`/admin/polls/${id}/archive`, { archived: 'yes' })).status).toBe(409);
    await editor.get(`/admin/polls/${id}`);
    const ask = await editor.post(`/admin/polls/${id}/close`, {});
    expect(ask.status).toBe(200);
    expect(ask.body).toContain('Close this poll?');
    expect(site.services.polls.isOpen((await site.services.polls.get(id))!)).toBe(true);
    expect((await editor.post(`/admin/polls/${id}/close`, { confirm: 'yes' })).status).toBe(303);

    const refused = await vote(id, [1]);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('This poll has closed');
    const page = await editor.get(`/admin/polls/${id}`);
    expect(page.body).toContain('status--closed');
    expect(page.body).toContain('nothing about it can change now');
    expect((await editor.post(`/admin/polls/${id}`, { show_results: 'always' })).status).toBe(409);

    await editor.get(`/admin/polls/${id}`);
    expect((await editor.post(`/admin/polls/${id}/archive`, { archived: 'yes' })).status).toBe(303);
    expect((await site.text('/')).body).not.toContain('Should the fireworks go ahead?');
    expect((await editor.get('/admin/polls')).body).toMatch(/Archived[\s\S]*Should the fireworks go ahead\?/);
  });

  it('shows a poll inside an article, forgetting the cached page, and attaches one from the editor', async () => {
    const article = await db().selectFrom('articles').select(['id', 'path']).where('status', '=', 'published').where('slug', '=', 'library-late-hours').executeTakeFirstOrThrow();
    const id = await createPoll({ question: 'Would you use the library after 6pm?', options: 'Yes, often\nNow and then\nNo' });
    await site.fetch(article.path!);
    expect((await site.fetch(article.path!)).headers.get('x-cache')).toBe('hit');

    expect((await editor.post(`/admin/polls/${id}/article`, { article: String(article.id) })).status).toBe(303);
    const shown = await site.fetch(article.path!);
    expect(shown.headers.get('x-cache')).toBe('miss');
    const body = await shown.text();
    expect(body).toMatch(/<div class="article-polls"><section class="poll" data-poll="\d+"[\s\S]*Would you use the library after 6pm\?/);
    expect(body).toContain(`action="/polls/${id}/vote"`);
    // Closing it forgets the page too: it says so instead of offering the form.
    await editor.get(`/admin/polls/${id}`);
    await editor.post(`/admin/polls/${id}/close`, { confirm: 'yes' });
    const closed = await site.text(article.path!);
    expect(closed.body).toContain('Would you use the library after 6pm?');
    expect(closed.body).not.toContain(`action="/polls/${id}/vote"`);

    // The editor: a poll free to attach is offered, and saving the article puts it inside.
    const other = await createPoll({ question: 'Which evening would you come?', options: 'Monday\nWednesday\nFriday' });
    const section = await db().selectFrom('sections').select('id').orderBy('position').executeTakeFirstOrThrow();
    const form = await editor.get('/admin/articles/new');
    expect(form.body).toMatch(new RegExp(`<select id="f-attach_poll" name="attach_poll"[^>]*>[\\s\\S]*?<option value="${other}">Which evening would you come\\?`));
    const saved = await editor.post('/admin/articles', {
      title: 'Library asks readers which evening suits', standfirst: '', section_id: String(section.id), tags: '', body_md: 'The library wants to hear from you.', action: 'publish', attach_poll: String(other),
    });
    expect(saved.status).toBe(303);
    const articleId = Number(/articles\/(\d+)\/edit/.exec(saved.location ?? '')?.[1]);
    expect((await site.services.polls.get(other))!.articleId).toBe(articleId);
    const edit = await editor.get(`/admin/articles/${articleId}/edit`);
    expect(edit.body).toContain(`<a href="/admin/polls/${other}">Which evening would you come?</a>`);
    const path = (await db().selectFrom('articles').select('path').where('id', '=', articleId).executeTakeFirstOrThrow()).path!;
    expect((await site.text(path)).body).toContain(`action="/polls/${other}/vote"`);
  });

  it('exports results that match the counts, and the board before it is public', async () => {
    const id = await createPoll({ question: 'Which beach is cleanest?', options: 'North, "the long one"\nSouth\nEast', show_results: 'after_close' });
    for (const c of [1, 1, 2, 1, 3, 2, 1]) expect((await vote(id, [c])).status).toBe(200);
    const csv = await editor.get(`/admin/polls/${id}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.body).toBe('option,count,percent\r\n"North, ""the long one""",4,57\r\nSouth,2,29\r\nEast,1,14\r\n');

    // Readers may not see the board before the poll closes; the newsroom may.
    expect((await site.fetch(`/polls/${id}/board.json`)).status).toBe(403);
    const boardCsv = await editor.get(`/admin/polls/${id}/board.csv`);
    expect(boardCsv.body.trim().split('\n')).toHaveLength(1 + 7);
    const board = JSON.parse((await editor.get(`/admin/polls/${id}/board.json`)).body) as { poll: { genesis: string }; ballots: BoardEntry[] };
    const check = checkChain(board.poll.genesis, 3, 1, board.ballots);
    expect(check.problem).toBeNull();
    expect(check.counts).toEqual([4, 2, 1]);
  });

  it('keeps writers who do not run polls out, and lists Polls in the menu of those who do', async () => {
    const id = await createPoll();
    expect((await editor.get('/admin')).body).toContain('<a href="/admin/polls">Polls</a>');
    for (const role of ['author', 'contributor'] as const) {
      const writer = await asRole(site, role);
      expect((await writer.get('/admin')).body).not.toContain('href="/admin/polls"');
      for (const path of ['/admin/polls', '/admin/polls/new', `/admin/polls/${id}`, `/admin/polls/${id}/results.csv`, `/admin/polls/${id}/board.json`]) {
        expect((await writer.get(path)).status, `${role} ${path}`).toBe(403);
      }
      for (const [path, form] of [['/admin/polls', { question: 'x', options: 'a\nb' }], [`/admin/polls/${id}/sidebar`, { show: 'yes' }], [`/admin/polls/${id}/close`, { confirm: 'yes' }]] as const) {
        expect((await writer.post(path, form)).status, `${role} POST ${path}`).toBe(403);
        await writer.get('/admin');
      }
      // The editor offers them no poll to attach.
      expect((await writer.get('/admin/articles/new')).body).not.toContain('attach_poll');
    }
    expect(site.services.polls.isOpen((await site.services.polls.get(id))!)).toBe(true);
    expect((await site.services.polls.get(id))!.inSidebar).toBe(false);
  });

  // Last: it takes the demo away.
  it('loads the demo with a sidebar poll and an article poll whose boards verify, and removes them with the demo', async () => {
    const demo = (await db().selectFrom('demo_rows').select('row_id').where('table_name', '=', 'polls').execute()).map((r) => r.row_id);
    expect(demo).toHaveLength(2);
    const polls = await Promise.all(demo.map(async (id) => (await site.services.polls.get(id))!));
    const inArticle = polls.find((p) => p.articleId !== null)!;
    for (const p of polls) {
      const entries = await db().selectFrom('poll_ballots').select(['seq', 'receipt_hash as receipt', 'choices', 'hour', 'prev_hash as prev', 'hash']).where('poll_id', '=', p.id).orderBy('seq').execute();
      const check = checkChain(p.genesis!, p.options.length, p.maxChoices, entries.map((e) => ({ ...e, seq: Number(e.seq), choices: e.choices.split(',').map(Number) })));
      expect(check.problem).toBeNull();
      expect(check.voters).toBeGreaterThanOrEqual(40);
      expect(check.counts).toEqual((await site.services.polls.tally(p)).counts);
    }
    const path = (await db().selectFrom('articles').select('path').where('id', '=', inArticle.articleId!).executeTakeFirstOrThrow()).path!;
    expect((await site.text(path)).body).toContain(`data-poll="${inArticle.id}"`);

    const { removeDemo } = await import('../src/demo/remove-demo.ts');
    const r = await removeDemo(site.services.db, site.dataDir, site.services.changes);
    expect(r.removed.polls).toBe(2);
    expect(await db().selectFrom('polls').select('id').where('id', 'in', demo).execute()).toEqual([]);
    expect(await db().selectFrom('poll_ballots').select('seq').where('poll_id', 'in', demo).execute()).toEqual([]);
    // The newsroom's own polls stay.
    expect((await db().selectFrom('polls').select('id').execute()).length).toBeGreaterThan(0);
  });
});
