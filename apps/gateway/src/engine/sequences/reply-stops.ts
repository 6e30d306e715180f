import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncomingMessage } from '../reply-logging.js';
import { recordEnrollmentEvent } from './enrollment-events.js';
import { parentsOf, type AnsweredEmails } from '../answered-emails.js';

/**
 * Ends the enrollments a synced message answers, as reply logging matches replies: by its
 * In-Reply-To/References against the Message-IDs of the sequence's emails, from the enrolled contact.
 * A reply ends the enrollment (REPLIED; a completed one too, so it counts in the reply rate); an
 * out-of-office auto-reply only when its sequence says so.
 * Runs inside the sync batch's transaction, so the enrollment is ended before the scheduler can queue
 * the next step (its queueing transaction requires the enrollment to be ACTIVE). Returns the enrollments
 * changed.
 */
export async function stopEnrollmentsOnReply(
  db: Kysely<Database>,
  message: IncomingMessage & { autoReply?: boolean },
): Promise<string[]> {
  if (!message.from) return [];
  const parents = parentsOf(message);
  if (parents.length === 0) return [];
  const sender = message.from.address.toLowerCase();
  const answered = await db
    .selectFrom('enrollment_events')
    .innerJoin('enrollments', 'enrollments.id', 'enrollment_events.enrollment_id')
    .innerJoin('contacts', 'contacts.id', 'enrollments.contact_id')
    .innerJoin('sequences', 'sequences.id', 'enrollments.sequence_id')
    .select([
      'enrollments.id',
      'enrollments.status',
      'enrollments.next_position',
      'sequences.stop_on_auto_reply',
    ])
    .where('enrollment_events.type', 'in', ['SCHEDULED', 'SENT'])
    .where('enrollment_events.message_id', 'in', parents)
    .where('contacts.email', '=', sender)
    .execute();
  const changed: string[] = [];
  const at = message.date ?? new Date().toISOString();
  for (const enrollment of new Map(answered.map((a) => [a.id, a])).values()) {
    const live = enrollment.status === 'ACTIVE' || enrollment.status === 'PAUSED';
    // A reply to the last step still counts as a reply (the reply rate); an auto-reply only while live.
    const answerable = live || (enrollment.status === 'COMPLETED' && !message.autoReply);
    if (!answerable) continue;
    // Re-reading a folder meets the same reply again: one event per reply.
    const seen = await db
      .selectFrom('enrollment_events')
      .select('id')
      .where('enrollment_id', '=', enrollment.id)
      .where('message_id', '=', message.messageId ?? '')
      .executeTakeFirst();
    if (seen) continue;
    const ends = !message.autoReply || enrollment.stop_on_auto_reply === 1;
    if (ends)
      await db
        .updateTable('enrollments')
        .set({
          status: message.autoReply ? 'UNENROLLED' : 'REPLIED',
          ended_at: at,
          next_run_at: null,
          pause_reason: null,
          pause_detail: null,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', enrollment.id)
        .execute();
    await recordEnrollmentEvent(db, {
      enrollment_id: enrollment.id,
      type: message.autoReply ? 'AUTO_REPLY' : 'REPLIED',
      message_id: message.messageId,
      detail: message.subject,
      at,
    });
    changed.push(enrollment.id);
  }
  return changed;
}

/**
 * stopEnrollmentsOnReply for a sync batch: `answered` is the batch's lookup of what its messages
 * answer (answered-emails.ts), so only the messages that answer a sequence email cost a query of their
 * own.
 */
export async function stopEnrollmentsOnReplies(
  db: Kysely<Database>,
  messages: readonly (IncomingMessage & { autoReply?: boolean })[],
  { sequenceEmails }: AnsweredEmails,
): Promise<string[]> {
  const changed: string[] = [];
  for (const message of messages) {
    if (parentsOf(message).some((id) => sequenceEmails.has(id)))
      changed.push(...(await stopEnrollmentsOnReply(db, message)));
  }
  return changed;
}

/**
 * Ends with BOUNCED the enrollments sent from this connection to an address a delivery-status
 * notification reports failed, once a step of theirs was handed to the outbox. In the sync batch's
 * transaction, like replies.
 */
export async function stopEnrollmentsOnBounce(
  db: Kysely<Database>,
  connectionId: string,
  message: { messageId: string | null; subject: string | null; date: string | null },
  failedRecipients: readonly string[],
): Promise<string[]> {
  if (failedRecipients.length === 0) return [];
  const bounced = await db
    .selectFrom('enrollments')
    .innerJoin('contacts', 'contacts.id', 'enrollments.contact_id')
    .select('enrollments.id')
    .where('enrollments.connection_id', '=', connectionId)
    .where('enrollments.status', 'in', ['ACTIVE', 'PAUSED'])
    .where(
      'contacts.email',
      'in',
      failedRecipients.map((r) => r.toLowerCase()),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('enrollment_events')
          .select('enrollment_events.id')
          .whereRef('enrollment_events.enrollment_id', '=', 'enrollments.id')
          .where('enrollment_events.type', 'in', ['SCHEDULED', 'SENT']),
      ),
    )
    .execute();
  const at = message.date ?? new Date().toISOString();
  for (const { id } of bounced) {
    await db
      .updateTable('enrollments')
      .set({
        status: 'BOUNCED',
        ended_at: at,
        next_run_at: null,
        pause_reason: null,
        pause_detail: null,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await recordEnrollmentEvent(db, {
      enrollment_id: id,
      type: 'BOUNCED',
      message_id: message.messageId,
      detail: message.subject,
      at,
    });
  }
  return bounced.map((b) => b.id);
}
