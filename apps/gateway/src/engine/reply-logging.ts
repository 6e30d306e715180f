import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EmailActivityRow } from '../db/tables/sync.table.js';

export interface IncomingMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
  from: { name?: string | null; address: string } | null;
  subject: string | null;
  snippet: string | null;
  date: string | null;
}

/** Finds or creates the contact for an address (lower-cased, one contact per address). */
export async function contactFor(
  db: Kysely<Database>,
  address: string,
  name: string | null,
): Promise<string> {
  const email = address.trim().toLowerCase();
  await db
    .insertInto('contacts')
    .values({ id: randomUUID(), email, name, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Logs a message that replies to an email sent from the CRM as a REPLY on the matching contacts:
 * those the original went to, narrowed to the sender when the sender is one of them. Runs inside the
 * sync batch's transaction; the unique (contact, type, message_id) key makes it exactly once.
 * Returns the activities created now (none when they existed already).
 */
export async function logReply(
  db: Kysely<Database>,
  connectionId: string,
  message: IncomingMessage,
): Promise<EmailActivityRow[]> {
  if (!message.messageId || !message.from) return [];
  const parents = [message.inReplyTo, ...message.references].filter((id): id is string =>
    Boolean(id),
  );
  if (parents.length === 0) return [];
  const sent = await db
    .selectFrom('email_activities')
    .innerJoin('contacts', 'contacts.id', 'email_activities.contact_id')
    .select(['email_activities.contact_id', 'contacts.email'])
    .where('email_activities.type', '=', 'SENT_ONE_TO_ONE')
    .where('email_activities.message_id', 'in', parents)
    .execute();
  if (sent.length === 0) return [];
  const sender = message.from.address.toLowerCase();
  const fromSender = sent.filter((s) => s.email === sender);
  const contactIds = [
    ...new Set((fromSender.length > 0 ? fromSender : sent).map((s) => s.contact_id)),
  ];

  const created: EmailActivityRow[] = [];
  const now = new Date().toISOString();
  for (const contactId of contactIds) {
    const row: EmailActivityRow = {
      id: randomUUID(),
      contact_id: contactId,
      connection_id: connectionId,
      type: 'REPLY',
      message_id: message.messageId,
      subject: message.subject,
      snippet: message.snippet,
      occurred_at: message.date ?? now,
      created_at: now,
    };
    const result = await db
      .insertInto('email_activities')
      .values(row)
      .onConflict((oc) => oc.columns(['contact_id', 'type', 'message_id']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) created.push(row);
  }
  return created;
}
