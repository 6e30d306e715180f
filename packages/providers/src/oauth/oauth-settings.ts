import { z } from 'zod';
import { endpointSchema } from '../imap/imap-settings.js';
import type { OAuthTokens } from './oauth-client.js';

/**
 * Non-secret settings of a Gmail or Microsoft 365 connection (connections.settings_json); the tokens
 * are the encrypted `oauth_tokens` secret. `imap` has the same shape as an IMAP connection's.
 */
export const oauthSettingsSchema = z.object({
  oauthProvider: z.enum(['GOOGLE', 'MICROSOFT']),
  /** The XOAUTH2 user: the signed-in address. */
  username: z.string(),
  imap: endpointSchema,
  smtp: endpointSchema,
  inboxPath: z.string(),
  /** The Sent folder synced (the server itself keeps copies of mail sent over SMTP). */
  sentFolder: z.string().nullable(),
  /** Extra verified From addresses (Gmail send-as aliases). */
  aliases: z.array(z.string()),
});
export type OAuthConnectionSettings = z.infer<typeof oauthSettingsSchema>;

/** What a finished sign-in hands to verify: the tokens and what the provider said about the mailbox. */
export interface OAuthConnectInput {
  email: string;
  oauthProvider: OAuthConnectionSettings['oauthProvider'];
  tokens: OAuthTokens;
  imap: OAuthConnectionSettings['imap'];
  smtp: OAuthConnectionSettings['smtp'];
  aliases: string[];
}
