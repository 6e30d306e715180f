import type { Selectable } from 'kysely';

export type DelayUnit = 'BUSINESS_DAYS' | 'HOURS';

/** A timed series of one-to-one emails; owned by a user, optionally shared with the workspace. */
export interface SequenceTable {
  id: string;
  owner_user_id: string;
  name: string;
  /** 1: every user of the workspace may read it and enroll their contacts. */
  shared: number;
  /** The connected inbox that sends, for its owner's enrollments; null once that connection is removed. */
  connection_id: string | null;
  /** IANA time zone of the sender: the send window and business days are read in it. */
  time_zone: string;
  /** Send window, minutes after local midnight: [start, end). */
  window_start_minute: number;
  window_end_minute: number;
  /** 1: send on Monday to Friday only. */
  business_days_only: number;
  /** 1: an out-of-office auto-reply ends the enrollment too. */
  stop_on_auto_reply: number;
  created_at: string;
  updated_at: string;
}
export type SequenceRow = Selectable<SequenceTable>;

/** One email of a sequence; `position` starts at 0. The delay runs from the previous step's send time. */
export interface SequenceStepTable {
  id: string;
  sequence_id: string;
  position: number;
  subject: string;
  body: string;
  delay_amount: number;
  delay_unit: DelayUnit;
  /** 1: sent as a reply to the previous step (In-Reply-To/References), with its subject. */
  reply_in_thread: number;
}
export type SequenceStepRow = Selectable<SequenceStepTable>;

export type EnrollmentStatus =
  'ACTIVE' | 'PAUSED' | 'COMPLETED' | 'REPLIED' | 'BOUNCED' | 'UNENROLLED' | 'FAILED';

/** Why an enrollment is paused: the user paused it, a token had no value, or the inbox is unhealthy. */
export type PauseReason = 'BY_USER' | 'MISSING_TOKEN' | 'CONNECTION_UNHEALTHY';

/** A contact going through a sequence, sent from `connection_id` (the enrolling user's inbox). */
export interface EnrollmentTable {
  id: string;
  sequence_id: string;
  contact_id: string;
  /** The user who enrolled the contact; a contact is in at most one active sequence per user. */
  user_id: string;
  connection_id: string;
  status: EnrollmentStatus;
  pause_reason: PauseReason | null;
  /** Words for the pause: the missing token, the connection's status. */
  pause_detail: string | null;
  /** The step to send next. */
  next_position: number;
  /** When the next step is due (before the send window is applied); null while it is in the outbox. */
  next_run_at: string | null;
  /** The outbox row of the step being sent; the scheduler settles it once the outbox is done. */
  pending_outbox_id: string | null;
  last_sent_at: string | null;
  /** JSON {messageId, references, subject} of the last step sent: follow-ups thread onto it. */
  thread_json: string | null;
  created_at: string;
  updated_at: string;
  ended_at: string | null;
}
export type EnrollmentRow = Selectable<EnrollmentTable>;

export type EnrollmentEventType =
  | 'ENROLLED'
  | 'SCHEDULED'
  | 'SENT'
  | 'REPLIED'
  | 'AUTO_REPLY'
  | 'BOUNCED'
  | 'FAILED'
  | 'PAUSED'
  | 'RESUMED'
  | 'UNENROLLED'
  | 'COMPLETED';

/** An enrollment's timeline. */
export interface EnrollmentEventTable {
  id: string;
  enrollment_id: string;
  type: EnrollmentEventType;
  position: number | null;
  /** SCHEDULED/SENT: the step's Message-ID (replies are matched by it); REPLIED: the reply's. */
  message_id: string | null;
  /** PAUSED/FAILED: a stable code (MISSING_TOKEN, CONNECTION_UNHEALTHY, SEND_INTERRUPTED, ...). */
  code: string | null;
  detail: string | null;
  at: string;
}
export type EnrollmentEventRow = Selectable<EnrollmentEventTable>;
