/**
 * The storage contract of IMAP sync. The gateway implements it over its database; providers never
 * touch a database. UIDVALIDITY and MODSEQ are unsigned 32/63-bit values, so they travel as decimal
 * strings (never JS numbers, which lose precision above 2^53).
 */

/** Where incremental sync of one folder resumes. */
export interface FolderState {
  path: string;
  /** UIDVALIDITY of the folder when its rows were synced (decimal string). */
  uidValidity: string;
  /** Every UID below this has been seen (fetched, quarantined, or outside the initial window). */
  uidNext: number;
  /** CONDSTORE HIGHESTMODSEQ (decimal string): every flag change up to it is stored. Null without CONDSTORE. */
  highestModseq: string | null;
}

export interface Address {
  name: string | null;
  /** As written in the message; the store lower-cases where it compares. */
  address: string;
}

/** The metadata of one message (bodies stay on the server). Unique per folder + uid. */
export interface SyncedMessage {
  folder: string;
  uid: number;
  /** Message-ID with angle brackets, e.g. "<abc@example.com>"; null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** Message-IDs of the References header, oldest first, with angle brackets. */
  references: string[];
  from: Address | null;
  to: Address[];
  cc: Address[];
  subject: string | null;
  /** The Date header as ISO 8601; null when the message has no Date header. */
  date: string | null;
  /** IMAP flags and keywords, e.g. ["\\Seen", "\\Answered", "$Forwarded"]. */
  flags: string[];
  /** Up to 200 characters of the text, whitespace collapsed; null when there is no text. */
  snippet: string | null;
  /** An automatic reply (out of office, vacation) by its headers: Auto-Submitted, X-Autoreply, X-Autorespond, Precedence. */
  autoReply?: boolean;
  /** For a delivery-status notification (multipart/report; report-type=delivery-status): the recipients it reports failed. */
  failedRecipients?: string[];
}

/** A message sync could not use (malformed headers, bad date...): recorded so it is visible, never retried. */
export interface QuarantinedMessage {
  folder: string;
  uid: number;
  reason: string;
}

export interface FlagUpdate {
  uid: number;
  flags: string[];
}

/** What a folder is to the account: the session that syncs it knows, the console shows it. */
export type FolderRole = 'INBOX' | 'SENT' | 'OTHER';

/** One unit of sync work for one folder. The store applies it in one transaction. */
export interface SyncBatch {
  folder: string;
  /** What the folder is to the account (kept with its state); absent: not told. */
  role?: FolderRole;
  /** The folder's state after this batch: saved in the same transaction as the rows, never before them. */
  state: FolderState;
  /** Insert or replace by (folder, uid). */
  upserts: SyncedMessage[];
  /** Replace the flags of rows the store holds; updates for UIDs it does not hold are ignored. */
  flagUpdates: FlagUpdate[];
  /** UIDs gone from the folder: delete their rows (and quarantine entries); unknown UIDs are ignored. */
  expunged: number[];
  /** Insert or replace by (folder, uid). */
  quarantined: QuarantinedMessage[];
  /**
   * First batch of a rebuild (no state, or UIDVALIDITY changed): before applying it, delete every row
   * and quarantine entry of this folder, so the old UIDs never mix with the new ones. Rows are
   * re-matched by Message-ID by the store where it keeps history (no CRM activity twice).
   */
  rebuild?: boolean;
}

/** What the store knows of one message, for servers without CONDSTORE/QRESYNC. */
export interface KnownMessage {
  uid: number;
  flags: string[];
}

/** Implemented by the gateway (one instance per connection/account). */
export interface SyncStore {
  getFolderState(path: string): Promise<FolderState | null>;
  /** Applies one batch atomically: rows and state together, or nothing. */
  saveBatch(batch: SyncBatch): Promise<void>;
  /**
   * UIDs and flags of the stored rows of a folder. Only read on servers without QRESYNC (to find
   * expunged messages) or without CONDSTORE (to find flag changes); QRESYNC servers never need it.
   */
  knownMessages(path: string): Promise<KnownMessage[]>;
}
