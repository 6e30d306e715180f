import type { Selectable } from 'kysely';

export type OutboxStatus = 'QUEUED' | 'SENDING' | 'SENT' | 'FAILED';

/**
 * Every one-to-one email, persisted before any network work. A retried mutation with the same
 * (user, idempotency key) finds the row instead of creating a second one.
 */
export interface OutboxTable {
  id: string;
  user_id: string;
  connection_id: string;
  idempotency_key: string;
  status: OutboxStatus;
  /** JSON of the message to send: from, to, cc, bcc, subject, text, html, inReplyTo, references. */
  message_json: string;
  /** Fixed at enqueue: every attempt sends the same Message-ID, and replies are matched by it. */
  message_id: string;
  attempts: number;
  next_attempt_at: string;
  /** While SENDING: until when this worker owns the row. */
  lease_until: string | null;
  /** Why it failed, or the last temporary failure: JSON of a StoredError (stored-error.ts). */
  last_error_json: string | null;
  /** Once SENT: JSON of the RefusedRecipient[] the server refused while it accepted the others ([] or null: none). */
  refused_json: string | null;
  created_at: string;
  sent_at: string | null;
}
export type OutboxRow = Selectable<OutboxTable>;
