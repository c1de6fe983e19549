import type { Kysely, Transaction } from 'kysely';
import type { ChangeBus } from '../cache/change-bus.ts';
import { EVERYTHING } from '../cache/page-cache.ts';
import type { Db } from '../db/connection.ts';
import type { ArticleStatus, Database } from '../db/schema.ts';
import { slugify } from '../lib/slug.ts';
import { changeDeps, type PublicFacts } from './deps.ts';
import { claimVersion, EditConflict, nextVersion } from './edit-version.ts';
import { referencedMedia, renderBody } from './markdown.ts';
import { mediaBySlugs } from './store.ts';
import { type Actor, type ArticleFacts, bodyRefusal, bylineProblem, type EditorAction, goesOut, mayEdit, mayPublish, nextStatus, SYSTEM, WRITER_ROLES } from './workflow.ts';

export interface ArticleInput {
  title: string;
  slug?: string;
  standfirst: string;
  sectionId: number;
  authorIds: number[];
  tags: string[];
  bodyMd: string;
  leadMediaId?: number | null;
  leadAlt?: string | null;
  leadCaption?: string | null;
  leadCredit?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  commentsEnabled?: boolean;
  status: ArticleStatus;
  publishedAt?: string | null;
  createdBy?: number | null;
  reviewNote?: string | null;
  /** For a change to a published article: how readers should see it, and the public note. */
  revision?: { kind: 'update' | 'correction'; note: string; editorId: number | null };
}

/** What a person asks for in the editor: the article as they left it, and the button they pressed. */
export interface ArticleDraft extends Omit<ArticleInput, 'status' | 'publishedAt' | 'createdBy' | 'revision' | 'reviewNote'> {
  action: EditorAction;
  /** For "schedule": when. */
  publishAt?: string | null;
  change?: { kind: 'update' | 'correction'; note: string };
  /** For "send back": the note to the writer. */
  reviewNote?: string;
  /** The version the editor was loaded from (edit-version.ts): a save from an older one is refused. Absent: not checked. */
  baseVersion?: string;
}

/** Field names are the editor form's, so it can show each problem beside its field. */
export type DraftProblems = Partial<Record<'title' | 'slug' | 'section_id' | 'author_ids' | 'lead_media_id' | 'publish_at' | 'change_note' | 'body_md' | 'form', string>>;

export type SaveResult =
  | { ok: true; id: number; status: ArticleStatus; /** The version now stored, for the editor's next save. */ version: string }
  | { ok: false; refused: 'not-found' | 'not-yours' }
  | { ok: false; conflict: { current: string } }
  | { ok: false; problems: DraftProblems; /** What the renderer found in a body that may not go out with it (see bodyRefusal). */ bodyProblems?: string[] };

/**
 * One article in import mode: its dates, address and history come from
 * elsewhere (an old site, a backup), so they are kept as given.
 */
export interface ImportedArticle extends Omit<ArticleInput, 'revision' | 'slug'> {
  slug: string;
  /** When it was first published (kept, even in the past) and last changed. */
  publishedAt: string | null;
  updatedAt?: string;
  /** Earlier addresses that should lead here with one 301 (paths on this site). */
  oldPaths?: string[];
  /** The article an earlier import of the same item made: updated in place (a second run of an import). */
  id?: number;
  /** Tags by id, for an importer that made them itself (to keep the old site's tag addresses); else `tags` by name. */
  tagIds?: number[];
}

/** The public address of a published article: its first publication month and its slug. */
export function articlePath(publishedAt: string, slug: string): string {
  return `/${publishedAt.slice(0, 4)}/${publishedAt.slice(5, 7)}/${slug}`;
}

class SlugTaken extends Error {
  readonly slug: string;

  constructor(slug: string) {
    super(`The slug "${slug}" is already used by another article.`);
    this.slug = slug;
  }
}

/** Found while writing: the body may not go out as it is (bodyRefusal); the transaction is undone. */
class BodyProblems extends Error {
  readonly problems: string[];

  constructor(message: string, problems: string[]) {
    super(message);
    this.problems = problems;
  }
}

export interface ArticleServiceDeps {
  db: Db;
  changes: ChangeBus;
  /** Now, as ISO text; tests and imports may fix it. */
  now?: () => string;
}

/**
 * Writes to articles, and the rules for them: who may do what (workflow.ts),
 * honest bylines, references that exist; the rendered body, the address and the
 * redirects kept in step; a revision for every public change; and one change
 * message naming what readers could see change.
 */
export class ArticleService {
  private readonly db: Db;
  private readonly changes: ChangeBus;
  private readonly now: () => string;

  constructor(deps: ArticleServiceDeps) {
    this.db = deps.db;
    this.changes = deps.changes;
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** The facts the rules need about an existing article, or null. */
  async facts(id: number): Promise<(ArticleFacts & { publishedAt: string | null; reviewNote: string | null; path: string | null; version: string }) | null> {
    const a = await this.db.kysely.selectFrom('articles').select(['status', 'created_by', 'published_at', 'review_note', 'path', 'updated_at']).where('id', '=', id).executeTakeFirst();
    if (!a) return null;
    const authors = await this.db.kysely.selectFrom('article_authors').select('user_id').where('article_id', '=', id).orderBy('position').execute();
    return { status: a.status, createdBy: a.created_by, authorIds: authors.map((r) => r.user_id), publishedAt: a.published_at, reviewNote: a.review_note, path: a.path, version: a.updated_at };
  }

  /** What the editor's Save, Submit, Publish, Schedule, Send back and Unpublish do, for whoever presses them. */
  async save(actor: Actor, id: number | null, d: ArticleDraft): Promise<SaveResult> {
    const existing = id === null ? null : await this.facts(id);
    if (id !== null && !existing) return { ok: false, refused: 'not-found' };
    if (existing && !mayEdit(actor, existing)) return { ok: false, refused: 'not-yours' };
    // Changed by someone else since the form was loaded: nothing else matters until the writer has seen both.
    if (existing && d.baseVersion && d.baseVersion !== existing.version) return { ok: false, conflict: { current: existing.version } };
    const current: ArticleStatus = existing?.status ?? 'draft';
    const problems: DraftProblems = {};
    const status = nextStatus(d.action, current, actor, existing);
    if (typeof status === 'object') problems.form = status.refused;
    if (d.change?.kind === 'correction' && !d.change.note && current === 'published') {
      problems.change_note = 'Say what was corrected: readers see this note above the article.';
    }
    if (d.action === 'schedule') {
      if (!d.publishAt) problems.publish_at = 'Give a date and time to publish at.';
      else if (d.publishAt <= this.now()) problems.publish_at = 'Choose a time in the future, or publish now.';
    }
    Object.assign(problems, await this.referenceProblems(actor, d, existing));
    // Checked here so every problem is reported at once; write() checks again in its transaction.
    const bodyProblems = typeof status === 'object' ? [] : await this.bodyProblems(status, d.bodyMd);
    if (bodyProblems.length) problems.body_md = bodyRefusal(status as ArticleStatus, bodyProblems)!;
    if (Object.keys(problems).length || typeof status === 'object') return { ok: false, problems, ...(bodyProblems.length ? { bodyProblems } : {}) };
    const person = actor.kind === 'person' ? actor.id : null;
    const input: ArticleInput = {
      ...d,
      authorIds: d.authorIds.length ? d.authorIds : existing?.authorIds.length ? existing.authorIds : person ? [person] : [],
      status,
      publishedAt: status === 'scheduled' ? d.publishAt ?? null : existing?.publishedAt ?? null,
      createdBy: existing?.createdBy ?? person,
      revision: { kind: d.change?.kind ?? 'update', note: d.change?.note ?? '', editorId: person },
      reviewNote: d.action === 'send_back' ? d.reviewNote || 'Sent back without a note.' : status === 'draft' ? existing?.reviewNote ?? null : null,
    };
    try {
      const saved = await this.writeChecked(id, input, d.baseVersion);
      return { ok: true, id: saved.id, status, version: saved.version };
    } catch (err) {
      if (err instanceof EditConflict) return { ok: false, conflict: { current: err.current } };
      if (err instanceof SlugTaken) return { ok: false, problems: { slug: `${err.message} Choose another.` } };
      if (err instanceof BodyProblems) return { ok: false, problems: { body_md: err.message }, bodyProblems: err.problems };
      throw err;
    }
  }

  /** What the renderer finds wrong in a body that is to go out with this status (none for drafts). */
  private async bodyProblems(status: ArticleStatus, bodyMd: string): Promise<string[]> {
    if (!goesOut(status)) return [];
    return renderBody(bodyMd, await mediaBySlugs(this.db.kysely, referencedMedia(bodyMd))).warnings;
  }

  /**
   * A person's save: like create/update, but a body with problems does not go
   * out (checked where it is rendered), and one from a version no longer
   * stored is refused (checked where it is written).
   */
  private async writeChecked(id: number | null, input: ArticleInput, expectVersion?: string): Promise<{ id: number; version: string }> {
    const saved = await this.transaction((trx) => this.write(trx, id, input, { refuseBodyProblems: true, expectVersion }));
    await this.changes.changed(saved.deps);
    return saved;
  }

  /** Whether the actor may publish this article (or a new one): for the editor's buttons. */
  async mayPublish(actor: Actor, id: number | null): Promise<boolean> {
    return mayPublish(actor, id === null ? null : await this.facts(id));
  }

  /** What the draft names must exist, and its byline must be honest. */
  private async referenceProblems(actor: Actor, d: ArticleDraft, existing: ArticleFacts | null): Promise<DraftProblems> {
    const db = this.db.kysely;
    const problems: DraftProblems = {};
    const ids = [...new Set(d.authorIds)];
    if (ids.length) {
      const found = await db.selectFrom('users').select('id').where('id', 'in', ids).where('role', 'in', [...WRITER_ROLES]).execute();
      if (found.length !== ids.length) problems.author_ids = 'Choose the byline from the list of staff.';
    }
    const dishonest = problems.author_ids ? null : bylineProblem(actor, ids, existing);
    if (dishonest) problems.author_ids = dishonest;
    if (!(await db.selectFrom('sections').select('id').where('id', '=', d.sectionId).executeTakeFirst())) problems.section_id = 'Choose a section from the list.';
    if (d.leadMediaId != null && !(await db.selectFrom('media').select('id').where('id', '=', d.leadMediaId).executeTakeFirst())) {
      problems.lead_media_id = 'Choose the lead picture from the media library.';
    }
    return problems;
  }

  /** A write by the site itself (no person's rules apply): the demo, tests, the command line. */
  async create(input: ArticleInput): Promise<number> {
    const { id, deps } = await this.transaction((trx) => this.write(trx, null, input));
    await this.changes.changed(deps);
    return id;
  }

  async update(id: number, input: ArticleInput): Promise<void> {
    const { deps } = await this.transaction((trx) => this.write(trx, id, input));
    await this.changes.changed(deps);
  }

  /**
   * Import mode: articles from elsewhere (an old site, the demo, a backup) keep
   * their publication and update times (backdating), their slugs, and their old
   * addresses, which lead to the new ones. One change message for the whole
   * batch, however large. Returns the new ids in order.
   */
  async importArticles(items: ImportedArticle[], opts: { batchSize?: number; within?: Transaction<Database> } = {}): Promise<number[]> {
    const ids: number[] = [];
    const size = opts.batchSize ?? 200;
    const writeAll = async (trx: Transaction<Database>, batch: ImportedArticle[]) => {
      for (const item of batch) ids.push((await this.write(trx, item.id ?? null, { ...item, revision: undefined }, { imported: item })).id);
    };
    // Inside the caller's transaction (the demo loads everything at once), the caller announces the change after committing.
    if (opts.within) {
      await writeAll(opts.within, items);
      return ids;
    }
    for (let i = 0; i < items.length; i += size) await this.transaction((trx) => writeAll(trx, items.slice(i, i + size)));
    // Backdated articles change neighbours anywhere in the archive: everything is forgotten, once.
    if (ids.length) await this.changes.changed([EVERYTHING]);
    return ids;
  }

  /**
   * Publish every scheduled article whose time has come. The conditional update
   * is the claim: with several app servers, each article is published by exactly one.
   */
  async publishDue(now = this.now()): Promise<number[]> {
    const due = await this.db.kysely.selectFrom('articles').select('id').where('status', '=', 'scheduled').where('published_at', '<=', now).execute();
    const published: number[] = [];
    const deps = new Set<string>();
    for (const { id } of due) {
      if (await this.heldBack(id, now)) continue;
      const before = await publicFacts(this.db.kysely, id);
      // The claim and the publication's revision in one transaction: a server that dies between
      // them cannot leave a published article without the first entry of its history.
      const claimed = await this.transaction(async (trx) => {
        const r = await trx.updateTable('articles').set({ status: 'published', updated_at: now })
          .where('id', '=', id).where('status', '=', 'scheduled').executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await this.recordScheduledPublication(trx, id, now);
        return true;
      });
      if (claimed) {
        published.push(id);
        for (const d of changeDeps(before, { ...before!, published: true })) deps.add(d);
      }
    }
    await this.changes.changed(deps);
    return published;
  }

  /**
   * A scheduled article whose body no longer renders cleanly (a picture gone
   * from the library by some way around its in-use check) is not published
   * without it: it goes back to the drafts with a note saying why, where the
   * dashboard and the editor show it. The same conditional update is the claim.
   */
  private async heldBack(id: number, now: string): Promise<boolean> {
    const row = await this.db.kysely.selectFrom('article_bodies').select('body_md').where('article_id', '=', id).executeTakeFirst();
    const problems = await this.bodyProblems('published', row?.body_md ?? '');
    if (!problems.length) return false;
    const note = `Not published at its scheduled time: ${problems.join(' ')} Fix the body, then schedule or publish it again.`;
    await this.db.kysely.updateTable('articles').set({ status: 'draft', review_note: note, updated_at: now })
      .where('id', '=', id).where('status', '=', 'scheduled').execute();
    return true;
  }

  private transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.kysely.transaction().execute(work);
  }

  private async recordScheduledPublication(trx: Transaction<Database>, id: number, now: string): Promise<void> {
    const a = await trx
      .selectFrom('articles as a')
      .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
      .select(['a.title', 'a.standfirst', 'b.body_md', 'a.created_by'])
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    await recordRevision(trx, id, { title: a.title, standfirst: a.standfirst, bodyMd: a.body_md, createdBy: a.created_by }, now);
  }

  /** A slug typed by a person must be free; one made from the headline gets -2, -3… */
  private async slugFor(trx: Transaction<Database>, input: ArticleInput, id: number | null): Promise<string> {
    const taken = async (slug: string) => {
      let q = trx.selectFrom('articles').select('id').where('slug', '=', slug);
      if (id !== null) q = q.where('id', '!=', id);
      return Boolean(await q.executeTakeFirst());
    };
    const asked = input.slug?.trim();
    if (asked) {
      if (await taken(asked)) throw new SlugTaken(asked);
      return asked;
    }
    const base = slugify(input.title);
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await taken(slug))) return slug;
    }
  }

  private async write(
    trx: Transaction<Database>, id: number | null, input: ArticleInput,
    opts: { imported?: ImportedArticle; refuseBodyProblems?: boolean; expectVersion?: string } = {},
  ): Promise<{ id: number; deps: string[]; version: string }> {
    const existing = id === null
      ? undefined
      : await trx.selectFrom('articles').select(['path', 'published_at', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const now = opts.imported?.updatedAt ?? nextVersion(this.now(), existing?.updated_at);
    if (id !== null && opts.expectVersion) await claimVersion(trx, id, opts.expectVersion, now);
    const slug = await this.slugFor(trx, input, id);
    const rendered = renderBody(input.bodyMd, await mediaBySlugs(trx, referencedMedia(input.bodyMd)));
    const refusal = opts.refuseBodyProblems ? bodyRefusal(input.status, rendered.warnings) : null;
    if (refusal) throw new BodyProblems(refusal, rendered.warnings);
    const before = id === null ? null : await publicFacts(trx, id);
    const publishedAt = opts.imported ? opts.imported.publishedAt : publicationTime(input, existing, this.now());
    // Once an article has had an address it keeps its month; a new slug moves it within that month.
    const addressed = input.status === 'published' || input.status === 'scheduled' || Boolean(existing?.path);
    const path = publishedAt && addressed ? articlePath(existing?.path ? existing.published_at ?? publishedAt : publishedAt, slug) : null;
    const values = {
      slug,
      section_id: input.sectionId,
      status: input.status,
      title: input.title,
      standfirst: input.standfirst,
      word_count: rendered.wordCount,
      lead_media_id: input.leadMediaId ?? null,
      lead_alt: input.leadAlt ?? null,
      lead_caption: input.leadCaption ?? null,
      lead_credit: input.leadCredit ?? null,
      seo_title: input.seoTitle ?? null,
      seo_description: input.seoDescription ?? null,
      comments_enabled: input.commentsEnabled === false ? 0 : 1,
      path,
      published_at: publishedAt,
      review_note: input.reviewNote ?? null,
      updated_at: now,
    };
    let articleId: number;
    if (id === null) {
      const created = opts.imported?.publishedAt ?? now;
      const row = await trx
        .insertInto('articles')
        .values({ ...values, created_by: input.createdBy ?? null, created_at: created < now ? created : now })
        .returning('id')
        .executeTakeFirstOrThrow();
      articleId = row.id;
    } else {
      await trx.updateTable('articles').set(values).where('id', '=', id).execute();
      articleId = id;
      if (existing?.path && path && existing.path !== path) await addRedirect(trx, existing.path, articleId, now);
    }
    for (const old of opts.imported?.oldPaths ?? []) if (old !== path) await addRedirect(trx, old, articleId, now);
    const body = { body_md: input.bodyMd, body_html: rendered.html, body_text: rendered.text };
    await trx
      .insertInto('article_bodies')
      .values({ article_id: articleId, ...body })
      .onConflict((oc) => oc.column('article_id').doUpdateSet(body))
      .execute();
    await setAuthors(trx, articleId, input.authorIds);
    if (opts.imported?.tagIds) await setTagIds(trx, articleId, opts.imported.tagIds);
    else await setTags(trx, articleId, input.tags);
    // An imported article's first revision is its publication; a later import's change is dated when it changed.
    const revisedAt = opts.imported && id === null ? opts.imported.publishedAt ?? now : now;
    if (input.status === 'published') await recordRevision(trx, articleId, input, revisedAt);
    const after = await publicFacts(trx, articleId);
    return { id: articleId, deps: changeDeps(before, after!), version: now };
  }
}

/** The system acting: for writes that no person makes (kept for callers that only need the site's own authority). */
export const SITE = SYSTEM('site');

export async function publicFacts(db: Kysely<Database>, id: number): Promise<PublicFacts | null> {
  const a = await db.selectFrom('articles').select(['status', 'published_at', 'section_id']).where('id', '=', id).executeTakeFirst();
  if (!a) return null;
  const [tags, authors] = await Promise.all([
    db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).execute(),
    db.selectFrom('article_authors').select('user_id').where('article_id', '=', id).execute(),
  ]);
  return {
    id,
    published: a.status === 'published',
    publishedAt: a.published_at,
    sectionId: a.section_id,
    tagIds: tags.map((t) => t.tag_id),
    authorIds: authors.map((u) => u.user_id),
  };
}

/**
 * A published article keeps its first publication time; a scheduled one takes
 * the time asked for; publishing now stamps now.
 */
function publicationTime(input: ArticleInput, existing: { published_at: string | null; path: string | null } | undefined, now: string): string | null {
  if (input.status === 'scheduled') return input.publishedAt ?? null;
  if (input.status === 'published') return existing?.path && existing.published_at && existing.published_at <= now ? existing.published_at : (input.publishedAt && input.publishedAt <= now ? input.publishedAt : now);
  return existing?.published_at ?? input.publishedAt ?? null;
}

/**
 * Every save of a published article becomes a revision that stays: the first
 * is the publication itself, later ones are updates or corrections.
 */
async function recordRevision(
  trx: Transaction<Database>,
  articleId: number,
  input: Pick<ArticleInput, 'title' | 'standfirst' | 'bodyMd' | 'createdBy' | 'revision'>,
  now: string,
) {
  const last = await trx
    .selectFrom('article_revisions')
    .select(['number', 'title', 'standfirst', 'body_md'])
    .where('article_id', '=', articleId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  const unchanged = last && last.title === input.title && last.standfirst === input.standfirst && last.body_md === input.bodyMd;
  if (unchanged && !input.revision?.note) return;
  await trx
    .insertInto('article_revisions')
    .values({
      article_id: articleId,
      number: (last?.number ?? 0) + 1,
      kind: last ? input.revision?.kind ?? 'update' : 'published',
      note: last ? input.revision?.note ?? '' : '',
      editor_id: input.revision?.editorId ?? input.createdBy ?? null,
      title: input.title,
      standfirst: input.standfirst,
      body_md: input.bodyMd,
      created_at: now,
    })
    .execute();
}

async function addRedirect(trx: Kysely<Database>, fromPath: string, articleId: number, now: string) {
  await trx
    .insertInto('redirects')
    .values({ from_path: fromPath, article_id: articleId, to_path: null, created_at: now })
    .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: articleId, to_path: null, gone: 0 }))
    .execute();
}

async function setAuthors(trx: Kysely<Database>, articleId: number, authorIds: number[]) {
  await trx.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  const unique = [...new Set(authorIds)];
  if (unique.length) {
    await trx
      .insertInto('article_authors')
      .values(unique.map((user_id, position) => ({ article_id: articleId, user_id, position })))
      .execute();
  }
}

async function setTagIds(trx: Kysely<Database>, articleId: number, tagIds: number[]) {
  await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  const unique = [...new Set(tagIds)];
  if (unique.length) await trx.insertInto('article_tags').values(unique.map((tag_id) => ({ article_id: articleId, tag_id }))).execute();
}

async function setTags(trx: Kysely<Database>, articleId: number, names: string[]) {
  await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  const bySlug = new Map(names.map((n) => n.trim()).filter(Boolean).map((n) => [slugify(n), n]));
  for (const [slug, name] of bySlug) {
    await trx.insertInto('tags').values({ slug, name }).onConflict((oc) => oc.column('slug').doNothing()).execute();
    const tag = await trx.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await trx.insertInto('article_tags').values({ article_id: articleId, tag_id: tag.id }).execute();
  }
}
