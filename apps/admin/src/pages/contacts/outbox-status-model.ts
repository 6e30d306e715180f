import type { Tone } from '@inlet/ui';
import type { OutboxStatus } from '@/gql/graphql';

/** How often the console asks the outbox how a sent email is doing. */
export const POLL_INTERVAL_MS = 1000;
/** How many times it asks before it stops and offers "Check again" (about two minutes). */
export const MAX_POLLS = 120;

/** Every status in words; the tone only repeats it in colour. */
export const outboxStatusLabels: Record<OutboxStatus, { label: string; tone: Tone }> = {
  QUEUED: { label: 'Queued', tone: 'neutral' },
  SENDING: { label: 'Sending', tone: 'info' },
  SENT: { label: 'Sent', tone: 'success' },
  FAILED: { label: 'Not sent', tone: 'danger' },
};

/** SENT and FAILED do not change any more: polling stops. */
export function isFinalStatus(status: OutboxStatus): boolean {
  return status === 'SENT' || status === 'FAILED';
}

/** "bob@example.com", "bob@example.com and carol@example.com", "bob@example.com and 2 others". */
export function describeRecipients(addresses: readonly string[]): string {
  const [first, second] = addresses;
  if (!first) return 'no one';
  if (addresses.length === 1) return first;
  if (addresses.length === 2) return `${first} and ${second}`;
  return `${first} and ${addresses.length - 1} others`;
}

export interface OutboxProgress {
  subject: string;
  recipients: readonly string[];
  status: OutboxStatus;
  /** The permanent failure, or the last temporary one while it waits to be retried. */
  error?: { message: string } | null;
}

/** One sentence for the polite live region when an email's status changes. */
export function outboxAnnouncement({ subject, recipients, status, error }: OutboxProgress): string {
  const to = describeRecipients(recipients);
  switch (status) {
    case 'QUEUED':
      return error
        ? `“${subject}” could not be sent yet: ${error.message} Inlet tries again shortly.`
        : `“${subject}” to ${to} is queued.`;
    case 'SENDING':
      return `Sending “${subject}” to ${to}…`;
    case 'SENT':
      return `Sent “${subject}” to ${to}.`;
    case 'FAILED':
      return `“${subject}” was not sent${error ? `: ${error.message}` : '.'}`;
  }
}

/**
 * SendingLimitReached.message ends with the time as an ISO timestamp ("...; you can send again at
 * 2026-11-23T14:09:35.000Z."): the console shows the time itself, in the reader's time zone.
 */
export function limitSentence(message: string): string {
  const stripped = message.replace(/[;,]?\s*you can send again at \S+$/i, '').trim();
  if (stripped === '') return 'This inbox has reached its sending limit.';
  return /[.!?]$/.test(stripped) ? stripped : `${stripped}.`;
}
