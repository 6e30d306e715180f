import type { ApiTokenTable } from './tables/api-token.table.js';
import type { OutboxTable } from './tables/outbox.table.js';
import type { AuditLogTable } from './tables/audit-log.table.js';
import type {
  ConnectionEventTable,
  ConnectionSecretTable,
  ConnectionTable,
} from './tables/connection.table.js';
import type {
  ContactTable,
  EmailActivityTable,
  FolderErrorTable,
  FolderStateTable,
  MessageTable,
  QuarantinedMessageTable,
} from './tables/sync.table.js';
import type { DomainSettingsTable } from './tables/domain-settings.table.js';
import type { PasswordLinkTable, SessionTable, UserTable } from './tables/user.table.js';
import type { OAuthAppTable, OAuthAttemptTable } from './tables/oauth.table.js';
import type { SyncLeaseTable, SyncWorkerTable } from './tables/sync-lease.table.js';
import type { WebhookDeliveryTable, WebhookEndpointTable } from './tables/webhook.table.js';
import type {
  EnrollmentEventTable,
  EnrollmentTable,
  SequenceStepTable,
  SequenceTable,
} from './tables/sequence.table.js';

/** Every table Kysely knows about. Timestamps are ISO 8601 UTC strings on both engines. */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  password_links: PasswordLinkTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  domain_settings: DomainSettingsTable;
  connections: ConnectionTable;
  /** One row (id 1): moved by triggers when the admin list's counts may change (migration 2026_12_08_000300). */
  connection_list_version: { id: number; version: number };
  connection_secrets: ConnectionSecretTable;
  connection_events: ConnectionEventTable;
  folder_state: FolderStateTable;
  folder_errors: FolderErrorTable;
  messages: MessageTable;
  quarantined_messages: QuarantinedMessageTable;
  contacts: ContactTable;
  email_activities: EmailActivityTable;
  outbox: OutboxTable;
  oauth_apps: OAuthAppTable;
  oauth_attempts: OAuthAttemptTable;
  sync_workers: SyncWorkerTable;
  sync_leases: SyncLeaseTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  sequences: SequenceTable;
  sequence_steps: SequenceStepTable;
  enrollments: EnrollmentTable;
  enrollment_events: EnrollmentEventTable;
}
