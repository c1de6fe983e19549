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
}

export async function listStaff(db: Db): Promise<{ active: StaffMember[]; bylineOnly: StaffMember[] }> {
  const rows = await db.kysely
    .selectFrom('users')
    .select(['id', 'name', 'slug', 'email', 'role', 'created_at'])
    .where('role', '!=', 'reader')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { active: rows.filter((r) => r.email !== null), bylineOnly: rows.filter((r) => r.email === null) };
}

export type StaffChange = 'ok' | 'not_found' | 'last_owner';

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
    .select(['id', 'role', 'email'])
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
