import { normaliseEmail } from '../accounts/accounts-service.ts';
import { type ImportContext, fixedRedirect, keptRedirects, NOT_WRITTEN } from './context.ts';
import { type Term, WordpressIds } from './import-plan.ts';
import { note } from './report.ts';
import { htmlToText, localSlug } from './text.ts';

/**
 * Authors become staff (role author) without a password: their bylines and
 * author pages work at once, and an owner sends each a reset link from the
 * Staff page when they should sign in. Categories become sections, tags
 * become tags, under the old slugs where those are ours too, so WordPress's
 * /category/x/ and /tag/x/ addresses keep working; where a slug had to
 * change, the old address is written as a redirect.
 */

export async function importAuthors(ctx: ImportContext): Promise<void> {
  const known = await ctx.ids.all('author');
  // Accounts by their (normalised) address, as this run makes or finds them: a dry run makes none to look up.
  const accounts: Accounts = new Map();
  for (const a of ctx.survey.authors.values()) {
    const earlier = known.get(a.login);
    const existing = earlier && (await ctx.k.selectFrom('users').select(['id', 'slug']).where('id', '=', earlier.localId).executeTakeFirst());
    const matched = existing ? null : await byEmail(ctx, a.email, accounts);
    const userId = existing ? existing.id : matched?.id ?? (await createAuthor(ctx, a, accounts));
    if (existing && !ctx.counted.has(`user:${existing.slug}`)) {
      ctx.report.unchanged.authors++;
      ctx.counted.set(`user:${existing.slug}`, existing.id);
      await keptRedirects(ctx, [`/author/${a.login}`]);
    }
    // An author who already had an account (from an earlier run, or by address): their old addresses lead to it too.
    if (existing) {
      for (const from of authorAddresses(a).filter((p) => p.startsWith('/?'))) await fixedRedirect(ctx, from, `/author/${existing.slug}`);
    } else if (matched) {
      for (const from of authorAddresses(a)) await fixedRedirect(ctx, from, `/author/${matched.slug}`);
    }
    ctx.authors.set(a.login, userId);
    if (a.id) ctx.authorsByWpId.set(a.id, userId);
    if (!ctx.dryRun && !existing) await ctx.ids.remember('author', a.login, { localId: userId, fingerprint: null, localStamp: null }, ctx.now);
  }
}

type Account = { id: number; slug: string };
type Accounts = Map<string, Account>;

/** An author's addresses on WordPress: by login, and by number (`/?author=2`). */
function authorAddresses(a: { login: string; id?: string }): string[] {
  return [`/author/${a.login}`, ...(a.id && /^\d+$/.test(a.id) ? [`/?author=${a.id}`] : [])];
}

/** The account with the author's address: one this run made for another author, or one already here (counted once). */
async function byEmail(ctx: ImportContext, email: string, accounts: Accounts): Promise<Account | null> {
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) return null;
  const key = normaliseEmail(email);
  const known = accounts.get(key);
  if (known) return known;
  const row = await ctx.k.selectFrom('users').select(['id', 'slug']).where('email', '=', key).where('role', '!=', 'reader').executeTakeFirst();
  if (!row) return null;
  note(ctx.report, 'Authors whose address matched an account already here were given that account’s bylines.');
  ctx.report.unchanged.authors++;
  accounts.set(key, row);
  return row;
}

async function createAuthor(ctx: ImportContext, a: { login: string; id?: string; email: string; displayName: string; firstName: string; lastName: string }, accounts: Accounts): Promise<number> {
  ctx.report.created.authors++;
  note(ctx.report, 'Authors came in as staff without passwords (role: author). An owner sends each a link to set one from Staff → Send reset link; one with no address in the export has a byline only.');
  const name = htmlToText(a.displayName) || [a.firstName, a.lastName].filter(Boolean).join(' ') || a.login;
  const slug = await freeSlug(ctx, localSlug(a.login, name, 'author'));
  const email = /^[^@\s]+@[^@\s]+$/.test(a.email) ? normaliseEmail(a.email) : null;
  const taken = email && (accounts.has(email) || (await ctx.k.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()));
  const id = ctx.dryRun ? NOT_WRITTEN : (await ctx.k.insertInto('users').values({
    email: taken ? null : email, name, slug, bio: '', avatar_media_id: null, role: 'author', password_hash: null, created_at: ctx.now,
  }).returning('id').executeTakeFirstOrThrow()).id;
  ctx.counted.set(`user:${slug}`, id);
  if (email && !taken) accounts.set(email, { id, slug });
  for (const from of authorAddresses(a)) await fixedRedirect(ctx, from, `/author/${slug}`);
  return id;
}

/** The slug, or the first of slug-2, slug-3 … that neither an account nor this run has taken. */
async function freeSlug(ctx: ImportContext, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (ctx.counted.has(`user:${slug}`)) continue;
    if (!(await ctx.k.selectFrom('users').select('id').where('slug', '=', slug).executeTakeFirst())) return slug;
  }
}

export async function importSections(ctx: ImportContext): Promise<void> {
  const known = await ctx.ids.all('category');
  const terms = ctx.survey.categories;
  let position = Number((await ctx.k.selectFrom('sections').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst())?.p ?? -1);
  for (const t of terms.values()) {
    const earlier = known.get(t.slug);
    const existing = earlier && (await ctx.k.selectFrom('sections').select(['id', 'slug']).where('id', '=', earlier.localId).executeTakeFirst());
    const slug = existing ? existing.slug : localSlug(t.slug, htmlToText(t.name), `category-${t.termId || terms.size}`, 60);
    let id = ctx.counted.get(`section:${slug}`);
    if (id === undefined) {
      // Counted once per section, however many categories land in it.
      id = existing ? existing.id : (await ctx.k.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
      if (id !== undefined) ctx.report.unchanged.sections++;
      if (id !== undefined && !existing) note(ctx.report, 'Categories whose address matched a section already here were filed in that section.');
      if (id === undefined) {
        ctx.report.created.sections++;
        id = ctx.dryRun ? NOT_WRITTEN : (await ctx.k.insertInto('sections').values({
          slug, name: htmlToText(t.name).slice(0, 60) || slug, description: htmlToText(t.description).slice(0, 600), position: position + 1,
        }).returning('id').executeTakeFirstOrThrow()).id;
        position++;
      }
      ctx.counted.set(`section:${slug}`, id);
    }
    ctx.sections.set(t.slug, id);
    if (t.parent) note(ctx.report, 'Sections are not nested: a category inside another became a section of its own; its old address leads there.');
    if (!ctx.dryRun && !existing) await ctx.ids.remember('category', t.slug, { localId: id, fingerprint: null, localStamp: null }, ctx.now);
    const from = `/category/${categoryPath(terms, t)}`;
    for (const [suffix, to] of [['', ''], ['/feed', '/feed.xml']]) await fixedRedirect(ctx, `${from}${suffix}`, `/section/${slug}${to}`);
    if (/^\d+$/.test(t.termId)) await fixedRedirect(ctx, `/?cat=${t.termId}`, `/section/${slug}`);
  }
}

/** A category's address on WordPress names its parents: /category/news/local/. */
function categoryPath(terms: Map<string, Term>, t: Term): string {
  const chain = [t.slug];
  for (let p = terms.get(t.parent); p && chain.length < 20 && !chain.includes(p.slug); p = terms.get(p.parent)) chain.unshift(p.slug);
  return chain.join('/');
}

export async function importTags(ctx: ImportContext): Promise<void> {
  const known = await ctx.ids.all('tag');
  for (const t of ctx.survey.tags.values()) {
    const id = await tagFor(ctx, t, known.get(t.slug)?.localId);
    ctx.tags.set(t.slug, id);
  }
}

/** The tag for a WordPress tag (or a second category, filed as a tag): found, or made; counted once per tag. */
export async function tagFor(ctx: ImportContext, t: Term, earlierId?: number, fromCategory = false): Promise<number> {
  const existing = earlierId !== undefined && (await ctx.k.selectFrom('tags').select(['id', 'slug']).where('id', '=', earlierId).executeTakeFirst());
  const name = htmlToText(t.name).slice(0, 80);
  const slug = existing ? existing.slug : localSlug(t.slug, name, `tag-${t.termId || 'x'}`);
  let id = ctx.counted.get(`tag:${slug}`);
  if (id === undefined) {
    id = existing ? existing.id : (await ctx.k.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    if (id !== undefined) ctx.report.unchanged.tags++;
    else {
      ctx.report.created.tags++;
      id = ctx.dryRun ? NOT_WRITTEN : (await ctx.k.insertInto('tags').values({ slug, name: name || slug }).returning('id').executeTakeFirstOrThrow()).id;
    }
    ctx.counted.set(`tag:${slug}`, id);
  }
  if (!ctx.dryRun && !existing) await ctx.ids.remember('tag', t.slug, { localId: id, fingerprint: null, localStamp: null }, ctx.now);
  for (const [suffix, to] of [['', ''], ['/feed', '/feed.xml']]) await fixedRedirect(ctx, `/tag/${t.slug}${suffix}`, `/tag/${slug}${to}`);
  // A further category filed as a tag never had a tag's plain address.
  if (!fromCategory) await fixedRedirect(ctx, `/?tag=${t.slug}`, `/tag/${slug}`);
  return id;
}
