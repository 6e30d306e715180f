import type { Kysely } from 'kysely';

/**
 * Repeats of an action people click again and again (resync, check now) are counted on one audit entry:
 * how many times, and when last. Paging the log newest first by (at, id) gets an index for its cursor.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('repeat_count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('audit_log').addColumn('last_at', 'text').execute();
  await db.schema.createIndex('audit_log_at_id').on('audit_log').columns(['at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_at_id').execute();
  await db.schema.alterTable('audit_log').dropColumn('last_at').execute();
  await db.schema.alterTable('audit_log').dropColumn('repeat_count').execute();
}
