import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { GatewayServices } from '../../src/gateway-services.js';
import type { ConnectionRow } from '../../src/db/tables/connection.table.js';
import type { EnrollmentRow } from '../../src/db/tables/sequence.table.js';
import type { ImapSettings } from '@inlet/providers/imap';
import { storeSecret } from '../../src/vault/secret-store.js';
import { newConnectionRow } from '../../src/modules/connection/save-connection.js';
import { newEnrollmentRow } from '../../src/modules/sequences/enrollment.service.js';

/** Rows as the product leaves them, inserted directly: for tests and benchmarks that need many. */

/** A user row without a password (never signed in). */
export async function insertBenchUser(
  services: GatewayServices,
  email: string,
  role: 'USER' | 'ADMIN' | 'SUPER_ADMIN' = 'USER',
): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await services.db
    .insertInto('users')
    .values({
      id,
      email,
      name: email.split('@')[0]!,
      role,
      seat: 'FULL',
      password_hash: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export function imapSettings(username: string, port: number, host = '127.0.0.1'): ImapSettings {
  return {
    username,
    imap: { host, port, security: 'SSL_TLS' },
    smtp: { host, port: 1, security: 'STARTTLS' },
    smtpSameCredentials: true,
    smtpUsername: null,
    trustAnyCertificate: false,
    allowLegacyTls: false,
    pinnedCertificates: { imap: null, smtp: null },
    inboxPath: 'INBOX',
    sentFolder: 'Sent',
    inboxAutomation: false,
  };
}

/** A connection row as a saved connection leaves it: IMAP, CONNECTING, created now, unless `fields` say otherwise. */
export async function insertConnection(
  services: GatewayServices,
  userId: string,
  email: string,
  fields: Partial<ConnectionRow> = {},
): Promise<ConnectionRow> {
  const row: ConnectionRow = {
    ...newConnectionRow({ user_id: userId, email, provider: 'IMAP', settings_json: '{}' }),
    ...fields,
  };
  await services.db.insertInto('connections').values(row).execute();
  return row;
}

/** A saved IMAP connection (row + encrypted password), as connectImap leaves it for the supervisor. */
export async function insertImapConnection(
  services: GatewayServices,
  userId: string,
  email: string,
  password: string,
  port: number,
  status: ConnectionRow['status'] = 'CONNECTING',
  host = '127.0.0.1',
): Promise<ConnectionRow> {
  const row = await insertConnection(services, userId, email, {
    settings_json: JSON.stringify(imapSettings(email, port, host)),
    status,
  });
  await storeSecret(services.db, services.vault, row.id, 'password', password);
  return row;
}

/**
 * A sequence owned by `userId`, sent from `connectionId` at any hour of any day, with one step per
 * `delaysInHours` entry (subject and body use the {{email}} and {{sender.email}} tokens); its id.
 */
export async function insertSequence(
  db: Kysely<Database>,
  userId: string,
  connectionId: string,
  delaysInHours: number[],
  name = `Sequence ${randomUUID().slice(0, 8)}`,
): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await db
    .insertInto('sequences')
    .values({
      id,
      owner_user_id: userId,
      name,
      shared: 0,
      connection_id: connectionId,
      time_zone: 'UTC',
      window_start_minute: 0,
      window_end_minute: 1440,
      business_days_only: 0,
      stop_on_auto_reply: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('sequence_steps')
    .values(
      delaysInHours.map((delay, position) => ({
        id: randomUUID(),
        sequence_id: id,
        position,
        subject: `Step ${position} for {{email}}`,
        body: 'Hi, this is {{sender.email}}.',
        delay_amount: delay,
        delay_unit: 'HOURS' as const,
        reply_in_thread: 0,
      })),
    )
    .execute();
  return id;
}

/** An ACTIVE enrollment at its first step, due at `nextRunAt`, nothing sent yet (the row enrolling leaves). */
export function activeEnrollmentRow(
  inbox: { userId: string; connectionId: string; sequenceId: string },
  contactId: string,
  nextRunAt: string,
  now = new Date().toISOString(),
): EnrollmentRow {
  return newEnrollmentRow(
    {
      sequence_id: inbox.sequenceId,
      contact_id: contactId,
      user_id: inbox.userId,
      connection_id: inbox.connectionId,
      next_position: 0,
      next_run_at: nextRunAt,
    },
    now,
  );
}
