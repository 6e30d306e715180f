import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A counter the database moves whenever a connection is inserted or deleted, or changes a column the
 * admin list filters by (status, provider, user_id, email): `connectedEmails` keeps each filter's
 * count with the version it was counted at and counts again only when the version moved (issue #15).
 * Triggers move it, so no write path (another process, a cascade, a direct insert) can miss it, and
 * a change becomes visible together with the new version when its transaction commits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connection_list_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('connection_list_version').values({ id: 1, version: 0 }).execute();
  const changed = (o: string, n: string) =>
    ['status', 'provider', 'user_id', 'email']
      .map((c) => `${o}.${c} IS DISTINCT FROM ${n}.${c}`)
      .join(' OR ');
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION bump_connection_list_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE connection_list_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER connections_list_version_rows AFTER INSERT OR DELETE ON connections
      FOR EACH STATEMENT EXECUTE FUNCTION bump_connection_list_version()`.execute(db);
    await sql
      .raw(
        `CREATE TRIGGER connections_list_version_update AFTER UPDATE ON connections FOR EACH ROW
         WHEN (${changed('OLD', 'NEW')}) EXECUTE FUNCTION bump_connection_list_version()`,
      )
      .execute(db);
    return;
  }
  const bump = 'UPDATE connection_list_version SET version = version + 1 WHERE id = 1;';
  for (const event of ['INSERT', 'DELETE'])
    await sql
      .raw(
        `CREATE TRIGGER connections_list_version_${event.toLowerCase()} AFTER ${event} ON connections
         BEGIN ${bump} END`,
      )
      .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER connections_list_version_update AFTER UPDATE ON connections
       WHEN ${changed('OLD', 'NEW').replaceAll('IS DISTINCT FROM', 'IS NOT')} BEGIN ${bump} END`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`DROP TRIGGER connections_list_version_update ON connections`.execute(db);
    await sql`DROP TRIGGER connections_list_version_rows ON connections`.execute(db);
    await sql`DROP FUNCTION bump_connection_list_version()`.execute(db);
  } else
    for (const name of ['insert', 'delete', 'update'])
      await sql.raw(`DROP TRIGGER connections_list_version_${name}`).execute(db);
  await db.schema.dropTable('connection_list_version').execute();
}
