import type { Kysely } from 'kysely';
import { oneOf } from '../sql-check.js';

/** Sequences: timed series of one-to-one emails, their steps, who is enrolled and what happened to them. */
export async function up(db: Kysely<any>): Promise<void> {
  // Template tokens such as {{company}} read it; the name gives {{first_name}} and {{last_name}}.
  await db.schema.alterTable('contacts').addColumn('company', 'text').execute();

  await db.schema
    .createTable('sequences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_user_id', 'text', (c) =>
      c.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('connection_id', 'text', (c) => c.references('connections.id').onDelete('set null'))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('window_start_minute', 'integer', (c) => c.notNull())
    .addColumn('window_end_minute', 'integer', (c) => c.notNull())
    .addColumn('business_days_only', 'integer', (c) => c.notNull())
    .addColumn('stop_on_auto_reply', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sequences_owner')
    .on('sequences')
    .columns(['owner_user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('sequence_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence_id', 'text', (c) =>
      c.notNull().references('sequences.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('delay_amount', 'integer', (c) => c.notNull())
    .addColumn('delay_unit', 'text', (c) =>
      c.notNull().check(oneOf('delay_unit', ['BUSINESS_DAYS', 'HOURS'])),
    )
    .addColumn('reply_in_thread', 'integer', (c) => c.notNull())
    .addUniqueConstraint('sequence_steps_position', ['sequence_id', 'position'])
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence_id', 'text', (c) =>
      c.notNull().references('sequences.id').onDelete('cascade'),
    )
    .addColumn('contact_id', 'text', (c) =>
      c.notNull().references('contacts.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('connections.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          oneOf('status', [
            'ACTIVE',
            'PAUSED',
            'COMPLETED',
            'REPLIED',
            'BOUNCED',
            'UNENROLLED',
            'FAILED',
          ]),
        ),
    )
    .addColumn('pause_reason', 'text')
    .addColumn('pause_detail', 'text')
    .addColumn('next_position', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', 'text')
    .addColumn('pending_outbox_id', 'text')
    .addColumn('last_sent_at', 'text')
    .addColumn('thread_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('enrollments_due')
    .on('enrollments')
    .columns(['status', 'next_run_at'])
    .execute();
  await db.schema
    .createIndex('enrollments_contact')
    .on('enrollments')
    .columns(['contact_id', 'user_id', 'status'])
    .execute();
  // A contact is in at most one active (or paused) sequence of the same user.
  await db.schema
    .createIndex('enrollments_one_active')
    .on('enrollments')
    .columns(['contact_id', 'user_id'])
    .unique()
    .where(oneOf('status', ['ACTIVE', 'PAUSED']))
    .execute();
  await db.schema
    .createIndex('enrollments_sequence')
    .on('enrollments')
    .columns(['sequence_id', 'status'])
    .execute();

  await db.schema
    .createTable('enrollment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrollment_id', 'text', (c) =>
      c.notNull().references('enrollments.id').onDelete('cascade'),
    )
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('position', 'integer')
    .addColumn('message_id', 'text')
    .addColumn('code', 'text')
    .addColumn('detail', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('enrollment_events_enrollment')
    .on('enrollment_events')
    .columns(['enrollment_id', 'at'])
    .execute();
  // Replies find the sequence email they answer by its Message-ID.
  await db.schema
    .createIndex('enrollment_events_message')
    .on('enrollment_events')
    .column('message_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enrollment_events').execute();
  await db.schema.dropTable('enrollments').execute();
  await db.schema.dropTable('sequence_steps').execute();
  await db.schema.dropTable('sequences').execute();
  await db.schema.alterTable('contacts').dropColumn('company').execute();
}
