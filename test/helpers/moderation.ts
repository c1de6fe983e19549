import { createSession } from '../../src/accounts/sessions.ts';
import { Agent } from './agent.ts';
import type { TestSite } from './site.ts';

/**
 * Helpers for moderation tests: comments written straight into the table (as
 * the comments domain would have taken them), readers signed in without the
 * mail round trip (for tests that need many), and the demo's first article.
 */

let counter = 0;

export async function firstArticle(site: TestSite): Promise<{ id: number; path: string; title: string }> {
  const a = await site.services.db.kysely.selectFrom('articles').select(['id', 'path', 'title']).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
  return { id: a.id, path: a.path!, title: a.title };
}

export interface NewComment {
  articleId: number;
  authorUserId?: number | null;
  guestName?: string | null;
  guestEmail?: string | null;
  parentId?: number | null;
  status?: 'pending' | 'visible';
  body?: string;
  notify?: boolean;
}

export async function addComment(site: TestSite, c: NewComment): Promise<number> {
  const db = site.services.db.kysely;
  const now = new Date().toISOString();
  const body = c.body ?? `A comment, number ${++counter}.`;
  const parent = c.parentId ? await db.selectFrom('comments').select(['depth', 'thread_id']).where('id', '=', c.parentId).executeTakeFirstOrThrow() : null;
  const row = await db
    .insertInto('comments')
    .values({
      article_id: c.articleId, parent_id: c.parentId ?? null, thread_id: parent?.thread_id ?? null, depth: parent ? parent.depth + 1 : 0,
      author_user_id: c.authorUserId ?? null, guest_name: c.authorUserId ? null : (c.guestName ?? 'A guest'), guest_email: c.authorUserId ? null : (c.guestEmail ?? null),
      author_token_hash: null, body_md: body, body_html: `<p>${body}</p>`, body_hash: null, status: c.status ?? 'visible', removed_reason: null,
      notify_replies: c.notify ? 1 : 0, edited_at: null, created_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!parent) await db.updateTable('comments').set({ thread_id: row.id }).where('id', '=', row.id).execute();
  return row.id;
}

/** A reader account with a session, as an agent (no mail needed). */
export async function quickReader(site: TestSite, name = `Quick reader ${++counter}`): Promise<Agent & { userId: number; name: string }> {
  const db = site.services.db;
  const email = `quick${++counter}-${Date.now()}@readers.test`;
  const user = await db.kysely
    .insertInto('users')
    .values({ email, name, slug: `reader-quick-${counter}-${Date.now()}`, bio: '', avatar_media_id: null, role: 'reader', password_hash: null, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = await createSession(db, user.id);
  const agent = new Agent(site);
  (agent as unknown as { cookies: Map<string, string> }).cookies.set('sz_session', token);
  return Object.assign(agent, { userId: user.id, name });
}

export async function commentStatus(site: TestSite, id: number) {
  return site.services.db.kysely.selectFrom('comments').select(['status', 'removed_reason']).where('id', '=', id).executeTakeFirstOrThrow();
}

export async function logRows(site: TestSite) {
  return site.services.db.kysely.selectFrom('moderation_log').selectAll().orderBy('id').execute();
}

/**
 * Posts a comment the way the article page's form does (origin checked, a form
 * drawn a while ago), as a guest or with a session cookie; from its own client address.
 */
export async function postComment(site: TestSite, articleId: number, f: { body: string; name?: string; email?: string; parent?: number; cookie?: string; ip?: string }) {
  const { formStamp } = await import('../../src/comments/intake/timing.ts');
  const form = new URLSearchParams({
    body: f.body, name: f.name ?? '', email: f.email ?? '', parent: f.parent ? String(f.parent) : '', website: '',
    t: formStamp(site.services.secret, articleId, new Date(Date.now() - 30_000)),
  });
  const res = await site.fetch(`/articles/${articleId}/comments`, {
    method: 'POST', body: form,
    headers: {
      'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': f.ip ?? `203.0.113.${++counter % 250 + 1}`,
      ...(f.cookie ? { cookie: f.cookie } : {}),
    },
  });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
}
