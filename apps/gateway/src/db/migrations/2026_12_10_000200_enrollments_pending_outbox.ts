import { sql, type Kysely } from 'kysely';

/**
 * Each scheduler pass looks for the enrollments whose step the outbox has finished: an index on the
 * outbox row an enrollment waits for, over those that wait (a few among thousands of enrollments),
 * instead of a scan of every enrollment per pass.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('enrollments_pending_outbox')
    .on('enrollments')
    .column('pending_outbox_id')
    .where(sql.ref('pending_outbox_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('enrollments_pending_outbox').execute();
}
