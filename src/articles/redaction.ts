import type { Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { slugify } from '../lib/slug.ts';
import { formatDate, nowIso } from '../lib/time.ts';
import { referencedMedia, renderBody } from './markdown.ts';
import { rerenderBodiesUsing } from './rerender.ts';
import { articlePath } from './service.ts';
import { mediaBySlugs, retiredPathKey } from './store.ts';

export type RedactionResult = { ok: true; replaced: number; places: string[] } | { ok: false; message: string };

/** The notice left where the text was: dated, with the reason, never the text. */
function redactionNotice(reason: string, at: string, locale: string, timeZone: string): string {
  return `[Text removed on ${formatDate(at, locale, timeZone)}: ${reason.replace(/[[\]\n]/g, ' ').trim()}]`;
}

type Trx = Transaction<Database>;

/**
 * A legal redaction: the passage goes from every place the article's text is
 * kept or shown — headline, standfirst, body, SEO title and description, the
 * lead picture's alt text, caption and credit (on the article and in the media
 * library, which other pages also show), figures' library texts, every earlier
 * revision and its public note, the article's tags, and its address. A dated
 * notice stands in its place; the redaction is recorded as a revision so the
 * history shows that it happened and why. Search follows by trigger, and the
 * change message empties every server's caches.
 *
 * Where the address holds the passage, the article moves to a new address and
 * the old one (and any older one holding it) answers 410: a redirect would
 * repeat the passage. A tag whose name holds it is removed from every article
 * and its page answers 410.
 */
export async function redactPassage(
  db: Db,
  changes: ChangeBus,
  input: { articleId: number; passage: string; reason: string; editorId: number; locale: string; timeZone: string },
): Promise<RedactionResult> {
  const passage = input.passage.trim();
  if (passage.length < 3) return { ok: false, message: 'Give the exact passage to remove (at least three characters).' };
  const now = nowIso();
  const notice = redactionNotice(input.reason, now, input.locale, input.timeZone);
  const r = new Redactor(passage, notice);
  const outcome = await db.kysely.transaction().execute(async (trx) => {
    const text = await redactArticleText(trx, r, input.articleId, now);
    const media = await redactMediaTexts(trx, r, input.articleId);
    await redactTags(trx, r, input.articleId, now);
    await redactAddress(trx, r, input.articleId, now);
    // Nothing matched: roll back, so not even the update time moves.
    if (!r.count) throw new NothingToRedact();
    {
      await trx.insertInto('article_revisions').values({
        article_id: input.articleId, number: text.lastRevision + 1, kind: 'redaction', note: input.reason.trim(),
        editor_id: input.editorId, title: text.title, standfirst: text.standfirst, body_md: text.bodyMd, created_at: now,
      }).execute();
    }
    return { media };
  }).catch((err) => {
    if (err instanceof NothingToRedact) return null;
    throw err;
  });
  if (!outcome) return { ok: false, message: 'That passage does not appear in the article, its history, its pictures, tags or address. Copy it exactly.' };
  // Other articles showing a library picture whose texts changed are rendered again too.
  for (const slug of outcome.media) await rerenderBodiesUsing(db.kysely, slug);
  await changes.everything();
  return { ok: true, replaced: r.count, places: r.places };
}

class NothingToRedact extends Error {}

/** Swaps the passage for the notice and remembers where it did. */
class Redactor {
  count = 0;
  readonly places: string[] = [];
  readonly slugPart: string;

  private readonly passage: string;
  private readonly notice: string;

  constructor(passage: string, notice: string) {
    this.passage = passage;
    this.notice = notice;
    // The passage as it would appear in an address; too short a form would match by chance.
    const s = slugify(passage, 200);
    this.slugPart = s.length >= 5 && s !== 'untitled' ? s : '';
  }

  swap(text: string, place: string): string;
  swap(text: string | null, place: string): string | null;
  swap(text: string | null, place: string): string | null {
    if (text === null || !text.includes(this.passage)) return text;
    const parts = text.split(this.passage);
    this.count += parts.length - 1;
    if (!this.places.includes(place)) this.places.push(place);
    return parts.join(this.notice);
  }

  /** Whether text holds the passage, as written or as an address would spell it. */
  inName(name: string, slug: string): boolean {
    return name.includes(this.passage) || (this.slugPart !== '' && `-${slug}-`.includes(`-${this.slugPart}-`));
  }

  note(place: string): void {
    this.count++;
    this.places.push(place);
  }
}

async function redactArticleText(trx: Trx, r: Redactor, articleId: number, now: string) {
  const a = await trx
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['a.title', 'a.standfirst', 'a.seo_title', 'a.seo_description', 'a.lead_alt', 'a.lead_caption', 'a.lead_credit', 'b.body_md'])
    .where('a.id', '=', articleId)
    .executeTakeFirstOrThrow();
  const revisions = await trx.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).orderBy('number').execute();
  for (const rev of revisions) {
    await trx.updateTable('article_revisions').set({
      title: r.swap(rev.title, 'earlier revisions'),
      standfirst: r.swap(rev.standfirst, 'earlier revisions'),
      body_md: r.swap(rev.body_md, 'earlier revisions'),
      note: r.swap(rev.note, 'notes on corrections and updates'),
    }).where('id', '=', rev.id).execute();
  }
  const title = r.swap(a.title, 'headline');
  const standfirst = r.swap(a.standfirst, 'standfirst');
  const bodyMd = r.swap(a.body_md, 'body');
  const rendered = renderBody(bodyMd, await mediaBySlugs(trx, referencedMedia(bodyMd)));
  await trx.updateTable('articles').set({
    title,
    standfirst,
    seo_title: r.swap(a.seo_title, 'search and sharing title'),
    seo_description: r.swap(a.seo_description, 'search and sharing description'),
    lead_alt: r.swap(a.lead_alt, 'lead picture'),
    lead_caption: r.swap(a.lead_caption, 'lead picture'),
    lead_credit: r.swap(a.lead_credit, 'lead picture'),
    word_count: rendered.wordCount,
    updated_at: now,
  }).where('id', '=', articleId).execute();
  await trx.updateTable('article_bodies').set({ body_md: bodyMd, body_html: rendered.html, body_text: rendered.text }).where('article_id', '=', articleId).execute();
  return { title, standfirst, bodyMd, lastRevision: revisions.reduce((m, rev) => Math.max(m, rev.number), 0) };
}

/** The library texts of the lead picture and of the body's figures. Returns the slugs whose texts changed. */
async function redactMediaTexts(trx: Trx, r: Redactor, articleId: number): Promise<string[]> {
  const a = await trx
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['a.lead_media_id', 'b.body_md'])
    .where('a.id', '=', articleId)
    .executeTakeFirstOrThrow();
  const slugs = referencedMedia(a.body_md);
  let q = trx.selectFrom('media').select(['id', 'slug', 'alt', 'caption', 'credit']);
  q = a.lead_media_id ? q.where((eb) => eb.or([eb('id', '=', a.lead_media_id!), ...(slugs.length ? [eb('slug', 'in', slugs)] : [])])) : q.where('slug', 'in', slugs.length ? slugs : ['']);
  const changed: string[] = [];
  for (const m of await q.execute()) {
    const place = `texts of the library picture "${m.slug}"`;
    const texts = { alt: r.swap(m.alt, place), caption: r.swap(m.caption, place), credit: r.swap(m.credit, place) };
    if (texts.alt === m.alt && texts.caption === m.caption && texts.credit === m.credit) continue;
    await trx.updateTable('media').set(texts).where('id', '=', m.id).execute();
    changed.push(m.slug);
  }
  return changed;
}

/** A tag naming the passage is removed everywhere; its page and feeds answer 410. */
async function redactTags(trx: Trx, r: Redactor, articleId: number, now: string): Promise<void> {
  const tags = await trx
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.id', 'at.tag_id')
    .select(['t.id', 't.slug', 't.name'])
    .where('at.article_id', '=', articleId)
    .execute();
  for (const t of tags) {
    if (!r.inName(t.name, t.slug)) continue;
    await trx.deleteFrom('article_tags').where('tag_id', '=', t.id).execute();
    await trx.deleteFrom('tags').where('id', '=', t.id).execute();
    const paths = ['', '/feed.xml', '/atom.xml'].map((end) => `/tag/${t.slug}${end}`);
    // The tag's older names led to it, and the redirect would spell the new name in its Location.
    const older = await trx.selectFrom('redirects').select('from_path').where('to_path', 'in', paths).execute();
    for (const p of [...paths, ...older.map((o) => o.from_path)]) await retire(trx, p, now);
    r.note('a tag (removed from every article; its address now answers 410)');
  }
}

/** An address spelling the passage is retired (410), with every older one that does; the article moves. */
async function redactAddress(trx: Trx, r: Redactor, articleId: number, now: string): Promise<void> {
  if (!r.slugPart) return;
  const a = await trx.selectFrom('articles').select(['slug', 'path', 'published_at']).where('id', '=', articleId).executeTakeFirstOrThrow();
  const old = await trx.selectFrom('redirects').select('from_path').where('article_id', '=', articleId).execute();
  for (const { from_path } of old) {
    // Any segment, not only the last: imported addresses often end in a slash.
    if (from_path.split('/').some((segment) => segment && r.inName('', segment))) await retire(trx, from_path, now);
  }
  if (!r.inName('', a.slug)) return;
  const base = `-${a.slug}-`.replace(`-${r.slugPart}-`, '-redacted-').replace(/^-|-$/g, '') || 'redacted';
  let slug = base;
  for (let n = 2; await trx.selectFrom('articles').select('id').where('slug', '=', slug).where('id', '!=', articleId).executeTakeFirst(); n++) slug = `${base}-${n}`;
  const path = a.path && a.published_at ? articlePath(a.published_at, slug) : null;
  await trx.updateTable('articles').set({ slug, path }).where('id', '=', articleId).execute();
  if (a.path) {
    await retire(trx, a.path, now);
    await retire(trx, `${a.path}/history`, now);
  }
  r.note(`the address (now ${path ?? 'a new one'}; the old one answers 410)`);
}

/**
 * The old address answers 410. It is kept only as a hash: the address spells the
 * passage, and the redirects table must not keep what the redaction removed.
 */
async function retire(trx: Trx, path: string, now: string): Promise<void> {
  await trx.deleteFrom('redirects').where('from_path', '=', path).execute();
  await trx
    .insertInto('redirects')
    .values({ from_path: retiredPathKey(path), article_id: null, to_path: null, gone: 1, created_at: now })
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: null, to_path: null, gone: 1 }))
    .execute();
}
