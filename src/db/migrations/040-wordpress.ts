import type { Kysely } from 'kysely';

/**
 * What a WordPress import brought in (src/wordpress/): for each thing in the
 * export (an author, a category, a tag, an attachment, a post, a page, a
 * comment), the row it became here. A second run of the same import finds its
 * work done and adds nothing twice; `fingerprint` (a hash of the item as the
 * export had it) and `local_stamp` (the row's `updated_at` just after the
 * import wrote it) tell whether the item changed on WordPress since, and
 * whether anyone changed it here, so a re-import updates only what nobody
 * here has touched.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wordpress_ids')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('wp_key', 'text', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('fingerprint', 'text')
    .addColumn('local_stamp', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wordpress_ids_key', ['kind', 'wp_key'])
    .execute();
}
