import type { TableInfo } from '../db/introspect.ts';

/**
 * What an archive leaves out, by rule. Every table the database has is
 * archived unless a rule here says otherwise, so a table a later feature adds
 * is in the next archive without anyone touching this folder; a new table
 * that holds secrets or short-lived state needs a line here (and in
 * docs/archive-format.md).
 */

/** Never archived: the schema's own bookkeeping and state that means nothing on another site. */
const NEVER: Record<string, string> = {
  kysely_migration: 'the record of migrations applied: the manifest lists them, and the importing site writes its own as it migrates',
  kysely_migration_lock: 'a lock held while migrations run',
  change_log: 'messages between running servers about what just changed, kept ten minutes',
  login_throttle: 'counts of failed sign-ins in the current quarter of an hour, keyed by the old site’s secret',
  job_timers: 'which of the old installation’s servers runs each timed job, and when it last ran',
  system_state: 'facts about the old installation (which store holds its media): the new one records its own',
  media_transfers: 'the record of a `samizdat media migrate` run on the old installation',
  wordpress_imports: 'the newsroom’s WordPress import runs on the old installation (their uploaded files stay there)',
};

/** Derived by triggers from other tables: rebuilt on import, never read from an archive. */
const DERIVED: Record<string, string> = {
  article_search: 'PostgreSQL’s search index, written by triggers from the articles',
};
const ENGINE_MANAGED = 'SQLite’s full-text search index (FTS5 tables and their shadow tables), written by triggers from the articles';

/** Archived only with --with-secrets. */
const SECRET_TABLES: Record<string, string> = {
  sessions: 'who is signed in (hashes of session tokens): with them, browsers stay signed in after the move',
  auth_tokens: 'unused sign-in, invitation and password-reset links (hashes): with them, links already mailed keep working',
  poll_voters: 'keyed hashes of who has voted in the polls still open: without the poll’s key they match no one',
  jobs: 'work queued for the servers, such as mail waiting to be sent, which may carry sign-in links',
};

/** Written as null unless --with-secrets. */
const SECRET_COLUMNS: Record<string, Record<string, string>> = {
  users: { password_hash: 'staff passwords (argon2id hashes): without them, staff set new passwords through reset links' },
  polls: { secret: 'the key of an open poll’s voter hashes: without it an open poll takes no more votes, since nothing could stop a second vote' },
};

/**
 * server_keys holds the server's secret (keying form tokens and every hash
 * that stands in for an address, a guest's email or a guest's browser) and the
 * versions of the renderers that wrote the stored HTML. The versions travel
 * always, so the new site knows which bodies to render again; the secret only
 * with --with-secrets.
 */
const keepServerKey = (name: unknown) => typeof name === 'string' && name.endsWith('_version');
const SERVER_SECRET = 'the site’s secret key: without it, hashes made with it (guests’ bans and mail opt-outs, guests’ rights to edit their comments, form tokens) match nothing on the new site';

/** Tables the migrations fill themselves: the archive's rows replace the site's, by primary key. */
export const REPLACED_ON_IMPORT = new Set(['server_keys']);

export interface TablePlan {
  table: TableInfo;
  /** Columns written as null, and why. */
  nulled: { column: string; why: string }[];
  /** Rows kept (all when absent). */
  keepRow?: (row: Record<string, unknown>) => boolean;
}

export interface ArchivePlan {
  tables: TablePlan[];
  leftOut: { what: string; why: string }[];
}

/** Why a table is never read from an archive, or null when it is archived (with or without secrets). */
export function derivedOrNever(t: TableInfo): string | null {
  if (t.engineManaged) return ENGINE_MANAGED;
  return DERIVED[t.name] ?? NEVER[t.name] ?? null;
}

export function planArchive(tables: TableInfo[], withSecrets: boolean): ArchivePlan {
  const leftOut: ArchivePlan['leftOut'] = [];
  const planned: TablePlan[] = [];
  const managed = tables.filter((t) => t.engineManaged).map((t) => t.name);
  if (managed.length) leftOut.push({ what: `tables ${managed.join(', ')}`, why: ENGINE_MANAGED });
  for (const t of tables) {
    const never = derivedOrNever(t);
    if (never) {
      if (!t.engineManaged) leftOut.push({ what: `table ${t.name}`, why: never });
      continue;
    }
    if (SECRET_TABLES[t.name] && !withSecrets) {
      leftOut.push({ what: `table ${t.name}`, why: SECRET_TABLES[t.name] });
      continue;
    }
    const secret = withSecrets ? {} : (SECRET_COLUMNS[t.name] ?? {});
    const nulled = t.columns.filter((c) => secret[c.name]).map((c) => ({ column: c.name, why: secret[c.name] }));
    const plan: TablePlan = { table: t, nulled };
    if (t.name === 'server_keys' && !withSecrets) {
      plan.keepRow = (row) => keepServerKey(row.name);
      leftOut.push({ what: 'server_keys rows other than *_version', why: SERVER_SECRET });
    }
    planned.push(plan);
  }
  return { tables: inReferenceOrder(planned), leftOut };
}

/**
 * Tables ordered so that each comes after every table it refers to: rows can
 * be inserted in this order with the foreign keys checked as they go. A
 * table's references to itself (a reply's parent) are left to the importer.
 */
export function inReferenceOrder<T extends { table: TableInfo }>(items: T[]): T[] {
  const byName = new Map(items.map((i) => [i.table.name, i]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (item: T) => {
    const name = item.table.name;
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`tables refer to each other in a circle through ${name}: the archive cannot order them`);
    visiting.add(name);
    for (const fk of item.table.foreignKeys) {
      const dep = byName.get(fk.table);
      if (dep && fk.table !== name) visit(dep);
    }
    visiting.delete(name);
    done.add(name);
    out.push(item);
  };
  for (const i of [...items].sort((a, b) => a.table.name.localeCompare(b.table.name))) visit(i);
  return out;
}
