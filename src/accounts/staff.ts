import type { Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database, Role } from '../db/schema.ts';
import type { StaffRole } from './capabilities.ts';

/**
 * The staff list, role changes and removal.
 *
 * A person "can sign in" while their row has an email address. Removing someone
 * keeps their row — name, slug, bio, portrait and role — so their byline, their
 * author page and the editor's author list keep working, but clears the email
 * address and the password hash and ends their sessions and pending links. That
 * is the same state as the demo's people: bylines without an account.
 */

export interface StaffMember {
  id: number;
  name: string;
  slug: string;
  email: string | null;
  role: Role;
  created_at: string;
  /** Set while an owner has suspended them: they cannot sign in. */
  suspended_at: string | null;
}

export async function listStaff(db: Db): Promise<{ active: StaffMember[]; bylineOnly: StaffMember[] }> {
  const rows = await db.kysely
    .selectFrom('users')
    .select(['id', 'name', 'slug', 'email', 'role', 'created_at', 'suspended_at'])
    .where('role', '!=', 'reader')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { active: rows.filter((r) => r.email !== null), bylineOnly: rows.filter((r) => r.email === null) };
}

export type StaffChange = 'ok' | 'not_found' | 'last_owner' | 'suspended';

/**
 * Runs a change with the owners who can sign in. On PostgreSQL their rows are
 * locked, so two owners demoting each other at the same moment cannot leave the
 * site without one; SQLite runs one writing transaction at a time anyway.
 */
async function withOwners<T>(db: Db, fn: (trx: Transaction<Database>, ownerIds: number[]) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(async (trx) => {
    let q = trx.selectFrom('users').select('id').where('role', '=', 'owner').where('email', 'is not', null);
    if (db.dialect === 'postgres') q = q.forUpdate();
    const owners = await q.execute();
    return fn(trx, owners.map((o) => o.id));
  });
}

function activeStaff(trx: Transaction<Database>, userId: number) {
  return trx
    .selectFrom('users')
    .select(['id', 'role', 'email', 'suspended_at'])
    .where('id', '=', userId)
    .where('role', '!=', 'reader')
    .where('email', 'is not', null)
    .executeTakeFirst();
}

/** Takes effect on the person's next request: sessions read the role afresh each time. */
export async function changeStaffRole(db: Db, userId: number, role: StaffRole): Promise<StaffChange> {
  return withOwners(db, async (trx, owners) => {
    const target = await activeStaff(trx, userId);
    if (!target) return 'not_found';
    if (target.role === role) return 'ok';
    // A suspended owner would be an owner nobody can reach: reinstate them first.
    if (role === 'owner' && target.suspended_at) return 'suspended';
    if (role !== 'owner' && owners.length === 1 && owners[0] === userId) return 'last_owner';
    await trx.updateTable('users').set({ role }).where('id', '=', userId).execute();
    return 'ok';
  });
}

/** Ends every way in (sessions, password, email, pending links and invitations they sent); keeps the byline. */
export async function removeStaff(db: Db, userId: number): Promise<StaffChange> {
  return withOwners(db, async (trx, owners) => {
    const target = await activeStaff(trx, userId);
    if (!target) return 'not_found';
    if (owners.length === 1 && owners[0] === userId) return 'last_owner';
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx
      .deleteFrom('auth_tokens')
      .where('used_at', 'is', null)
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('email', '=', target.email!), eb('created_by', '=', userId)]))
      .execute();
    await trx.updateTable('users').set({ email: null, password_hash: null }).where('id', '=', userId).execute();
    return 'ok';
  });
}

export type Suspension = 'ok' | 'not_found' | 'owner';

/**
 * Suspends a member at once: their sessions and unused reset links end in the
 * same transaction, and sign-in refuses them until they are reinstated. Their
 * bylines, author page and profile stay. An owner is never suspended (change
 * their role first), so the site always keeps an owner who can sign in.
 */
export async function suspendStaff(db: Db, userId: number, now: string): Promise<Suspension> {
  return withOwners(db, async (trx) => {
    const target = await activeStaff(trx, userId);
    if (!target) return 'not_found';
    if (target.role === 'owner') return 'owner';
    await trx.updateTable('users').set({ suspended_at: now }).where('id', '=', userId).where('suspended_at', 'is', null).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('auth_tokens').where('user_id', '=', userId).where('purpose', '=', 'reset').where('used_at', 'is', null).execute();
    return 'ok';
  });
}

export async function reinstateStaff(db: Db, userId: number): Promise<'ok' | 'not_found'> {
  const r = await db.kysely
    .updateTable('users')
    .set({ suspended_at: null })
    .where('id', '=', userId)
    .where('role', '!=', 'reader')
    .where('email', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) ? 'ok' : 'not_found';
}

export type Transfer = 'ok' | 'not_owner' | 'not_eligible';

class TransferRefused extends Error {}

/**
 * Hands the site over: `to` becomes owner and `from` becomes an editor, in one
 * transaction. The first write is the claim — `from` stops being owner only if
 * it still is one — so of two transfers by the same owner at the same moment,
 * one goes through and the other finds no ownership left to give; a target that
 * cannot take it (suspended, removed, already an owner) undoes the claim. The
 * number of owners is the same before and after.
 */
export async function transferOwnership(db: Db, from: number, to: number): Promise<Transfer> {
  try {
    return await withOwners(db, async (trx, owners) => {
      if (from === to || !owners.includes(from)) return 'not_owner';
      const claimed = await trx.updateTable('users').set({ role: 'editor' }).where('id', '=', from).where('role', '=', 'owner').executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return 'not_owner';
      const promoted = await trx
        .updateTable('users')
        .set({ role: 'owner' })
        .where('id', '=', to)
        .where('role', 'in', ['editor', 'author', 'contributor', 'moderator'])
        .where('email', 'is not', null)
        .where('suspended_at', 'is', null)
        .executeTakeFirst();
      if (Number(promoted.numUpdatedRows) !== 1) throw new TransferRefused();
      return 'ok';
    });
  } catch (err) {
    if (err instanceof TransferRefused) return 'not_eligible';
    throw err;
  }
}
