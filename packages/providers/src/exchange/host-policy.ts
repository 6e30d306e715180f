import { toAsciiHostname } from '../core/hostname.js';
import { registrableDomain } from '../detection/base-domain.js';

// Exchange Online front ends (outlook.office365.com, autodiscover-s.outlook.com, outlook.office.com)
// and the sovereign clouds'. Any of these means Exchange Online, which must never get a password.
const MICROSOFT_SUFFIXES = [
  'outlook.com',
  'office365.com',
  'office.com',
  'office365.us',
  'outlook.cn',
  'microsoftonline.com',
];

/** True for a host run by Microsoft for Exchange Online. */
export function isExchangeOnlineHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return MICROSOFT_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}

/** True for a Microsoft 365 routing address (jane@contoso.mail.onmicrosoft.com): the mailbox is in Exchange Online. */
export function isExchangeOnlineAddress(address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domain === 'onmicrosoft.com' || domain.endsWith('.onmicrosoft.com');
}

/**
 * Who a host is, for deciding whether the user's password may go there:
 * - own: in the user's email domain (same registrable domain: mail.corp.example for jane@sales.corp.example);
 * - approved: named by an administrator (exact host, or *.domain for any host under it);
 * - microsoft: Exchange Online; never gets the password, the user connects Microsoft 365 instead;
 * - foreign: anything else; a redirect there is refused.
 */
export type HostTrust = 'own' | 'approved' | 'microsoft' | 'foreign';

export interface HostPolicy {
  emailDomain: string;
  approvedHosts?: readonly string[];
}

export function classifyHost(host: string, policy: HostPolicy): HostTrust {
  const name = toAsciiHostname(host) ?? host.toLowerCase();
  if (isExchangeOnlineHost(name)) return 'microsoft';
  if (matchesApproved(name, policy.approvedHosts ?? [])) return 'approved';
  const own = registrableDomain(policy.emailDomain);
  if (name === own || name.endsWith(`.${own}`)) return 'own';
  return 'foreign';
}

function matchesApproved(name: string, entries: readonly string[]): boolean {
  return entries.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.startsWith('*.')) {
      const suffix = toAsciiHostname(entry.slice(2));
      return suffix !== undefined && name.endsWith(`.${suffix}`);
    }
    return toAsciiHostname(entry) === name;
  });
}
