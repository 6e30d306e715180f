import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EmailActivityRow } from '../db/tables/sync.table.js';
import { parentsOf, type AnsweredEmails } from './answered-emails.js';

export interface IncomingMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
  from: { name?: string | null; address: string } | null;
  subject: string | null;
  snippet: string | null;
  date: string | null;
}

/** Activity rows per INSERT (9 columns each). */
const INSERT_CHUNK = 500;

/**
 * The name a message's display name gives its sender ("Dana Customer" of "Dana Customer
 * <dana@example.com>"), or null when it names nothing more than the address.
 */
export function displayNameOf(
  sender: { name?: string | null; address: string } | null | undefined,
): string | null {
  const name =
    sender?.name
      ?.replace(/\s+/g, ' ')
      .trim()
      .replace(/^["']+|["']+$/g, '') ?? '';
  if (name === '' || name.includes('@')) return null;
  return name.slice(0, 200);
}

/**
 * Finds or creates the contact for an address (lower-cased, one contact per address). A contact
 * whose name is not known yet learns `name`; a known name is never replaced.
 */
export async function contactFor(
  db: Kysely<Database>,
  address: string,
  name: string | null,
): Promise<string> {
  const email = address.trim().toLowerCase();
  await db
    .insertInto('contacts')
    .values({ id: randomUUID(), email, name, created_at: new Date().toISOString() })
    .onConflict((oc) =>
      name === null
        ? oc.column('email').doNothing()
        : oc
            .column('email')
            .doUpdateSet({ name: sql<string | null>`coalesce(contacts.name, excluded.name)` }),
    )
    .execute();
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Logs the messages of a sync batch that reply to an email sent from the CRM as REPLY activities on
 * the matching contacts: those the original went to, narrowed to the sender when the sender is one of
 * them. `answered` is the batch's lookup of what its messages answer (answered-emails.ts), so this adds
 * at most one INSERT of the replies. Runs inside the batch's transaction; the unique (contact, type,
 * message_id) key makes it exactly once. Returns the activities created now (none when they existed
 * already).
 */
export async function logReplies(
  db: Kysely<Database>,
  connectionId: string,
  messages: readonly IncomingMessage[],
  { sentBy }: AnsweredEmails,
): Promise<EmailActivityRow[]> {
  if (sentBy.size === 0) return [];
  const candidates = messages.flatMap((message) => {
    if (!message.messageId || !message.from) return [];
    const parents = [...new Set(parentsOf(message))];
    return parents.length > 0 ? [{ message, parents }] : [];
  });
  if (candidates.length === 0) return [];

  const now = new Date().toISOString();
  const rows: EmailActivityRow[] = [];
  const seen = new Set<string>();
  /** Contacts that replied themselves, with the name their message gives them. */
  const learnedNames = new Map<string, string>();
  for (const { message, parents } of candidates) {
    const sent = parents.flatMap((p) => sentBy.get(p) ?? []);
    if (sent.length === 0) continue;
    const sender = message.from!.address.toLowerCase();
    const fromSender = sent.filter((s) => s.email === sender);
    const senderName = displayNameOf(message.from);
    if (senderName) for (const s of fromSender) learnedNames.set(s.contact_id, senderName);
    for (const contactId of new Set(
      (fromSender.length > 0 ? fromSender : sent).map((s) => s.contact_id),
    )) {
      // A second message with the same Message-ID in this batch is a no-op, as its INSERT would be.
      const key = `${contactId}\n${message.messageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        id: randomUUID(),
        contact_id: contactId,
        connection_id: connectionId,
        type: 'REPLY',
        message_id: message.messageId!,
        subject: message.subject,
        snippet: message.snippet,
        occurred_at: message.date ?? now,
        created_at: now,
      });
    }
  }

  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const result = await db
      .insertInto('email_activities')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['contact_id', 'type', 'message_id']).doNothing())
      .returning('id')
      .execute();
    for (const r of result) inserted.add(r.id);
  }
  // A contact first written to by address alone ("dana@…") takes the name its reply signs with.
  for (const [contactId, name] of learnedNames) {
    await db
      .updateTable('contacts')
      .set({ name })
      .where('id', '=', contactId)
      .where('name', 'is', null)
      .execute();
  }
  return rows.filter((r) => inserted.has(r.id));
}
