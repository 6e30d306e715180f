import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Resolver } from 'node:dns/promises';
import { isHostname, toAsciiHostname } from '../core/hostname.js';
import { ProviderError } from '../core/provider-error.js';
import { canonicalAddress, classifyAddress, parseIpAddress } from './address-class.js';
import { withTimeout } from './with-timeout.js';

/** One resolved address, as node:dns lookup({ all: true }) returns it. */
export interface LookupAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses. Injected so tests (and operators) control DNS. */
export type LookupFn = (hostname: string) => Promise<LookupAddress[]>;

/**
 * Decides whether a host may reach a private address (loopback, RFC 1918, CGNAT, unique-local) on a
 * port. Gets the host as the caller named it, the resolved address and the port the caller will
 * connect to; admin domain settings or the operator allow-list decide, each only for the ports it
 * configured. Never consulted for always-blocked ranges.
 */
export type AllowPrivate = (host: string, address: string, port: number) => boolean;

export interface VetOptions {
  /** The port the caller connects to: a private host is allowed only on the ports configured for it. */
  port: number;
  allowPrivate: AllowPrivate;
  lookup?: LookupFn;
  /** Bound on the DNS lookup; default 5 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A destination that passed the guard: connect to `address`, present `host` for TLS. */
export interface VettedAddress {
  host: string;
  address: string;
  family: 4 | 6;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address in the resolver's order. */
export const systemLookup: LookupFn = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

// DNS failure codes that mean "try again later" rather than "no such name".
const transientDnsCodes = new Set([
  'ETIMEOUT',
  'EAI_AGAIN',
  'ESERVFAIL',
  'ECONNREFUSED',
  'ECANCELLED',
]);

/**
 * The SSRF guard every outbound socket goes through. Resolves `host`, vets every address it
 * resolves to (one bad answer among good ones refuses the host, which defeats mixed answers and
 * rebinding), and returns the address to connect to. Connect to that address, never to the name:
 * a library that resolves the name again could get a different answer.
 *
 * @throws ProviderError HOST_NOT_ALLOWED (refused address), HOST_NOT_FOUND (no such name, no
 *   addresses, not a host name), CONNECTION_TIMEOUT with step 'dns' (lookup timed out or DNS down).
 */
export async function resolveAndVet(host: string, options: VetOptions): Promise<VettedAddress> {
  const { name, literal } = parseHost(host);
  let addresses: LookupAddress[];
  if (literal) {
    // Any spelling of an IP literal is parsed here exactly as getaddrinfo would (127.1, 0x7f000001...).
    addresses = [{ address: literal, family: 0 }];
  } else {
    addresses = await lookupWithTimeout(name, options);
  }
  if (addresses.length === 0)
    throw new ProviderError('HOST_NOT_FOUND', { detail: `${name} has no addresses.` });

  let chosen: VettedAddress | undefined;
  for (const entry of addresses) {
    const parsed = parseIpAddress(entry.address);
    const verdict = classifyAddress(parsed ?? entry.address);
    if (!parsed || verdict.tier === 'blocked')
      throw refused(name, `${verdict.tier === 'public' ? 'unknown' : verdict.label} address`);
    const canonical = canonicalAddress(parsed);
    if (verdict.tier === 'private' && !options.allowPrivate(name, canonical.address, options.port))
      throw refused(name, `${verdict.label} address on port ${options.port}`);
    chosen ??= { host: name, ...canonical };
  }
  return chosen!;
}

/**
 * Socket options for a vetted destination, for node:tls, imapflow and nodemailer: connect to the
 * address and check the certificate against the name. IP literals get no servername (RFC 6066
 * forbids it), so the certificate is checked against the address.
 */
export function connectOptionsFor(vetted: VettedAddress): { host: string; servername?: string } {
  if (parseIpAddress(vetted.host)) return { host: vetted.address };
  return { host: vetted.address, servername: vetted.host };
}

/**
 * Throws unless `address` is an IP address, as resolveAndVet returns it: every socket opener takes the
 * vetted address, and a name there would be resolved again by the library, past the guard.
 */
export function requireVettedAddress(address: string): void {
  if (!isIP(address))
    throw Object.assign(new Error(`Not a vetted IP address: ${address}`), {
      code: 'ERR_INLET_NOT_VETTED',
    });
}

/**
 * A LookupFn backed by a node:dns Resolver (A and AAAA queries to its servers, no /etc/hosts):
 * for a configured DNS server, and for tests that point detection at a loopback DNS server.
 */
export function createResolverLookup(resolver: Pick<Resolver, 'resolve4' | 'resolve6'>): LookupFn {
  return async (hostname) => {
    const [a, aaaa] = await Promise.allSettled([
      resolver.resolve4(hostname),
      resolver.resolve6(hostname),
    ]);
    const found: LookupAddress[] = [
      ...(a.status === 'fulfilled' ? a.value.map((address) => ({ address, family: 4 })) : []),
      ...(aaaa.status === 'fulfilled' ? aaaa.value.map((address) => ({ address, family: 6 })) : []),
    ];
    if (found.length > 0) return found;
    // Report the more telling failure: a transient one beats "no such name".
    const errors = [a, aaaa].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const transient = errors.find((e) => transientDnsCodes.has(errorCode(e) ?? ''));
    if (transient) throw transient;
    throw (
      errors[0] ?? Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENODATA' })
    );
  };
}

function parseHost(input: string): { name: string; literal?: string } {
  const trimmed = input.trim().replace(/^\[(.*)\]$/, '$1');
  const ip = parseIpAddress(trimmed);
  if (ip) return { name: trimmed.toLowerCase(), literal: ip.toString() };
  const ascii = toAsciiHostname(trimmed);
  if (!ascii || !isHostname(ascii)) {
    throw new ProviderError('HOST_NOT_FOUND', {
      step: 'input',
      detail: `"${input}" is not a valid server name.`,
    });
  }
  return { name: ascii };
}

async function lookupWithTimeout(name: string, options: VetOptions): Promise<LookupAddress[]> {
  const lookup = options.lookup ?? systemLookup;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    return await withTimeout(
      lookup(name),
      timeoutMs,
      () =>
        new ProviderError('CONNECTION_TIMEOUT', {
          step: 'dns',
          detail: `No DNS answer for ${name} within ${timeoutMs} ms.`,
        }),
      options.signal,
    );
  } catch (err) {
    if (err instanceof ProviderError || options.signal?.aborted) throw err;
    const code = errorCode(err);
    if (code && transientDnsCodes.has(code)) {
      throw new ProviderError('CONNECTION_TIMEOUT', {
        step: 'dns',
        detail: `DNS lookup for ${name} failed (${code}).`,
        cause: err,
      });
    }
    throw new ProviderError('HOST_NOT_FOUND', {
      detail: `${name} was not found in DNS.`,
      cause: err,
    });
  }
}

function refused(name: string, what: string): ProviderError {
  return new ProviderError('HOST_NOT_ALLOWED', { detail: `${name}: ${what}` });
}

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return undefined;
}
