import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Unreadable } from './board-read.ts';
import { locate, open } from './verify-sources.ts';

const href = (p: ReturnType<typeof locate>['board'] | null) => (p && 'url' in p ? p.url.href : p?.file);

describe('where verify-poll looks', () => {
  it('finds the board and the results beside whichever address it is given', () => {
    for (const given of ['https://news.example/polls/12', 'https://news.example/polls/12/', 'https://news.example/polls/12/results.json?x=1', 'https://news.example/polls/12/board.json']) {
      const w = locate(given);
      expect(href(w.board), given).toBe('https://news.example/polls/12/board.json');
      expect(href(w.results), given).toBe('https://news.example/polls/12/results.json');
    }
    expect(href(locate('https://news.example/polls/12/board.csv').board)).toBe('https://news.example/polls/12/board.csv');
    expect(href(locate('/nowhere/poll-12-board.csv', 'saved/results.json').results)).toBe('saved/results.json');
    expect(locate('/nowhere/poll-12-board.csv').results).toBeNull();
    expect(() => locate('ftp://news.example/polls/12')).toThrow(Unreadable);
  });
});

describe('fetching', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/here') return res.writeHead(302, { location: '/there' }).end();
      if (req.url === '/away') return res.writeHead(302, { location: 'http://elsewhere.example/there' }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (req.url === '/there') return res.end('x'.repeat(5000));
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Not yet."}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const read = async (path: string, max = 10_000) => {
    const o = await open({ url: new URL(base + path) }, max);
    let n = 0;
    try {
      for await (const c of o.chunks) n += c.length;
    } finally {
      o.close();
    }
    return n;
  };

  it('follows redirects on the same host only, a few times, and within a size', async () => {
    expect(await read('/here')).toBe(5000);
    await expect(read('/away')).rejects.toThrow(/another site/);
    await expect(read('/loop')).rejects.toThrow(/redirects more than/);
    await expect(read('/there', 1000)).rejects.toThrow(/larger than 1000 bytes/);
    await expect(read('/refused')).rejects.toThrow('answered 403: Not yet.');
  });
});
