import type { MailDeps, VerifyDeps } from '../core/provider-module.js';
import type { VetHost } from '../core/steps.js';
import { resolveAndVet, type LookupFn } from '../transport/vet-address.js';

/** A resolver where the given names are 127.0.0.1 and every other name does not exist. */
export function loopbackLookup(names: readonly string[]): LookupFn {
  const known = new Set(names.map((n) => n.toLowerCase()));
  return async (hostname) => {
    if (known.has(hostname.toLowerCase())) return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
}

/**
 * The real SSRF guard (resolveAndVet) for loopback test servers: the given names resolve to 127.0.0.1
 * and may reach it, as if an admin's domain settings named them; anything else is refused as usual.
 * `trusted: false`: the names resolve, but nobody trusts them, so the guard refuses them (HOST_NOT_ALLOWED).
 */
export function loopbackVet(
  names: readonly string[],
  options: { trusted?: boolean } = {},
): VetHost {
  const trusted = new Set(options.trusted === false ? [] : names.map((n) => n.toLowerCase()));
  const lookup = loopbackLookup(names);
  return (host, port) =>
    resolveAndVet(host, {
      port,
      allowPrivate: (name, address) => address === '127.0.0.1' && trusted.has(name),
      lookup,
    });
}

/** A contract peer's deps when its servers answer as localhost on loopback, trusting `ca`. */
export function loopbackPeerDeps(ca: string[]): {
  verifyDeps: VerifyDeps;
  mailDeps: MailDeps;
  host: string;
} {
  const vet = loopbackVet(['localhost']);
  return {
    verifyDeps: {
      vet,
      ca,
      approvedHosts: ['localhost'],
      testRecipient: 'crm-log@bcc.contract.test',
    },
    mailDeps: { vet, ca },
    host: 'localhost',
  };
}
