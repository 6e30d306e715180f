import { ProviderError } from '@inlet/providers';
import { resolveAndVet, vetTarget, type VettedTarget } from '@inlet/providers/transport';
import type { MailNetwork } from '../../mail/mail-network.js';

export type WebhookTargetVerdict =
  { ok: true; target: VettedTarget } | { ok: false; permanent: boolean; message: string };

/**
 * The SSRF guard of mail servers for a webhook URL: its host is resolved and vetted (private and
 * loopback addresses only when the operator allow-list names host and port), and the request goes to
 * the vetted address. Plain http only to such allow-listed private hosts (an internal receiver);
 * anything on the internet gets https.
 */
export async function vetWebhookUrl(
  raw: string,
  network: Pick<MailNetwork, 'operatorAllows' | 'lookup'>,
): Promise<WebhookTargetVerdict> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      permanent: true,
      message: 'Enter a full URL, such as https://example.com/hooks/inlet.',
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, permanent: true, message: 'The URL must start with https://.' };
  if (url.username || url.password)
    return {
      ok: false,
      permanent: true,
      message: 'Put no user name or password in the URL: deliveries are signed.',
    };
  let allowListed = false;
  try {
    const target = await vetTarget(
      url,
      (host, port) =>
        resolveAndVet(host, {
          port,
          lookup: network.lookup,
          allowPrivate: (name, address, to) =>
            (allowListed = network.operatorAllows(name, address, to)),
        }),
      url.protocol === 'https:' ? 443 : 80,
    );
    if (url.protocol === 'http:' && !allowListed)
      return {
        ok: false,
        permanent: true,
        message:
          'The URL must start with https:// (plain http only for hosts on the operator allow-list).',
      };
    return { ok: true, target };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    return {
      ok: false,
      permanent: err.code === 'HOST_NOT_ALLOWED',
      message:
        err.code === 'HOST_NOT_ALLOWED'
          ? 'This address is private or reserved; only hosts on the operator allow-list (INLET_ALLOW_PRIVATE_HOSTS) may be private.'
          : err.message,
    };
  }
}
