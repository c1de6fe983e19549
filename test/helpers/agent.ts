import { createStaff } from '../../src/accounts/accounts-service.ts';
import type { Role } from '../../src/db/schema.ts';
import type { TestSite } from './site.ts';

/** A browser-like client: keeps cookies, finds the CSRF token in forms, posts forms. */
export class Agent {
  private cookies = new Map<string, string>();
  csrf = '';

  readonly site: TestSite;

  constructor(site: TestSite) {
    this.site = site;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (v === '' || /max-age=0/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async get(path: string): Promise<{ status: number; body: string; location: string | null }> {
    const res = await this.site.fetch(path, { headers: { cookie: this.cookieHeader(), accept: 'text/html' } });
    this.remember(res);
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, body, location: res.headers.get('location') };
  }

  async post(path: string, form: Record<string, string | string[]>, opts: { csrf?: boolean } = {}) {
    const data = new URLSearchParams();
    if (opts.csrf !== false) data.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) data.append(k, x);
    const res = await this.site.fetch(path, {
      method: 'POST',
      body: data,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    this.remember(res);
    return { status: res.status, body: await res.text(), location: res.headers.get('location') };
  }

  async signIn(email: string, password: string) {
    await this.get('/admin/login');
    return this.post('/admin/login', { email, password });
  }
}

let counter = 0;
export const PASSWORD = 'a long enough password';

/** A signed-in member of staff with the given role. */
export async function asRole(site: TestSite, role: Role): Promise<Agent & { userId: number }> {
  const email = `${role}${++counter}@newsroom.test`;
  const userId = await createStaff(site.services.db, { email, name: `Test ${role} ${counter}`, password: PASSWORD, role });
  const agent = new Agent(site);
  const res = await agent.signIn(email, PASSWORD);
  if (res.status !== 303) throw new Error(`sign-in failed for ${role}: ${res.status}`);
  await agent.get('/admin');
  return Object.assign(agent, { userId });
}
