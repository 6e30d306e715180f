import { toAsciiHostname } from '../core/hostname.js';
import { describeError } from './describe.js';
import { boundedQuery, isNoRecords } from './dns-query.js';
import { AMAZON_REASON, GOOGLE_SERVERS, MICROSOFT_365_SERVERS } from './known-providers.js';
import type { DetectionHit, MailDnsResolver } from './types.js';

export interface MxAnswer {
  /** MX hosts, most preferred first; empty when there are none or the lookup failed. */
  hosts: string[];
  log: string;
}

/** The domain's MX hosts sorted by preference (RFC 5321: lowest first). Never rejects. */
export async function lookupMx(
  domain: string,
  resolver: MailDnsResolver,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<MxAnswer> {
  try {
    const records = await boundedQuery(() => resolver.resolveMx(domain), domain, timeoutMs, signal);
    const sorted = [...records].sort((a, b) => a.priority - b.priority);
    const hosts = sorted
      .map((r) => toAsciiHostname(r.exchange))
      .filter((h): h is string => h !== undefined);
    if (hosts.length === 0) return { hosts, log: `MX ${domain}: none` };
    return {
      hosts,
      log: `MX ${domain}: ${sorted.map((r) => `${r.exchange} (${r.priority})`).join(', ')}`,
    };
  } catch (err) {
    return { hosts: [], log: `MX ${domain}: ${isNoRecords(err) ? 'none' : describeError(err)}` };
  }
}

const under = (host: string, domain: string): boolean =>
  host === domain || host.endsWith(`.${domain}`);

/**
 * The provider an MX host reveals. MX is a prior, not proof (hybrid setups, mail filters in front),
 * so only hosts that belong to the provider itself count.
 */
export function providerFromMx(host: string): DetectionHit | undefined {
  // aspmx.l.google.com and altN, smtp.google.com, gmail-smtp-in.l.google.com, aspmxN.googlemail.com.
  if (under(host, 'google.com') || under(host, 'googlemail.com'))
    return { provider: 'GMAIL', source: 'MX', ...GOOGLE_SERVERS };
  // <tenant>.mail.protection.outlook.com, *.olc.protection.outlook.com, <tenant>.<xx>-v1.mx.microsoft.
  if (under(host, 'protection.outlook.com') || under(host, 'mx.microsoft')) {
    return { provider: 'MICROSOFT_365', source: 'MX', ...MICROSOFT_365_SERVERS };
  }
  // SES inbound and WorkMail: inbound-smtp.<region>.amazonaws.com, *.awsapps.com.
  if (under(host, 'amazonaws.com') || under(host, 'awsapps.com') || under(host, 'amazonses.com')) {
    return { provider: 'UNSUPPORTED', source: 'MX', reason: AMAZON_REASON };
  }
  return undefined;
}
