import TurndownService from 'turndown';
import { renderComment } from '../comments/markdown.ts';
import type { CommentStatus } from '../db/schema.ts';
import { autop } from './convert-body.ts';
import type { ImportContext } from './context.ts';
import { WordpressIds } from './import-plan.ts';
import { skip } from './report.ts';
import { htmlToText, wpDate } from './text.ts';
import type { WxrComment } from './wxr-reader.ts';

/**
 * An article's comments from WordPress, threaded as they were: approved ones
 * shown, those waiting for approval waiting here too, spam, the bin and
 * pingbacks left out (and reported). The text goes through the comments'
 * own renderer (src/comments/markdown.ts), so an imported comment is held to
 * exactly what a reader may post. Written straight into the comments table:
 * the comments service's writer is for live posting (rate limits, duplicate
 * checks, notifications), none of which applies to a past conversation.
 */

const STATUS: Record<string, CommentStatus> = { '1': 'visible', approve: 'visible', approved: 'visible', '0': 'pending', hold: 'pending' };

/** WordPress comment HTML as the small Markdown of comments (links, emphasis, quotes, code). */
const commentMarkdown = new TurndownService({ emDelimiter: '*', strongDelimiter: '**', br: '\\' });
commentMarkdown.addRule('image', { filter: 'img', replacement: (_c, node) => (node as HTMLElement).getAttribute('alt') ?? '' });

export async function importComments(ctx: ImportContext, articleId: number, articleDate: string, itemTitle: string, comments: WxrComment[]): Promise<void> {
  if (!comments.length) return;
  const known = await ctx.ids.some('comment', comments.map((c) => c.id));
  const placed = new Map<string, { id: number; depth: number; threadId: number } | null>();
  const byId = new Map(comments.map((x) => [x.id, x]));
  for (const c of parentsFirst(comments)) {
    const earlier = known.get(c.id);
    if (earlier) {
      const row = await ctx.k.selectFrom('comments').select(['id', 'depth', 'thread_id']).where('id', '=', earlier.localId).executeTakeFirst();
      if (row) {
        ctx.report.unchanged.comments++;
        placed.set(c.id, { id: row.id, depth: Number(row.depth), threadId: Number(row.thread_id ?? row.id) });
        continue;
      }
    }
    const status = c.type === 'pingback' || c.type === 'trackback' ? null : STATUS[c.approved];
    if (!status) {
      placed.set(c.id, null);
      skip(ctx.report, `comment ${c.id} by ${htmlToText(c.author) || 'anonymous'} on “${itemTitle}”`, c.type === 'pingback' || c.type === 'trackback' ? `a ${c.type}, not a reader's comment` : `marked “${c.approved}” on WordPress`);
      continue;
    }
    placed.set(c.id, await writeComment(ctx, articleId, articleDate, c, status, nearestPlaced(c, byId, placed)));
  }
}

/** The reply's place: its parent, or the nearest of its ancestors that came in (a reply to spam joins the thread above). */
function nearestPlaced(c: WxrComment, byId: Map<string, WxrComment>, placed: Map<string, { id: number; depth: number; threadId: number } | null>) {
  for (let p = c.parent, hops = 0; p && p !== '0' && hops < 100; p = byId.get(p)?.parent ?? '', hops++) {
    const found = placed.get(p);
    if (found) return found;
  }
  return null;
}

async function writeComment(ctx: ImportContext, articleId: number, articleDate: string, c: WxrComment, status: CommentStatus, parent: { id: number; depth: number; threadId: number } | null) {
  ctx.report.created.comments++;
  const depth = parent ? parent.depth + 1 : 0;
  if (ctx.dryRun) return { id: -1, depth, threadId: -1 };
  const bodyMd = commentMarkdown.turndown(autop(c.content)).trim() || htmlToText(c.content);
  const rendered = renderComment(bodyMd);
  const at = wpDate(c.dateGmt, c.date) ?? articleDate;
  const userId = c.userId && c.userId !== '0' ? ctx.authorsByWpId.get(c.userId) ?? null : null;
  const row = await ctx.k.insertInto('comments').values({
    article_id: articleId, parent_id: parent?.id ?? null, thread_id: parent?.threadId ?? null, depth, author_user_id: userId,
    guest_name: userId ? null : htmlToText(c.author).slice(0, 80) || 'Anonymous', guest_email: userId ? null : /^[^@\s]+@[^@\s]+$/.test(c.authorEmail) ? c.authorEmail.toLowerCase() : null,
    author_token_hash: null, body_md: bodyMd, body_html: rendered.html, body_hash: null, status, removed_reason: null,
    notify_replies: 0, edited_at: null, created_at: at, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  const id = Number(row.id);
  // As on the site: a thread's first comment has no thread_id (the thread is its own id); its replies name it.
  await ctx.ids.remember('comment', c.id, { localId: id, fingerprint: null, localStamp: null }, ctx.now);
  return { id, depth, threadId: parent?.threadId ?? id };
}

/** Replies after what they reply to, whatever order the export has them in (a cycle is broken, not followed). */
function parentsFirst(comments: WxrComment[]): WxrComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const out: WxrComment[] = [];
  const done = new Set<string>();
  const visit = (c: WxrComment, trail: Set<string>) => {
    if (done.has(c.id) || trail.has(c.id)) return;
    trail.add(c.id);
    const parent = byId.get(c.parent);
    if (parent) visit(parent, trail);
    done.add(c.id);
    out.push(c);
  };
  for (const c of [...comments].sort((a, b) => Number(a.id) - Number(b.id))) visit(c, new Set());
  return out;
}
