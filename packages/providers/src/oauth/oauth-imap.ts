import { isProviderError, ProviderError, type ProviderStep } from '../core/provider-error.js';
import { classifyImapError } from '../imap/classify-imap-error.js';
import { findInbox, findSentFolder } from '../imap/find-sent-folder.js';
import { createImapClient, logOut } from '../transport/imap-client.js';
import type { MailSecurity } from '../transport/tls-trust.js';

export interface OAuthImapAccount {
  /** The server name: the TLS name to verify. */
  host: string;
  /** The vetted address connected to. */
  address: string;
  port: number;
  security: MailSecurity;
  username: string;
  accessToken: string;
  ca?: string | readonly string[];
  timeoutMs?: number;
  /** The check step this runs as, named by its errors (default login). */
  step?: ProviderStep;
}

/**
 * Logs in with the access token (SASL XOAUTH2, or OAUTHBEARER where offered) and finds INBOX and Sent,
 * proving the token opens the mailbox before the connection is saved. A token the server refuses right
 * after it was issued means IMAP is off for the mailbox (Gmail setting, Microsoft 365 policy): IMAP_DISABLED.
 */
export async function findOAuthMailboxFolders(
  account: OAuthImapAccount,
): Promise<{ inbox: string; sent: string | null }> {
  const timeout = account.timeoutMs ?? 30_000;
  const client = createImapClient({
    host: account.host,
    address: account.address,
    port: account.port,
    security: account.security,
    login: { user: account.username, accessToken: account.accessToken },
    trust: { ca: account.ca },
    timeouts: { connectMs: timeout, socketMs: timeout * 2 },
    extra: { disableAutoIdle: true },
  });
  try {
    await client.connect();
    const entries = (await client.list()).map((f) => ({
      path: f.path,
      name: f.name,
      delimiter: f.delimiter,
      flags: new Set([...f.flags, ...(f.specialUse ? [f.specialUse] : [])]),
    }));
    return { inbox: findInbox(entries), sent: findSentFolder(entries)?.path ?? null };
  } catch (err) {
    const step = account.step ?? 'login';
    const error = isProviderError(err)
      ? err
      : classifyImapError(err, { step, host: account.host, security: account.security });
    throw error.code === 'AUTHENTICATION_FAILED'
      ? new ProviderError('IMAP_DISABLED', { step, detail: error.detail, cause: err })
      : error;
  } finally {
    await logOut(client);
  }
}
