import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

/**
 * /admin/tags on a site with many tags: a page at a time, found by name,
 * merged by naming the target, deleted after a question — and a page that
 * grows with the rows it shows, not with the square of the number of tags
 * (1,500 tags once made a 95 MB page).
 */
describe.each(DATABASES)('the tags page with many tags, on %s', (kind) => {
  let site: TestSite;
  let editor: Agent;
  beforeAll(async () => {
    site = await startTestSite(kind, { demo: false });
    editor = await asRole(site, 'editor');
  });
  afterAll(async () => site?.close());

  const db = () => site.services.db.kysely;
  const addTags = async (from: number, to: number) => {
    const rows = [];
    for (let i = from; i < to; i++) rows.push({ slug: `topic-${String(i).padStart(4, '0')}`, name: `Topic ${String(i).padStart(4, '0')}` });
    for (let i = 0; i < rows.length; i += 200) await db().insertInto('tags').values(rows.slice(i, i + 200)).execute();
  };
  const rowsOf = (body: string) => [...body.matchAll(/<tr>\s*<td><a href="\/tag\/([^"]+)"/g)].map((m) => m[1]);

  it('stays small with a thousand tags: a hundred a page, one shared list of names', async () => {
    await addTags(0, 20);
    const small = await editor.get('/admin/tags');
    expect(small.status).toBe(200);
    expect(rowsOf(small.body)).toHaveLength(20);
    await addTags(20, 1000);
    const big = await editor.get('/admin/tags');
    expect(rowsOf(big.body)).toHaveLength(100);
    expect(big.body).toContain('Tags 1–100 of 1000.');
    expect(big.body.match(/<datalist/g)).toHaveLength(1);
    expect(big.body).not.toContain('<select');
    const bytes = Buffer.byteLength(big.body);
    expect(bytes).toBeLessThan(1_000_000);
    expect(bytes).toBeLessThan(50 * Buffer.byteLength(small.body));

    const last = await editor.get('/admin/tags?page=10');
    expect(rowsOf(last.body)).toEqual(Array.from({ length: 100 }, (_, i) => `topic-${String(900 + i).padStart(4, '0')}`));
    expect(last.body).toContain('href="/admin/tags?page=9"');
    const found = await editor.get('/admin/tags?q=TOPIC%200777');
    expect(rowsOf(found.body)).toEqual(['topic-0777']);
    expect((await editor.get('/admin/tags?page=zero')).status).toBe(400);
  });

  it('merges a tag into another named by its name, and says so beside the field when there is none', async () => {
    const [from, into] = await Promise.all(['topic-0500', 'topic-0600'].map((slug) => db().selectFrom('tags').select(['id', 'name']).where('slug', '=', slug).executeTakeFirstOrThrow()));
    await editor.get('/admin/tags?page=6');
    const wrong = await editor.post(`/admin/tags/${from.id}/merge?page=6`, { into: 'Topic 9999' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('There is no tag named “Topic 9999”.');
    // Beside the row's own field, with what was typed, on the page it was typed on.
    expect(wrong.body).toMatch(new RegExp(`id="merge-${from.id}"[^>]*value="Topic 9999" aria-invalid="true" aria-describedby="into-error-${from.id}"`));
    expect(rowsOf(wrong.body)[0]).toBe('topic-0500');

    const merged = await editor.post(`/admin/tags/${from.id}/merge?page=6`, { into: ' topic 0600' });
    expect(merged.status).toBe(303);
    expect(merged.location).toBe('/admin/tags?done=merged&page=6');
    expect(await db().selectFrom('tags').select('id').where('id', '=', from.id).executeTakeFirst()).toBeUndefined();
    const res = await site.fetch('/tag/topic-0500');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/tag/topic-0600');
    expect((await editor.post(`/admin/tags/${into.id}/merge`, { into: into.name })).status).toBe(422);
  });

  it('asks before deleting a tag, and answers 404 for a tag that is not there', async () => {
    const tag = await db().selectFrom('tags').select(['id', 'name']).where('slug', '=', 'topic-0042').executeTakeFirstOrThrow();
    await editor.get('/admin/tags');
    const asked = await editor.post(`/admin/tags/${tag.id}/delete?q=0042`, {});
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('Delete the tag “Topic 0042”?');
    expect(asked.body).toContain('<a href="/admin/tags?q=0042">Keep it</a>');
    expect(await db().selectFrom('tags').select('id').where('id', '=', tag.id).executeTakeFirst()).toBeDefined();
    const done = await editor.post(`/admin/tags/${tag.id}/delete?q=0042`, { confirm: 'yes' });
    expect(done.location).toBe('/admin/tags?q=0042&done=deleted');
    expect((await editor.get(done.location!)).body).toContain('Tag deleted.');

    for (const path of [`/admin/tags/${tag.id}/delete`, '/admin/tags/999999/delete']) {
      expect((await editor.post(path, { confirm: 'yes' })).status, path).toBe(404);
      expect((await editor.post(path, {})).status, path).toBe(404);
    }
    expect((await editor.post('/admin/tags/999999/rename', { name: 'Anything' })).status).toBe(404);
    expect((await editor.post('/admin/tags/999999/merge', { into: 'Topic 0001' })).status).toBe(404);
  });
});
