import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * The front page's pins as an editor works them: an older story is found by its
 * headline and pinned, and Up and Down move a story among the pins the page
 * shows, not past the hidden pin of a story that was withdrawn.
 */
describe.each(DATABASES)('pinning stories on %s', (kind) => {
  let site: TestSite;
  let editor: Agent;
  beforeAll(async () => {
    site = await startTestSite(kind);
    editor = await asRole(site, 'editor');
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const lead = async () => /<section class="home-lead"[\s\S]*?<h2[^>]*>\s*<a[^>]*>([^<]+)<\/a>/.exec((await site.text('/')).body)?.[1];
  const storyOptions = (body: string) => [.../<select id="f-article"[\s\S]*?<\/select>/.exec(body)![0].matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));

  it('finds a story older than the newest 200 by its headline, and pins it', async () => {
    const section = await db().selectFrom('sections').select('id').orderBy('position').executeTakeFirstOrThrow();
    const base = Date.parse('2016-03-01T10:00:00Z');
    const item = (title: string, at: number) => ({
      title, slug: '', standfirst: 'Archive.', sectionId: section.id, authorIds: [], tags: [], bodyMd: 'Text.',
      status: 'published' as const, publishedAt: new Date(at).toISOString(),
    });
    // One old story, and 200 newer ones that fill the default list.
    const [old] = await site.services.articles.importArticles([item('Harbour Board minutes from the flood year', base)].map((a) => ({ ...a, slug: 'harbour-board-minutes' })));
    await site.services.articles.importArticles(Array.from({ length: 200 }, (_, i) => ({ ...item(`Filler story ${i}`, base + (i + 1) * 3600_000), slug: `filler-${i}` })));

    const plain = await editor.get('/admin/front-page');
    expect(plain.status).toBe(200);
    expect(storyOptions(plain.body)).toHaveLength(200);
    expect(storyOptions(plain.body)).not.toContain(old);

    const found = await editor.get('/admin/front-page?q=BOARD%20minutes');
    expect(storyOptions(found.body)).toEqual([old]);
    expect(found.body).toContain('value="BOARD minutes"');
    const none = await editor.get('/admin/front-page?q=no%20such%20headline%25');
    expect(none.body).toContain('No published story has “no such headline%” in its headline.');

    const pinned = await editor.post('/admin/front-page/pins', { article: String(old), place: 'front', until: '', q: 'board minutes' });
    expect(pinned.status, pinned.body).toBe(303);
    expect(await lead()).toBe('Harbour Board minutes from the flood year');

    // A refused pin keeps the search it was chosen from.
    const refused = await editor.post('/admin/front-page/pins', { article: String(old), place: 'front', until: '2001-01-01T00:00', q: 'board minutes' });
    expect(refused.status).toBe(422);
    expect(storyOptions(refused.body)).toEqual([old]);
    await db().deleteFrom('pins').execute();
  });

  it('moves a story among the pins shown, past the hidden pin of a withdrawn one', async () => {
    const [a, b, c] = await db().selectFrom('articles').select(['id', 'title', 'section_id']).where('status', '=', 'published').orderBy('published_at', 'desc').limit(3).execute();
    await editor.get('/admin/front-page');
    for (const x of [a, b, c]) expect((await editor.post('/admin/front-page/pins', { article: String(x.id), place: 'front', until: '' })).status).toBe(303);
    await editor.get(`/admin/articles/${b.id}/edit`);
    const withdrawn = await editor.post(`/admin/articles/${b.id}`, { title: b.title, standfirst: 'x', section_id: String(b.section_id), body_md: 'The text.', action: 'unpublish' });
    expect(withdrawn.status, withdrawn.body).toBe(303);
    expect(await lead()).toBe(a.title);

    // The page shows A then C; Up on C puts C first.
    const pinOf = async (articleId: number) => (await db().selectFrom('pins').select('id').where('article_id', '=', articleId).executeTakeFirstOrThrow()).id;
    await editor.get('/admin/front-page');
    const up = await editor.post(`/admin/front-page/pins/${await pinOf(c.id)}`, { change: 'up' });
    expect(up.location).toBe('/admin/front-page?done=moved');
    expect(await lead()).toBe(c.title);
    const rows = (await editor.get('/admin/front-page')).body;
    expect(rows.indexOf(`Unpin “${c.title}”`)).toBeLessThan(rows.indexOf(`Unpin “${a.title}”`));

    // C leads now: another Up changes nothing, and says so.
    const again = await editor.post(`/admin/front-page/pins/${await pinOf(c.id)}`, { change: 'up' });
    expect(again.location).toBe('/admin/front-page?done=unmoved');
    expect((await editor.get('/admin/front-page?done=unmoved')).body).toContain('The order is unchanged');
    expect(await lead()).toBe(c.title);
  });
});
