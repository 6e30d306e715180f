import type { Kysely } from 'kysely';
import { oneOf } from '../sql-check.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('folder_state')
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('uid_next', 'bigint', (c) => c.notNull())
    .addColumn('highest_modseq', 'text')
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('folder_state_pk', ['connection_id', 'path'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('uid', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('in_reply_to', 'text')
    .addColumn('references_json', 'text', (c) => c.notNull())
    .addColumn('from_json', 'text')
    .addColumn('to_json', 'text', (c) => c.notNull())
    .addColumn('cc_json', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('date', 'text')
    .addColumn('flags_json', 'text', (c) => c.notNull())
    .addColumn('snippet', 'text')
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messages_connection_folder_uid', ['connection_id', 'folder', 'uid'])
    .execute();
  await db.schema.createIndex('messages_message_id').on('messages').column('message_id').execute();

  await db.schema
    .createTable('quarantined_messages')
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('uid', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('quarantined_messages_pk', ['connection_id', 'folder', 'uid'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) =>
      c.notNull().references('contacts.id').onDelete('cascade'),
    )
    .addColumn('connection_id', 'text', (c) => c.references('connections.id').onDelete('set null'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(oneOf('type', ['SENT_ONE_TO_ONE', 'REPLY'])),
    )
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('snippet', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Exactly once: restarts, reconnects and UIDVALIDITY rebuilds re-read messages, never re-log them.
    .addUniqueConstraint('email_activities_once', ['contact_id', 'type', 'message_id'])
    .execute();
  await db.schema
    .createIndex('email_activities_message_id')
    .on('email_activities')
    .columns(['message_id', 'type'])
    .execute();
  await db.schema
    .createIndex('email_activities_contact_time')
    .on('email_activities')
    .columns(['contact_id', 'occurred_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'email_activities',
    'contacts',
    'quarantined_messages',
    'messages',
    'folder_state',
  ])
    await db.schema.dropTable(t).execute();
}
