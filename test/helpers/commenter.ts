import { randomBytes } from 'node:crypto';
import { createSession } from '../../src/accounts/sessions.ts';
import { formStamp } from '../../src/comments/intake/timing.ts';
import { nextAddress } from './reader.ts';
import type { TestSite } from './site.ts';

/**
 * A browser on the public site that comments: its cookies (the comment token a
 * guest gets, a session), the address the site sees (the site must trust
 * 127.0.0.1 as a proxy), and the headers a browser sends with a form post from
 * the site's own page. The form's stamp is made as the page would have drawn
 * it, some seconds ago (a person takes longer than the minimum to write).
 */
export class Commenter {
  cookies = new Map<string, string>();
  readonly site: TestSite;
  readonly address: string;

  constructor(site: TestSite, address = nextAddress()) {
    this.site = site;
    this.address = address;
  }

  stamp(articleId: number, secondsAgo = 30): string {
    return formStamp(this.site.services.secret, articleId, new Date(Date.now() - secondsAgo * 1000));
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'sec-fetch-site': 'same-origin', 'x-forwarded-for': this.address, ...extra };
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [k, v] = c.split(';')[0].split('=');
      if (v === '' || /max-age=0/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async request(path: string, init: { method?: string; form?: Record<string, string>; json?: boolean; headers?: Record<string, string> } = {}) {
    const res = await this.site.fetch(path, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      body: init.form ? new URLSearchParams(init.form) : undefined,
      headers: this.headers({
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        accept: init.json ? 'application/json' : 'text/html', ...init.headers,
      }),
    });
    this.keep(res);
    const body = await res.text();
    return { status: res.status, body, location: res.headers.get('location'), headers: res.headers, json: init.json && body.startsWith('{') ? JSON.parse(body) : undefined };
  }

  /** Posts the article page's form, as a guest unless signed in: name and address filled in unless given. */
  post(articleId: number, fields: Record<string, string> = {}, opts: { json?: boolean; headers?: Record<string, string> } = {}) {
    const form = { body: 'A comment worth reading.', name: 'Guest Reader', email: `guest-${this.address}@example.org`, t: this.stamp(articleId), website: '', parent: '', ...fields };
    return this.request(`/articles/${articleId}/comments`, { form, ...opts });
  }
}

/** A signed-in reader: an account and a session, the cookie a browser holds after signing in. */
export async function readerCommenter(site: TestSite, name = 'Signed-in Reader'): Promise<Commenter & { userId: number }> {
  const k = site.services.db.kysely;
  const user = await k.insertInto('users').values({
    email: `reader-${randomBytes(6).toString('hex')}@readers.test`, name, slug: `reader-${randomBytes(8).toString('hex')}`, bio: '',
    avatar_media_id: null, role: 'reader', password_hash: null, created_at: new Date().toISOString(),
  }).returning('id').executeTakeFirstOrThrow();
  const token = await createSession(site.services.db, user.id);
  const c = new Commenter(site);
  c.cookies.set(site.services.cookies.session, token);
  return Object.assign(c, { userId: user.id });
}

/** A published article of the demo, by slug (or the first one). */
export async function demoArticle(site: TestSite, slug?: string): Promise<{ id: number; path: string }> {
  let q = site.services.db.kysely.selectFrom('articles').select(['id', 'path']).where('status', '=', 'published');
  if (slug) q = q.where('slug', '=', slug);
  const a = await q.orderBy('id').executeTakeFirstOrThrow();
  return { id: a.id, path: a.path! };
}

/** Changes site settings the way the settings page does (every server reloads them, every page is forgotten). */
export async function setSettings(site: TestSite, values: Parameters<TestSite['services']['settings']['save']>[0]): Promise<void> {
  await site.services.settings.save(values);
  await site.services.changes.changed(['settings', '*']);
}
