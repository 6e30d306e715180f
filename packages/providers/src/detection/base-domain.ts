/**
 * Second-level labels under which registrations happen one level deeper (example.co.uk). A small
 * stand-in for the Public Suffix List, enough to find an MX host's provider domain; an unlisted
 * suffix only costs one wasted ISPDB lookup.
 */
const secondLevelSuffixes = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'gov',
  'net',
  'org',
  'ne',
  'or',
  'gv',
  'gob',
  'nic',
]);

/** The registrable domain of a host: mx1.mail.hostingco.net -> hostingco.net, mx.isp.co.uk -> isp.co.uk. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const second = labels[labels.length - 2]!;
  const tld = labels[labels.length - 1]!;
  const keep = tld.length === 2 && secondLevelSuffixes.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The host without its first label (mx1.mail.hostingco.net -> mail.hostingco.net). */
export function parentDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '');
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(dot + 1);
}
