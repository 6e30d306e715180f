import type { FolderRole } from '@inlet/providers';
import type { Selectable } from 'kysely';

/** Per connection and folder: where incremental sync resumes (IMAP UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ). */
export interface FolderStateTable {
  connection_id: string;
  path: string;
  /** Decimal strings: UIDVALIDITY and MODSEQ are unsigned 32/63-bit values. */
  uid_validity: string;
  uid_next: number;
  highest_modseq: string | null;
  message_count: number;
  last_synced_at: string;
  /** INBOX, SENT or OTHER; null for rows synced before sessions told (read as OTHER, INBOX by its name). */
  role: FolderRole | null;
}
export type FolderStateRow = Selectable<FolderStateTable>;

/** A folder that is not being synced (server refuses it, UIDVALIDITY keeps changing...), until it syncs again. */
export interface FolderErrorTable {
  connection_id: string;
  path: string;
  /** JSON of a StoredError (stored-error.ts), like connections.last_error_json. */
  error_json: string;
  updated_at: string;
}

/** Metadata of a synced message; bodies stay on the server. Unique per connection + folder + uid. */
export interface MessageTable {
  id: string;
  connection_id: string;
  folder: string;
  uid: number;
  message_id: string | null;
  in_reply_to: string | null;
  /** JSON array of Message-IDs. */
  references_json: string;
  /** JSON {name, address} or null. */
  from_json: string | null;
  to_json: string;
  cc_json: string;
  subject: string | null;
  date: string | null;
  flags_json: string;
  snippet: string | null;
  synced_at: string;
}
export type MessageRow = Selectable<MessageTable>;

export interface QuarantinedMessageTable {
  connection_id: string;
  folder: string;
  uid: number;
  reason: string;
  at: string;
}

export interface ContactTable {
  id: string;
  /** Lower-cased; one contact per address. */
  email: string;
  name: string | null;
  /** For the {{company}} template token. */
  company: string | null;
  created_at: string;
}
export type ContactRow = Selectable<ContactTable>;

export type ActivityType = 'SENT_ONE_TO_ONE' | 'REPLY';

/** The CRM timeline. (contact, type, message_id) is unique: a reply is logged once, whatever re-syncs. */
export interface EmailActivityTable {
  id: string;
  contact_id: string;
  connection_id: string | null;
  type: ActivityType;
  message_id: string;
  subject: string | null;
  snippet: string | null;
  occurred_at: string;
  created_at: string;
}
export type EmailActivityRow = Selectable<EmailActivityTable>;
