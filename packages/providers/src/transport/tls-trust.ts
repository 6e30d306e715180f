import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';

/** How a mail connection is encrypted (the GraphQL MailSecurity enum mirrors this). Plaintext is never offered. */
export type MailSecurity = 'SSL_TLS' | 'STARTTLS';

/** What decides whether a server's certificate is accepted. */
export interface TlsTrust {
  /** The host name the user typed (not the vetted IP): SNI and the name the certificate must match. */
  servername: string;
  /** Extra trust anchors (PEM) on top of Node's root store, e.g. an internal CA; tests pass their test CA. */
  ca?: string | readonly string[];
  /** Accept whatever certificate the server presents and report it so it can be pinned. */
  trustAnyCertificate?: boolean;
  /** SHA-256 fingerprint (AA:BB:... or plain hex) of the one certificate to accept, from an earlier trust-any check. */
  pinnedFingerprint?: string;
  /** Admin opt-in per account or domain: accept TLS 1.0/1.1 (needs OpenSSL security level 0). */
  allowLegacyTls?: boolean;
}

/** A check's certificate choices, as the IMAP and SMTP inputs carry them. */
export type TrustChoices = Pick<
  TlsTrust,
  'trustAnyCertificate' | 'pinnedFingerprint' | 'allowLegacyTls'
>;

/** The trust of a check of server `host`: the user's choices plus the deployment's extra anchors. */
export function trustFor(host: string, choices: TrustChoices, ca: TlsTrust['ca']): TlsTrust {
  const { trustAnyCertificate, pinnedFingerprint, allowLegacyTls } = choices;
  return { servername: host, ca, trustAnyCertificate, pinnedFingerprint, allowLegacyTls };
}

/** The certificate a server presented, as shown to a user who is asked to trust it. */
export interface CertificateInfo {
  /** SHA-256 fingerprint, upper-case hex pairs separated by colons (what `pinnedFingerprint` takes). */
  fingerprint256: string;
  /** The certificate itself (PEM); sync connections trust exactly this one with pinnedTlsOptions(). */
  pem: string;
  subject: string;
  issuer: string;
  subjectAltNames: string | undefined;
  validFrom: string;
  validTo: string;
  /** True when the certificate also passes normal verification (trusted chain, matching name). */
  trusted: boolean;
  /** Why normal verification fails (an OpenSSL/Node code such as DEPTH_ZERO_SELF_SIGNED_CERT). */
  untrustedReason: string | undefined;
}

/** err.code of a connection whose certificate differs from the pinned one. */
export const CERT_PIN_MISMATCH = 'ERR_INLET_CERT_PIN_MISMATCH';

export function isPinMode(trust: TlsTrust): boolean {
  return Boolean(trust.trustAnyCertificate || trust.pinnedFingerprint);
}

/** "aa bb:cc" / "AABBCC" -> "AA:BB:CC". */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

function protocolOptions(trust: TlsTrust): tls.ConnectionOptions {
  // Per connection, never process-wide (no --tls-min-v1.0): OpenSSL 3 needs both settings for TLS 1.0/1.1.
  return trust.allowLegacyTls
    ? { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }
    : { minVersion: 'TLSv1.2' };
}

function nameOptions(trust: TlsTrust): tls.ConnectionOptions {
  // SNI must not carry an IP literal (RFC 6066); Node then checks the certificate against `host`.
  return isIP(trust.servername) ? {} : { servername: trust.servername };
}

const sharedContexts = new Map<string, tls.SecureContext>();
const MAX_SHARED_CONTEXTS = 32;
/**
 * The same anchor list (the deployment's, one array for the process) maps to its context without
 * building the key: joined, Node's roots plus the extra CA are ~200 KB of text to hash per connection.
 */
const contextsByList = new WeakMap<readonly string[], Map<string, tls.SecureContext>>();

/**
 * Extra anchors go into one SecureContext per anchor set, shared by every connection that uses them:
 * `ca` on each connection would parse Node's ~150 roots again every time (megabytes per IMAP
 * connection, and a sync session keeps two or three open). The context also carries the protocol floor.
 */
function caOptions(trust: TlsTrust): tls.ConnectionOptions {
  const extra =
    trust.ca === undefined ? [] : typeof trust.ca === 'string' ? [trust.ca] : [...trust.ca];
  if (extra.length === 0) return {};
  const floor = trust.allowLegacyTls ? 'legacy' : 'modern';
  const list = typeof trust.ca === 'object' ? contextsByList.get(trust.ca) : undefined;
  const known = list?.get(floor);
  if (known) return { secureContext: known };
  const key = `${floor}\n${extra.join('\n')}`;
  let context = sharedContexts.get(key);
  if (!context) {
    // `ca` replaces Node's root store, so the extra anchors are added to it (callers may pass the roots too).
    context = tls.createSecureContext({
      ...protocolOptions(trust),
      ca: [...new Set([...tls.rootCertificates, ...extra])],
    });
    if (sharedContexts.size >= MAX_SHARED_CONTEXTS)
      sharedContexts.delete(sharedContexts.keys().next().value!);
    sharedContexts.set(key, context);
  }
  if (typeof trust.ca === 'object')
    contextsByList.set(trust.ca, (list ?? new Map()).set(floor, context));
  return { secureContext: context };
}

/** Certificate chain and host name verified, against Node's roots plus `ca`. */
export function verifiedTlsOptions(trust: TlsTrust): tls.ConnectionOptions {
  return {
    ...protocolOptions(trust),
    ...nameOptions(trust),
    ...caOptions(trust),
    rejectUnauthorized: true,
  };
}

/**
 * Trusts exactly one certificate: it is the only trust anchor (partial chain allowed, so a leaf issued by
 * an unknown CA works too) and the fingerprint must match; the name is not checked, the pin replaces it.
 * Verification stays on (rejectUnauthorized), so any other certificate fails.
 */
export function pinnedTlsOptions(
  trust: TlsTrust,
  pem: string,
  fingerprint256: string,
): tls.ConnectionOptions {
  const expected = normalizeFingerprint(fingerprint256);
  return {
    ...protocolOptions(trust),
    ...nameOptions(trust),
    rejectUnauthorized: true,
    ca: [pem],
    allowPartialTrustChain: true,
    checkServerIdentity: (_host, cert) =>
      normalizeFingerprint(cert.fingerprint256) === expected
        ? undefined
        : pinMismatch(cert.fingerprint256, expected),
  };
}

/**
 * Options for the first handshake of a check, made before any credential is sent. With trust-any or a
 * pin the certificate cannot be verified by a CA, so this handshake accepts it and inspectCertificate()
 * decides (pin comparison); every later connection uses pinnedTlsOptions() with what was seen here.
 */
export function probeTlsOptions(trust: TlsTrust): tls.ConnectionOptions {
  if (!isPinMode(trust)) return verifiedTlsOptions(trust);
  // Still checked against the roots, only to tell the user whether the certificate would be trusted anyway.
  return {
    ...protocolOptions(trust),
    ...nameOptions(trust),
    ...caOptions(trust),
    rejectUnauthorized: false,
  };
}

/**
 * The fingerprint later connections must pin, after the first handshake showed `certificate`: the given
 * pin, or with trust-any the certificate itself, unless it is trusted anyway (a CA-issued certificate
 * that is renewed every few months must keep being verified normally, not pinned).
 */
export function pinFor(trust: TlsTrust, certificate: CertificateInfo): string | undefined {
  if (trust.pinnedFingerprint) return normalizeFingerprint(trust.pinnedFingerprint);
  return trust.trustAnyCertificate && !certificate.trusted ? certificate.fingerprint256 : undefined;
}

/** TLS options for every connection after the first handshake: pinned to `certificate`, or verified. */
export function tlsOptionsAfterProbe(
  trust: TlsTrust,
  certificate: CertificateInfo,
): tls.ConnectionOptions {
  const pin = pinFor(trust, certificate);
  return pin ? pinnedTlsOptions(trust, certificate.pem, pin) : verifiedTlsOptions(trust);
}

/** Describes the peer certificate of an established TLS socket; throws CERT_PIN_MISMATCH when a pin does not match. */
export function inspectCertificate(socket: tls.TLSSocket, trust: TlsTrust): CertificateInfo {
  const peer = socket.getPeerCertificate(false);
  if (!peer || !peer.raw)
    throw Object.assign(new Error('The server presented no certificate'), {
      code: 'ERR_INLET_NO_CERTIFICATE',
    });
  const x509 = new X509Certificate(peer.raw);
  const fingerprint256 = normalizeFingerprint(x509.fingerprint256);
  if (trust.pinnedFingerprint && fingerprint256 !== normalizeFingerprint(trust.pinnedFingerprint)) {
    throw pinMismatch(fingerprint256, normalizeFingerprint(trust.pinnedFingerprint));
  }
  // Refused with trust-any or a pin too: the pinned connections after this handshake would refuse it
  // anyway (validity is checked on a pinned certificate as well), and ticking a box cannot renew it.
  if (Date.parse(x509.validTo) < Date.now()) {
    throw Object.assign(new Error('The server certificate has expired'), {
      code: 'CERT_HAS_EXPIRED',
      detail: `The certificate expired on ${x509.validTo}.`,
    });
  }
  const reason = socket.authorized ? undefined : authorizationCode(socket.authorizationError);
  return {
    fingerprint256,
    pem: x509.toString(),
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    subjectAltNames: x509.subjectAltName,
    validFrom: x509.validFrom,
    validTo: x509.validTo,
    trusted: socket.authorized,
    untrustedReason: reason,
  };
}

function authorizationCode(error: Error | string | undefined | null): string | undefined {
  if (!error) return undefined;
  if (typeof error === 'string') return error;
  return (error as NodeJS.ErrnoException).code ?? 'UNTRUSTED';
}

function pinMismatch(actual: string, expected: string): Error {
  const presentedFingerprint = normalizeFingerprint(actual);
  return Object.assign(new Error('The server certificate is not the pinned one'), {
    code: CERT_PIN_MISMATCH,
    detail: `The server presented a certificate with SHA-256 fingerprint ${presentedFingerprint}, not the trusted ${expected}.`,
    trustedFingerprint: expected,
    presentedFingerprint,
  });
}
