import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Lower-cases a host or domain name and turns an internationalised name into punycode
 * (bücher.example -> xn--bcher-kva.example). Returns undefined when it cannot be converted.
 */
export function toAsciiHostname(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/@:?#]/.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  return ascii === '' ? undefined : ascii;
}

/** True for a syntactically valid DNS host name in ASCII form (one label allowed, e.g. "exchange01"). */
export function isHostname(ascii: string): boolean {
  if (ascii.length > 253) return false;
  const labels = ascii.split('.');
  return labels.every((l) => label.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

/** True for an IPv4 dotted-quad or an IPv6 literal (with or without brackets). */
export function isIpLiteral(input: string): boolean {
  const bare = input.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.IPv4.isValidFourPartDecimal(bare) || ipaddr.IPv6.isValid(bare);
}

/** An email domain: a host name with at least two labels. */
export function isEmailDomain(ascii: string): boolean {
  return isHostname(ascii) && ascii.includes('.');
}

export type HostCheck = { ok: true; host: string } | { ok: false; message: string };

/** Normalises a server host (name or IP literal) typed by a person. */
export function normalizeServerHost(input: string): HostCheck {
  const trimmed = input.trim();
  if (trimmed === '')
    return { ok: false, message: 'Enter the server name, for example imap.example.com.' };
  if (isIpLiteral(trimmed))
    return { ok: true, host: trimmed.replace(/^\[(.*)\]$/, '$1').toLowerCase() };
  const ascii = toAsciiHostname(trimmed);
  if (!ascii || !isHostname(ascii)) {
    return {
      ok: false,
      message: `"${trimmed}" is not a valid server name. Use a name like mail.example.com, without https:// or a port.`,
    };
  }
  return { ok: true, host: ascii };
}

/** Normalises an email domain typed by a person (a leading "@" or a whole address is accepted). */
export function normalizeEmailDomain(input: string): HostCheck {
  const trimmed = input.trim();
  const domainPart = trimmed.includes('@') ? trimmed.slice(trimmed.lastIndexOf('@') + 1) : trimmed;
  const ascii = toAsciiHostname(domainPart);
  if (!ascii || !isEmailDomain(ascii)) {
    return {
      ok: false,
      message: `"${trimmed}" is not an email domain. Enter the part after @, for example example.com.`,
    };
  }
  return { ok: true, host: ascii };
}
