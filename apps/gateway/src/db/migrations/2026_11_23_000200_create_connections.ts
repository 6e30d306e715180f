import type { Kysely } from 'kysely';
import { oneOf } from '../sql-check.js';

const statuses = [
  'CONNECTING',
  'SYNCING',
  'CONNECTED',
  'RETRYING',
  'NEEDS_REAUTH',
  'ERROR',
  'DISABLED',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['PERSONAL', 'TEAM'])))
    .addColumn('provider', 'text', (c) =>
      c.notNull().check(oneOf('provider', ['IMAP', 'EXCHANGE', 'GMAIL', 'MICROSOFT_365'])),
    )
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', statuses)))
    .addColumn('last_error_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_synced_at', 'text')
    .execute();
  await db.schema.createIndex('connections_user_id').on('connections').column('user_id').execute();

  await db.schema
    .createTable('connection_secrets')
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) =>
      c.notNull().check(oneOf('name', ['password', 'smtp_password', 'oauth_tokens'])),
    )
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connection_secrets_pk', ['connection_id', 'name'])
    .execute();

  await db.schema
    .createTable('connection_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', statuses)))
    .addColumn('code', 'text')
    .addColumn('message', 'text')
    .addColumn('step', 'text')
    .execute();
  await db.schema
    .createIndex('connection_events_connection_at')
    .on('connection_events')
    .columns(['connection_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['connection_events', 'connection_secrets', 'connections'])
    await db.schema.dropTable(table).execute();
}
