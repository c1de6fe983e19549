import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSitePath } from '../../src/http/safe-location.ts';
import { Agent } from '../helpers/agent.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

/** Every redirect the site makes stays on the site, whatever the address asked for. */
describe('redirects', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await startTestSite('sqlite');
  });
  afterAll(async () => site?.close());

  const hostile = ['//evil.example/', '/\\evil.example/', '//evil.example//', '///evil.example/', '/\\/evil.example/', '/%2F%2Fevil.example/',
    '/%5Cevil.example/', '//evil.example/path/?x=1', '/\t/evil.example/', '//evil.example%2F/', '/.//evil.example/'];

  it('folds any run of slashes and backslashes at the start of a moved address into one', async () => {
    for (const path of hostile) {
      const res = await fetch(`${site.url}${path}`, { redirect: 'manual' }).catch(() => null);
      if (!res) continue; // an address the HTTP client itself refuses to send
      const location = res.headers.get('location');
      if (location === null) continue;
      expect(isSitePath(location), `${JSON.stringify(path)} → ${location}`).toBe(true);
      // And a browser resolving it lands on this site.
      expect(new URL(location, site.url).origin, path).toBe(new URL(site.url).origin);
    }
  });

  it('still moves an ordinary trailing slash in one hop', async () => {
    const res = await site.fetch('/section/news/?page=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/section/news?page=1');
  });

  it('keeps sign-in’s "next" inside the newsroom', async () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/admin', '/admin/../..//evil.example', '/admin//evil.example']) {
      const agent = new Agent(site);
      const page = await agent.get(`/admin/login?next=${encodeURIComponent(next)}`);
      expect(page.body).not.toContain('evil.example');
    }
  });

  it('recognises site paths and refuses everything a browser would take elsewhere', () => {
    for (const ok of ['/', '/a', '/a//b', '/a\\b', '/?next=//x']) expect(isSitePath(ok), ok).toBe(true);
    for (const bad of ['//x', '/\\x', 'x', 'https://x', '', '/\nx', '/\tx']) expect(isSitePath(bad), JSON.stringify(bad)).toBe(false);
  });
});
