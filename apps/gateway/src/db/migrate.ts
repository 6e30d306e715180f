import { Migrator, type Kysely, type Migration } from 'kysely';
import * as createIdentity from './migrations/2026_11_23_000000_create_identity.js';
import * as createDomainSettings from './migrations/2026_11_23_000100_create_domain_settings.js';
import * as createConnections from './migrations/2026_11_23_000200_create_connections.js';
import * as createSync from './migrations/2026_11_23_000300_create_sync.js';
import * as createOutbox from './migrations/2026_11_23_000400_create_outbox.js';
import * as createOAuth from './migrations/2026_11_24_000100_create_oauth.js';
import * as createSyncLeases from './migrations/2026_11_25_000100_create_sync_leases.js';
import * as indexConnectionsList from './migrations/2026_11_26_000100_index_connections_list.js';
import * as createFolderErrors from './migrations/2026_11_26_000200_create_folder_errors.js';
import * as auditLogRepeats from './migrations/2026_12_06_000100_audit_log_repeats.js';
import * as outboxRefusedRecipients from './migrations/2026_12_06_000200_outbox_refused_recipients.js';
import * as userDeactivation from './migrations/2026_12_06_000250_user_deactivation.js';
import * as passwordLinks from './migrations/2026_12_06_000300_password_links.js';
import * as connectionRetry from './migrations/2026_12_06_000350_connection_retry.js';
import * as folderRole from './migrations/2026_12_06_000400_folder_role.js';
import * as connectionResyncFrom from './migrations/2026_12_06_000500_connection_resync_from.js';
import * as connectionLastCheck from './migrations/2026_12_07_000200_connection_last_check.js';
import * as sessionActivity from './migrations/2026_12_07_000300_session_activity.js';
import * as domainLegacyTls from './migrations/2026_12_07_000410_domain_legacy_tls.js';
import * as createWebhooks from './migrations/2026_12_07_000600_create_webhooks.js';
import * as createSequences from './migrations/2026_12_07_000700_create_sequences.js';
import * as connectionListVersion from './migrations/2026_12_08_000300_connection_list_version.js';
import * as enrollmentsPendingOutbox from './migrations/2026_12_10_000200_enrollments_pending_outbox.js';
import * as connectionsListCovering from './migrations/2026_12_11_000100_connections_list_covering.js';

/** Migrations in order; names sort by their timestamp prefix. */
const migrations: Record<string, Migration> = {
  '2026_11_23_000000_create_identity': createIdentity,
  '2026_11_23_000100_create_domain_settings': createDomainSettings,
  '2026_11_23_000200_create_connections': createConnections,
  '2026_11_23_000300_create_sync': createSync,
  '2026_11_23_000400_create_outbox': createOutbox,
  '2026_11_24_000100_create_oauth': createOAuth,
  '2026_11_25_000100_create_sync_leases': createSyncLeases,
  '2026_11_26_000100_index_connections_list': indexConnectionsList,
  '2026_11_26_000200_create_folder_errors': createFolderErrors,
  '2026_12_06_000100_audit_log_repeats': auditLogRepeats,
  '2026_12_06_000200_outbox_refused_recipients': outboxRefusedRecipients,
  '2026_12_06_000250_user_deactivation': userDeactivation,
  '2026_12_06_000300_password_links': passwordLinks,
  '2026_12_06_000350_connection_retry': connectionRetry,
  '2026_12_06_000400_folder_role': folderRole,
  '2026_12_06_000500_connection_resync_from': connectionResyncFrom,
  '2026_12_07_000200_connection_last_check': connectionLastCheck,
  '2026_12_07_000300_session_activity': sessionActivity,
  '2026_12_07_000410_domain_legacy_tls': domainLegacyTls,
  '2026_12_07_000600_create_webhooks': createWebhooks,
  '2026_12_07_000700_create_sequences': createSequences,
  '2026_12_08_000300_connection_list_version': connectionListVersion,
  '2026_12_10_000200_enrollments_pending_outbox': enrollmentsPendingOutbox,
  '2026_12_11_000100_connections_list_covering': connectionsListCovering,
};

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
