import { isProviderError } from '../core/provider-error.js';
import { classifyImapError } from './classify-imap-error.js';
import { createImapClient, logOut } from '../transport/imap-client.js';
import type { MailSecurity } from '../transport/tls-trust.js';
import type { VetHost } from '../core/steps.js';

export interface ImapAppendAccount {
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  password: string;
  /** A pinned certificate (PEM + fingerprint) when the user chose to trust the server's own certificate. */
  pinned?: { pem: string; fingerprint: string };
  /** Opt-in to TLS 1.0/1.1. */
  allowLegacyTls?: boolean;
}

/**
 * Appends the sent copy to the account's Sent folder with \Seen, for servers that do not save sent
 * mail themselves (everything but Gmail and Microsoft 365). Returns the UID when the server reports one.
 */
export async function appendToSent(
  account: ImapAppendAccount,
  folder: string,
  raw: Buffer,
  deps: { vet: VetHost; ca?: string | readonly string[]; timeoutMs?: number },
): Promise<{ uid: number | undefined }> {
  const vetted = await deps.vet(account.host, account.port);
  const client = createImapClient({
    host: account.host,
    address: vetted.address,
    port: account.port,
    security: account.security,
    login: { user: account.username, password: account.password },
    trust: { ca: deps.ca, pinned: account.pinned, allowLegacyTls: account.allowLegacyTls },
    timeouts: { connectMs: deps.timeoutMs ?? 30_000, socketMs: deps.timeoutMs ?? 60_000 },
    extra: { disableAutoIdle: true },
  });
  try {
    await client.connect();
    const result = await client.append(folder, raw, ['\\Seen'], new Date());
    return {
      uid:
        result && typeof result === 'object' && 'uid' in result
          ? (result.uid as number | undefined)
          : undefined,
    };
  } catch (err) {
    throw isProviderError(err)
      ? err
      : classifyImapError(err, { step: 'send', host: account.host, security: account.security });
  } finally {
    await logOut(client);
  }
}
