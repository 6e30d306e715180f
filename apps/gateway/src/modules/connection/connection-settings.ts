import type { ProviderKind } from '@inlet/providers';
import type { ProviderKind as GraphQLProviderKind } from '../../__generated__/resolvers-types.js';
import type { MailSecurity } from '../../db/tables/domain-settings.table.js';

// The GraphQL ProviderKind enum and the providers' union must stay one set: a drift fails typecheck.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const providerKindsMatch: Same<GraphQLProviderKind, ProviderKind> = true;

export interface PinnedCertificate {
  fingerprint: string;
  pem: string;
}

export interface Endpoint {
  host: string;
  port: number;
  security: MailSecurity;
}

/** Non-secret settings of an IMAP connection, stored as connections.settings_json. */
export interface ImapSettings {
  username: string;
  imap: Endpoint;
  smtp: Endpoint;
  smtpSameCredentials: boolean;
  smtpUsername: string | null;
  trustAnyCertificate: boolean;
  /** Certificates the user chose to trust ("trust any certificate"), pinned per server. */
  pinnedCertificates: { imap: PinnedCertificate | null; smtp: PinnedCertificate | null };
  inboxPath: string;
  sentFolder: string | null;
  inboxAutomation: boolean;
}

export function parseImapSettings(json: string): ImapSettings {
  return JSON.parse(json) as ImapSettings;
}
