import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchArticles, searchTerms } from '../src/site/search.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';

const QUERIES = ['harbour', 'council budget', 'library', 'bus route', 'flooding school', 'bookshop', 'wind', 'housing figures'];

describe('search ranks the same on SQLite and PostgreSQL', () => {
  let sqlite: TestSite;
  let postgres: TestSite;
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([startTestSite('sqlite'), startTestSite('postgres')]);
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  it.each(QUERIES)('“%s” finds the same articles in the same order', async (q) => {
    const run = async (s: TestSite) =>
      (await searchArticles(s.services.db.kysely, s.services.db.dialect, q, 10, 0)).results.map((r) => r.title);
    const [a, b] = await Promise.all([run(sqlite), run(postgres)]);
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });

  it('puts an article with the word in its title above one with it only in the body', async () => {
    for (const s of [sqlite, postgres]) {
      const { results } = await searchArticles(s.services.db.kysely, s.services.db.dialect, 'bookshop', 10, 0);
      expect(results[0].title.toLowerCase()).toMatch(/books|bookshop/);
    }
  });

  it('pages through results in the same order as one long page', async () => {
    for (const s of [sqlite, postgres]) {
      const { kysely, dialect } = s.services.db;
      const whole = (await searchArticles(kysely, dialect, 'council', 50, 0)).results.map((r) => r.id);
      expect(whole.length).toBeGreaterThan(4);
      const paged: number[] = [];
      for (let offset = 0; offset < whole.length; offset += 2) {
        const page = await searchArticles(kysely, dialect, 'council', 2, offset);
        expect(page.total).toBe(whole.length);
        paged.push(...page.results.map((r) => r.id));
      }
      expect(paged).toEqual(whole);
    }
  });

  it('leaves out the same common words on both engines, and never fails on letters an index splits', async () => {
    expect(searchTerms('Who is now running the ferry?')).toEqual(['running', 'ferry']);
    for (const s of [sqlite, postgres]) {
      const odd = await searchArticles(s.services.db.kysely, s.services.db.dialect, 'a\u19b0b harbour', 10, 0);
      expect(odd.total).toBeGreaterThanOrEqual(0);
      expect((await s.text('/search?q=a%E1%A6%B0b')).status).toBe(200);
    }
  });

  it('ignores punctuation and search-syntax characters in queries', () => {
    expect(searchTerms('"harbour" AND (council*) -- OR ;')).toEqual(['harbour', 'council']);
  });
});
