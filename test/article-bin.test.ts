import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * Taking articles down: a draft is deleted (after a confirmation), a piece that
 * was ever published goes to the bin — gone from every page that showed it and
 * answering 410 — and comes back exactly as it was within 30 days; after that
 * the scheduler purges the bin and it stays gone, its history kept.
 */
describe.each(DATABASES)('deleting, binning and restoring articles on %s', (kind) => {
  let site: TestSite;
  let editor: Agent & { userId: number };
  let sectionId: string;
  const db = () => site.services.db.kysely;
  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
    sectionId = String((await db().selectFrom('sections').select('id').where('slug', '=', 'news').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => site?.close());

  async function write(agent: Agent & { userId: number }, title: string, action: string, extra: Record<string, string> = {}) {
    await agent.get('/admin/articles/new');
    const res = await agent.post('/admin/articles', {
      title, standfirst: `About ${title}.`, section_id: sectionId, tags: 'binning trials', body_md: `The text of ${title}.`,
      author_ids: [String(agent.userId)], action, ...extra,
    });
    expect(res.status, res.body.slice(0, 300)).toBe(303);
    const id = Number(/\/admin\/articles\/(\d+)\/edit/.exec(res.location!)![1]);
    const row = await db().selectFrom('articles').select(['path', 'status', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    return { id, ...row };
  }

  it('deletes a never-published draft once confirmed, and only the writer’s own or by an editor', async () => {
    const author = await asRole(site, 'author');
    const other = await asRole(site, 'author');
    const draft = await write(author, 'Draft about the quay lamps', 'save');

    await other.get('/admin/articles');
    expect((await other.post(`/admin/articles/${draft.id}/delete`, { confirm: 'yes' })).status).toBe(403);

    // The first press asks; nothing is deleted yet.
    const asked = await author.post(`/admin/articles/${draft.id}/delete`, {});
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('Delete this draft?');
    expect(asked.body).toContain('Draft about the quay lamps');
    expect(asked.body).toMatch(/<form method="post" action="\/admin\/articles\/\d+\/delete">[\s\S]*name="confirm" value="yes"/);
    expect(await db().selectFrom('articles').select('id').where('id', '=', draft.id).executeTakeFirst()).toBeDefined();

    const done = await author.post(`/admin/articles/${draft.id}/delete`, { confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin/articles?done=deleted');
    expect(await db().selectFrom('articles').select('id').where('id', '=', draft.id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('article_bodies').select('article_id').where('article_id', '=', draft.id).executeTakeFirst()).toBeUndefined();
    expect((await author.get('/admin/articles?done=deleted')).body).toContain('The draft was deleted.');

    // An editor deletes anyone's piece in review.
    const inReview = await write(author, 'Piece in review about buoys', 'submit');
    expect((await editor.post(`/admin/articles/${inReview.id}/delete`, { confirm: 'yes' })).status).toBe(303);
  });

  it('refuses to delete a piece that was ever published: it can only go to the bin', async () => {
    const a = await write(editor, 'Published piece that stays on record', 'publish');
    const refused = await editor.post(`/admin/articles/${a.id}/delete`, { confirm: 'yes' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('move it to the bin');
    // Withdrawn, it still has a public history.
    await editor.post(`/admin/articles/${a.id}`, { title: 'Published piece that stays on record', standfirst: 'x', section_id: sectionId, body_md: 'The text.', action: 'unpublish' });
    expect((await db().selectFrom('articles').select('status').where('id', '=', a.id).executeTakeFirstOrThrow()).status).toBe('unpublished');
    expect((await editor.post(`/admin/articles/${a.id}/delete`, { confirm: 'yes' })).status).toBe(409);
    expect(await db().selectFrom('articles').select('id').where('id', '=', a.id).executeTakeFirst()).toBeDefined();
  });

  it('bins a published article: 410 for its page and history, gone from every listing, feed, sitemap, search, related reading and pin', async () => {
    const a = await write(editor, 'Zephyrine ferry returns to service', 'publish');
    const neighbour = await write(editor, 'Harbour master welcomes the ferry', 'publish');
    const path = a.path!;
    await site.services.pins.pin('front', a.id, null);
    const tag = await db().selectFrom('tags').select('slug').where('name', '=', 'binning trials').executeTakeFirstOrThrow();
    const places = ['/', '/section/news', `/tag/${tag.slug}`, '/feed.xml', '/atom.xml', '/section/news/feed.xml', `/tag/${tag.slug}/feed.xml`,
      '/sitemap.xml', '/news-sitemap.xml', '/search?q=zephyrine', neighbour.path!];
    // Seen everywhere first, so every one of these pages is in the cache.
    for (const p of places) expect((await site.text(p)).body, p).toContain(path);
    expect((await site.text(path)).status).toBe(200);
    const revisions = await db().selectFrom('article_revisions').select(['number', 'kind', 'created_at']).where('article_id', '=', a.id).execute();

    const asked = await editor.post(`/admin/articles/${a.id}/bin`, {});
    expect(asked.body).toContain('Move this article to the bin?');
    expect((await site.text(path)).status).toBe(200);
    const binned = await editor.post(`/admin/articles/${a.id}/bin`, { confirm: 'yes' });
    expect(binned.status).toBe(303);
    expect(binned.location).toBe('/admin/articles?status=binned&done=binned');

    const page = await site.text(path);
    expect(page.status).toBe(410);
    expect(page.body).toContain('withdrawn');
    // Its older addresses (an earlier slug, an imported WordPress one) say the same, not 404.
    await db().insertInto('redirects').values({ from_path: '/2019/05/12/zephyrine-ferry/', article_id: a.id, to_path: null, gone: 0, created_at: new Date().toISOString() }).execute();
    expect((await site.fetch('/2019/05/12/zephyrine-ferry/')).status).toBe(410);
    expect((await site.text(`${path}/history`)).status).toBe(410);
    for (const p of places) expect((await site.text(p)).body, p).not.toContain(path);
    expect(await site.services.pins.articleIds('front')).not.toContain(a.id);

    // The newsroom's bin shows it with the days left; the ordinary list does not.
    const bin = (await editor.get(binned.location!)).body;
    expect(bin).toContain('Moved to the bin');
    expect(bin).toMatch(/Zephyrine ferry returns to service[\s\S]*?30 days/);
    expect((await editor.get('/admin/articles')).body).not.toContain('Zephyrine ferry returns to service');
    // Nothing moves it while it is in the bin.
    const publish = await editor.post(`/admin/articles/${a.id}`, { title: 'Zephyrine ferry returns to service', standfirst: 'x', section_id: sectionId, body_md: 'x', action: 'publish' });
    expect(publish.status).toBe(422);
    expect(publish.body).toContain('Restore it before changing it');

    const restored = await editor.post(`/admin/articles/${a.id}/restore`, {});
    expect(restored.status).toBe(303);
    const back = await db().selectFrom('articles').select(['path', 'status', 'updated_at', 'binned_at']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(back).toEqual({ path, status: 'published', updated_at: a.updated_at, binned_at: null });
    expect((await site.text(path)).status).toBe(200);
    expect((await site.text(`${path}/history`)).status).toBe(200);
    for (const p of places) expect((await site.text(p)).body, p).toContain(path);
    expect(await site.services.pins.articleIds('front')).toContain(a.id);
    expect(await db().selectFrom('article_revisions').select(['number', 'kind', 'created_at']).where('article_id', '=', a.id).execute()).toEqual(revisions);
  });

  it('lets only those who may publish a piece bin or restore it', async () => {
    const contributor = await asRole(site, 'contributor');
    const a = await write(editor, 'Lighthouse keeper retires', 'publish');
    await contributor.get('/admin/articles');
    // The capability is checked first (a contributor cannot publish), then whose piece it is.
    expect((await contributor.post(`/admin/articles/${a.id}/bin`, { confirm: 'yes' })).status).toBe(403);
    const author = await asRole(site, 'author');
    expect((await author.post(`/admin/articles/${a.id}/bin`, { confirm: 'yes' })).status).toBe(403);
    const own = await write(author, 'Author’s own lighthouse piece', 'publish');
    expect((await author.post(`/admin/articles/${own.id}/bin`, { confirm: 'yes' })).status).toBe(303);
    expect((await author.post(`/admin/articles/${own.id}/restore`, {})).status).toBe(303);
    expect((await site.text(own.path!)).status).toBe(200);
  });

  it('purges the bin after 30 days: the article can no longer be restored and stays gone, its history kept', async () => {
    const a = await write(editor, 'Old pontoon to be removed', 'publish');
    await site.services.pins.pin('front', a.id, null);
    expect((await editor.post(`/admin/articles/${a.id}/bin`, { confirm: 'yes' })).status).toBe(303);
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString();
    await db().updateTable('articles').set({ binned_at: longAgo }).where('id', '=', a.id).execute();

    await site.scheduler.tick();
    const row = await db().selectFrom('articles').select(['status', 'binned_status', 'path']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'binned', binned_status: null, path: a.path });
    expect(await db().selectFrom('pins').select('id').where('article_id', '=', a.id).execute()).toEqual([]);
    expect((await db().selectFrom('article_revisions').select('id').where('article_id', '=', a.id).execute()).length).toBeGreaterThan(0);

    const refused = await editor.post(`/admin/articles/${a.id}/restore`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('can no longer be restored');
    expect((await site.text(a.path!)).status).toBe(410);
    expect((await editor.get('/admin/articles?status=binned')).body).not.toContain('Old pontoon to be removed');
  });

  it('shows when an article was published, to the minute, and when a correction was published after it', async () => {
    const a = await write(editor, 'Tide tables corrected for spring', 'publish');
    const published = (await db().selectFrom('articles').select('published_at').where('id', '=', a.id).executeTakeFirstOrThrow()).published_at!;
    const time = (iso: string) => new Date(iso).toISOString().slice(11, 16); // the test site's time zone is UTC
    const before = await site.text(a.path!);
    const byline = (body: string) => /<p class="byline">([\s\S]*?)<\/p>/.exec(body)![1];
    expect(byline(before.body)).toContain(`<time datetime="${published}">`);
    expect(byline(before.body)).toContain(` at ${time(published)}</time>`);
    expect(byline(before.body)).not.toContain('Updated');
    const ld = (body: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(body)![1]);
    expect(ld(before.body)).toMatchObject({ datePublished: published, dateModified: published });

    const corrected = await editor.post(`/admin/articles/${a.id}`, {
      title: 'Tide tables corrected for spring', standfirst: 'About Tide tables corrected for spring.', section_id: sectionId, tags: 'binning trials',
      body_md: 'High water is at 06:40, not 06:10.', author_ids: [String(editor.userId)], change_kind: 'correction', change_note: 'An earlier version gave the wrong time.',
    });
    expect(corrected.status).toBe(303);
    const correction = await db().selectFrom('article_revisions').select('created_at').where('article_id', '=', a.id).where('kind', '=', 'correction').executeTakeFirstOrThrow();
    const after = await site.text(a.path!);
    expect(byline(after.body)).toContain(`Updated <time datetime="${correction.created_at}">`);
    expect(byline(after.body)).toContain(` at ${time(correction.created_at)}</time>`);
    expect(ld(after.body)).toMatchObject({ datePublished: published, dateModified: correction.created_at });
    expect(after.body).toContain(`<meta property="article:modified_time" content="${correction.created_at}">`);
    // The history gives each entry its time too.
    const history = (await site.text(`${a.path}/history`)).body;
    expect(history).toContain(`<time datetime="${correction.created_at}">`);
    const first = (await db().selectFrom('article_revisions').select('created_at').where('article_id', '=', a.id).where('number', '=', 1).executeTakeFirstOrThrow()).created_at;
    expect(history).toMatch(new RegExp(`<time datetime="${first}">[^<]* at ${time(first)}</time>`));
  });
});
