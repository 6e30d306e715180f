import type { Kysely } from 'kysely';

/** The recipients a server refused while it accepted the others (a SENT email reports them per recipient). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('refused_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('refused_json').execute();
}
