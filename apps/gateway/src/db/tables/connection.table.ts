import type { Selectable } from 'kysely';
import type { ProviderKind, SecretName } from '@inlet/providers';

export type ConnectionKind = 'PERSONAL' | 'TEAM';
export type ConnectionStatus =
  'CONNECTING' | 'SYNCING' | 'CONNECTED' | 'RETRYING' | 'NEEDS_REAUTH' | 'ERROR' | 'DISABLED';

/** One connected inbox. Secrets live in connection_secrets, encrypted. */
export interface ConnectionTable {
  id: string;
  user_id: string;
  /** Lower-cased; unique across personal and team connections. */
  email: string;
  kind: ConnectionKind;
  provider: ProviderKind;
  /** JSON of the provider's non-secret settings (hosts, ports, usernames, pinned certificate). */
  settings_json: string;
  status: ConnectionStatus;
  /** The current error, if any: JSON of a StoredError (stored-error.ts); older rows also carry message and hint. */
  last_error_json: string | null;
  created_at: string;
  updated_at: string;
  last_synced_at: string | null;
  /** While RETRYING: when the runner tries to reach the server again, and the number of that try (1 = first retry). */
  next_retry_at: string | null;
  retry_attempt: number | null;
  /** While a "Resync from date" runs: the date it re-reads from; null once the connection is up to date. */
  resync_from: string | null;
  /** The last "Check now" (JSON of a StoredCheck, engine/connection-check.ts); null before the first. */
  last_check_json: string | null;
}
export type ConnectionRow = Selectable<ConnectionTable>;

/** The secrets a connection may store: the providers' closed set. */
export type { SecretName };

export interface ConnectionSecretTable {
  connection_id: string;
  name: SecretName;
  /** Vault envelope v1:<kid>:<nonce>:<ciphertext>, bound to (connection_secrets, value, connection_id/name). */
  value: string;
  updated_at: string;
}

export interface ConnectionEventTable {
  id: string;
  connection_id: string;
  at: string;
  status: ConnectionStatus;
  /** An error's code (a ProviderErrorCode); its message is read from the catalogue. */
  code: string | null;
  /** A note such as "Connection verified and saved"; older error rows also copied the message here. */
  message: string | null;
  /** The failing step (a ProviderStep) of an error. */
  step: string | null;
}
