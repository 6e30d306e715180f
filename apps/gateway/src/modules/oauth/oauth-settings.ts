import type { OAuthProviderId } from '../../db/tables/oauth.table.js';
import type { Endpoint } from '../connection/connection-settings.js';

/**
 * Non-secret settings of a Gmail or Microsoft 365 connection (connections.settings_json). The tokens
 * are the encrypted `oauth_tokens` secret. `imap` has the same shape as an IMAP connection's.
 */
export interface OAuthConnectionSettings {
  oauthProvider: OAuthProviderId;
  /** The XOAUTH2 user: the signed-in address. */
  username: string;
  imap: Endpoint;
  smtp: Endpoint;
  inboxPath: string;
  /** The Sent folder synced (the server itself keeps copies of mail sent over SMTP). */
  sentFolder: string | null;
  /** Extra verified From addresses (Gmail send-as aliases). */
  aliases: string[];
}

export function parseOAuthSettings(json: string): OAuthConnectionSettings {
  return JSON.parse(json) as OAuthConnectionSettings;
}

export const OAUTH_CONNECTION_PROVIDERS = ['GMAIL', 'MICROSOFT_365'] as const;

export function isOAuthConnection(connection: { provider: string }): boolean {
  return (OAUTH_CONNECTION_PROVIDERS as readonly string[]).includes(connection.provider);
}
