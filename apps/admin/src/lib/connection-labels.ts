import type { Tone } from '@inlet/ui';
import type { ConnectionStatus, FolderRole, ProviderKind } from '@/gql/graphql';

export const providerLabels: Record<ProviderKind, string> = {
  IMAP: 'IMAP and SMTP',
  EXCHANGE: 'Exchange',
  GMAIL: 'Google',
  MICROSOFT_365: 'Microsoft 365',
};

/** What a synced folder is to the account. */
export const folderRoleLabels: Record<FolderRole, string> = {
  INBOX: 'Inbox',
  SENT: 'Sent',
  OTHER: 'Other',
};

/** Every provider, in the order filters list them. */
export const providerKinds = [
  'IMAP',
  'EXCHANGE',
  'GMAIL',
  'MICROSOFT_365',
] as const satisfies readonly ProviderKind[];

export interface StatusLook {
  label: string;
  tone: Tone;
  /** A symbol repeating the state for those who do not tell the colours apart. */
  icon: 'spinner' | string;
  /** Strong: the owner has to act. */
  emphasis: 'soft' | 'strong';
}

/**
 * Every status in words; tone, icon and emphasis only repeat it. The three problem states look
 * different on purpose: Retrying is amber (Inlet fixes it), Needs reconnecting is solid red (the
 * owner must act), Error is red with a cross (see the error).
 */
export const statusLabels: Record<ConnectionStatus, StatusLook> = {
  CONNECTING: { label: 'Connecting', tone: 'info', icon: '…', emphasis: 'soft' },
  SYNCING: { label: 'Syncing', tone: 'info', icon: 'spinner', emphasis: 'soft' },
  CONNECTED: { label: 'Connected', tone: 'success', icon: '✓', emphasis: 'soft' },
  RETRYING: { label: 'Retrying', tone: 'warning', icon: '↻', emphasis: 'soft' },
  NEEDS_REAUTH: { label: 'Needs reconnecting', tone: 'danger', icon: '!', emphasis: 'strong' },
  ERROR: { label: 'Error', tone: 'danger', icon: '✕', emphasis: 'soft' },
  DISABLED: { label: 'Turned off', tone: 'neutral', icon: '–', emphasis: 'soft' },
};

/** A connection whose sync stands still for a reason outside the account (the database is unreachable). */
export const pausedLook: StatusLook = {
  label: 'Sync paused',
  tone: 'warning',
  icon: '‖',
  emphasis: 'soft',
};

/** Every status, healthy first, in the order filters list them. */
export const connectionStatuses = [
  'CONNECTED',
  'SYNCING',
  'CONNECTING',
  'RETRYING',
  'NEEDS_REAUTH',
  'ERROR',
  'DISABLED',
] as const satisfies readonly ConnectionStatus[];
