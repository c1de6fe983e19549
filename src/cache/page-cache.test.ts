import { describe, expect, it } from 'vitest';
import { EVERYTHING, makePage, PageCache } from './page-cache.ts';

const page = (size: number) => makePage('x'.repeat(size), 'text/html; charset=utf-8', 200, new Date());

describe('PageCache', () => {
  it('stays within its byte budget, pushing out the least recently used pages first', () => {
    const cache = new PageCache(true, 1000, 100_000);
    cache.set('/', page(10_000));
    for (let i = 0; i < 50; i++) {
      cache.set(`/?x=${i}`, page(10_000));
      cache.get('/'); // the front page is read all the time
      expect(cache.stats().bytes).toBeLessThanOrEqual(100_000);
    }
    expect(cache.get('/')).toBeDefined();
    expect(cache.get('/?x=0')).toBeUndefined();
  });

  it('counts compressed forms against the budget', () => {
    const cache = new PageCache(true, 1000, 1_000_000);
    const p = makePage('Words and more words. '.repeat(2000), 'text/html; charset=utf-8', 200, new Date());
    cache.set('/a', p);
    const before = cache.stats().bytes;
    cache.encoded('/a', p, 'gzip, br');
    expect(cache.stats().bytes).toBeGreaterThan(before);
  });

  it('does not keep a page whose render began before a change to something it shows', () => {
    const cache = new PageCache(true, 1000, 1_000_000);
    const began = cache.generation;
    cache.forget(['article:1']); // a save lands while the page is being drawn from the old data
    cache.set('/a', page(10), ['article:1', 'latest'], [], began);
    expect(cache.get('/a')).toBeUndefined();
    // A page that shows something else is still kept, and so is the next render of /a.
    cache.set('/b', page(10), ['article:2'], [], began);
    expect(cache.get('/b')).toBeDefined();
    cache.set('/a', page(10), ['article:1'], [], cache.generation);
    expect(cache.get('/a')).toBeDefined();
    // Forgetting everything refuses every render that began before it.
    const before = cache.generation;
    cache.forget([EVERYTHING]);
    cache.set('/c', page(10), ['article:3'], [], before);
    expect(cache.get('/c')).toBeUndefined();
  });

  it('forgets exactly the pages that show what changed', () => {
    const cache = new PageCache(true, 1000, 1_000_000);
    cache.set('/a', page(10), ['article:1', 'latest']);
    cache.set('/b', page(10), ['article:2']);
    cache.set('/', page(10), ['latest', 'article:1', 'article:2']);
    expect(cache.forget(['article:1'])).toBe(2);
    expect(cache.get('/b')).toBeDefined();
    expect(cache.get('/a')).toBeUndefined();
    cache.forget([EVERYTHING]);
    expect(cache.size).toBe(0);
  });

  it('counts hits and misses', () => {
    const cache = new PageCache(true, 10, 1_000_000);
    cache.get('/');
    cache.set('/', page(10));
    cache.get('/');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });
});
