import type { Tone } from '@inlet/ui';
import type { ConnectionStatus, ProviderKind } from '@/gql/graphql';

export const providerLabels: Record<ProviderKind, string> = {
  IMAP: 'IMAP and SMTP',
  EXCHANGE: 'Exchange',
  GMAIL: 'Google',
  MICROSOFT_365: 'Microsoft 365',
};

/** Every status in words; the tone only repeats it in colour. */
export const statusLabels: Record<ConnectionStatus, { label: string; tone: Tone }> = {
  CONNECTING: { label: 'Connecting', tone: 'info' },
  SYNCING: { label: 'Syncing', tone: 'info' },
  CONNECTED: { label: 'Connected', tone: 'success' },
  RETRYING: { label: 'Retrying', tone: 'warning' },
  NEEDS_REAUTH: { label: 'Needs reconnecting', tone: 'danger' },
  ERROR: { label: 'Error', tone: 'danger' },
  DISABLED: { label: 'Turned off', tone: 'neutral' },
};
