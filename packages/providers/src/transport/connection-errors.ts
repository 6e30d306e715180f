import type { ProviderError, ProviderErrorCode, ProviderStep } from '../core/provider-error.js';
import type { HandshakeFailure } from './tls-handshake.js';
import { CERT_PIN_MISMATCH, normalizeFingerprint, type MailSecurity } from './tls-trust.js';
import { stepError, type ServerFields } from '../core/steps.js';

/**
 * Node socket, DNS and TLS failures classified by their `code` (never by message text). Shared by the
 * IMAP and SMTP checks; nodemailer keeps the system code in `originalCode`, and causes are followed.
 */

const HOST_NOT_FOUND = [
  'ENOTFOUND',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ESERVFAIL',
];
const REFUSED = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];
const TIMEOUT = [
  'ETIMEDOUT',
  'ETIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'SOCKET_TIMEOUT',
];
/** The server closed or reset the connection. */
const CLOSED = [
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'EConnectionClosed',
  'NoConnection',
  'ClosedAfterConnectTLS',
  'ClosedAfterConnectText',
];
/** Bytes that are not TLS records came back: the server talks in clear on this port. */
const NOT_TLS = [
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
];
const OUTDATED_TLS = [
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_NO_SHARED_CIPHER',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
  'ERR_SSL_DH_KEY_TOO_SMALL',
  'ERR_SSL_EE_KEY_TOO_SMALL',
  'ERR_SSL_CA_KEY_TOO_SMALL',
  'ERR_SSL_CA_MD_TOO_WEAK',
  'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED',
];
const UNTRUSTED: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The certificate is self-signed.',
  SELF_SIGNED_CERT_IN_CHAIN:
    'The certificate chain ends in a self-signed root that is not trusted.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'The certificate was issued by an unknown authority, or the server does not send its intermediate certificates.',
  UNABLE_TO_GET_ISSUER_CERT: 'The certificate was issued by an unknown authority.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'The certificate was issued by an unknown authority, or the server does not send its intermediate certificates.',
  CERT_NOT_YET_VALID: 'The certificate is not valid yet (check the server clock).',
  CERT_REVOKED: 'The certificate has been revoked.',
  CERT_UNTRUSTED: 'The certificate is not trusted.',
  CERT_REJECTED: 'The certificate was rejected.',
  CERT_SIGNATURE_FAILURE: 'The certificate signature is invalid.',
  CERT_CHAIN_TOO_LONG: 'The certificate chain is too long.',
  INVALID_CA: 'A certificate in the chain is not allowed to issue certificates.',
  INVALID_PURPOSE: 'The certificate is not meant for a server.',
  PATH_LENGTH_EXCEEDED: 'The certificate chain is too long.',
  ERR_INLET_NO_CERTIFICATE: 'The server presented no certificate.',
};
const NAME_MISMATCH = ['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_TLS_CERT_ALTNAME_FORMAT'];

interface CodedError {
  code?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  _err?: unknown;
  detail?: unknown;
  trustedFingerprint?: unknown;
  presentedFingerprint?: unknown;
  cert?: { subjectaltname?: unknown; subject?: { CN?: unknown }; valid_to?: unknown };
  host?: unknown;
}

/** Every `code` on an error, its nodemailer `originalCode` and its causes (bounded depth). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as CodedError;
    if (typeof e.originalCode === 'string') codes.push(e.originalCode);
    if (typeof e.code === 'string') codes.push(e.code);
    current = e.cause ?? e._err;
  }
  return codes;
}

function findCoded(err: unknown, code: string): CodedError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as CodedError;
    if (e.code === code || e.originalCode === code) return e;
    current = e.cause ?? e._err;
  }
  return undefined;
}

export interface ConnectionErrorContext {
  step: ProviderStep;
  fields: ServerFields;
  /** The host name the user typed, for messages. */
  host: string;
  /**
   * How a mail connection was secured, which names clear text where a TLS handshake was expected:
   * PLAINTEXT_ON_TLS_PORT on an implicit-TLS port (the default), TLS_UNAVAILABLE after STARTTLS.
   */
  security?: MailSecurity;
}

/**
 * Classifies a network/TLS failure; undefined when the error carries no code this knows. A handshake
 * that met clear text (startTlsHandshake's `plaintextReply`, judged from the bytes) is named first.
 */
export function classifyConnectionError(
  err: unknown,
  ctx: ConnectionErrorContext,
): ProviderError | undefined {
  const make = (code: ProviderErrorCode, detail?: string) =>
    stepError(code, ctx.step, ctx.fields, detail, err);
  const starttls = ctx.security === 'STARTTLS';
  const plaintext = (err as HandshakeFailure | undefined)?.plaintextReply;
  if (plaintext) {
    return starttls
      ? make(
          'TLS_UNAVAILABLE',
          `The server answered STARTTLS and then sent plain text (${plaintext}).`,
        )
      : make(
          'PLAINTEXT_ON_TLS_PORT',
          `The server answered with a plain-text ${plaintext} instead of a TLS handshake.`,
        );
  }
  for (const code of errorCodes(err)) {
    if (HOST_NOT_FOUND.includes(code)) {
      return make(
        'HOST_NOT_FOUND',
        code === 'EAI_AGAIN'
          ? `The name server did not answer for ${ctx.host} (temporary DNS failure).`
          : `No address found for ${ctx.host}.`,
      );
    }
    if (REFUSED.includes(code))
      return make('CONNECTION_REFUSED', `${code} from the server's address.`);
    if (TIMEOUT.includes(code)) return make('CONNECTION_TIMEOUT');
    if (NOT_TLS.includes(code))
      return make(
        starttls ? 'TLS_UNAVAILABLE' : 'PLAINTEXT_ON_TLS_PORT',
        'The server did not answer with a TLS handshake.',
      );
    if (OUTDATED_TLS.includes(code))
      return make('TLS_VERSION_UNSUPPORTED', `TLS handshake failed (${code}).`);
    const certificate = certificateFailure(err, code, ctx);
    if (certificate) return certificate;
    const untrusted = UNTRUSTED[code];
    if (untrusted !== undefined) {
      const own = findCoded(err, code)?.detail;
      return make('CERTIFICATE_UNTRUSTED', typeof own === 'string' ? own : untrusted);
    }
    if (CLOSED.includes(code)) {
      return ctx.step === 'tls'
        ? make('TLS_UNAVAILABLE', 'The server closed the connection during the TLS handshake.')
        : make('CONNECTION_REFUSED', 'The server closed the connection.');
    }
    if (code.startsWith('ERR_SSL_') || code === 'EPROTO')
      return make('TLS_UNAVAILABLE', `TLS handshake failed (${code}).`);
  }
  return undefined;
}

/**
 * An expired, wrong-name or changed (pinned) certificate anywhere in the error's causes, with the facts a
 * user can act on (when it expired, which names it is for, both fingerprints). Also used alone where the rest is classified otherwise (Exchange).
 */
export function classifyCertificateError(
  err: unknown,
  ctx: ConnectionErrorContext,
): ProviderError | undefined {
  for (const code of errorCodes(err)) {
    const failure = certificateFailure(err, code, ctx);
    if (failure) return failure;
  }
  return undefined;
}

/**
 * A connection that trusts exactly one pinned certificate was refused by certificate verification: the
 * server presents another certificate now (a different self-signed one fails the chain check before the
 * fingerprint is compared, so every refusal but expiry means the same). Undefined for other failures.
 */
export function classifyPinnedRefusal(
  err: unknown,
  pinnedFingerprint: string,
  ctx: ConnectionErrorContext,
): ProviderError | undefined {
  const codes = errorCodes(err);
  if (codes.includes(CERT_PIN_MISMATCH)) return classifyCertificateError(err, ctx);
  if (codes.includes('CERT_HAS_EXPIRED') || !codes.some((c) => c in UNTRUSTED)) return undefined;
  const trustedFingerprint = normalizeFingerprint(pinnedFingerprint);
  const detail = `The server's certificate is not the one trusted when the account was connected (SHA-256 ${trustedFingerprint}).`;
  return stepError('CERTIFICATE_CHANGED', ctx.step, ctx.fields, detail, err, {
    certificate: { trustedFingerprint },
  });
}

function certificateFailure(
  err: unknown,
  code: string,
  ctx: ConnectionErrorContext,
): ProviderError | undefined {
  if (code === CERT_PIN_MISMATCH) {
    const coded = findCoded(err, code);
    return stepError('CERTIFICATE_CHANGED', ctx.step, ctx.fields, pinMismatchDetail(coded), err, {
      certificate: pinnedChange(coded),
    });
  }
  if (code === 'CERT_HAS_EXPIRED')
    return stepError(
      'CERTIFICATE_EXPIRED',
      ctx.step,
      ctx.fields,
      expiredDetail(findCoded(err, code)),
      err,
    );
  if (NAME_MISMATCH.includes(code)) {
    const coded = findCoded(err, code);
    // A host name fits a host field; an EWS URL field would need a whole URL.
    const suggestion = ctx.fields.host === 'exchangeUrl' ? undefined : certificateHostName(coded);
    return stepError(
      'CERTIFICATE_NAME_MISMATCH',
      ctx.step,
      ctx.fields,
      nameMismatchDetail(coded, ctx.host),
      err,
      { suggestion },
    );
  }
  return undefined;
}

/** The fingerprints a pin mismatch carries (tls-trust's pinMismatch()). */
function pinnedChange(err: CodedError | undefined) {
  const { trustedFingerprint, presentedFingerprint } = err ?? {};
  return typeof trustedFingerprint === 'string'
    ? {
        trustedFingerprint,
        ...(typeof presentedFingerprint === 'string' ? { presentedFingerprint } : {}),
      }
    : undefined;
}

function pinMismatchDetail(err: CodedError | undefined): string {
  return typeof err?.detail === 'string'
    ? err.detail
    : 'The server presented a different certificate than the one trusted earlier.';
}

function expiredDetail(err: CodedError | undefined): string {
  if (typeof err?.detail === 'string') return err.detail;
  const validTo = err?.cert?.valid_to;
  return typeof validTo === 'string'
    ? `The certificate expired on ${validTo}.`
    : 'The certificate has expired.';
}

/** The first exact DNS name the certificate is for (not a wildcard, which names no one server). */
function certificateHostName(err: CodedError | undefined): string | undefined {
  const names = err?.cert?.subjectaltname;
  if (typeof names !== 'string') return undefined;
  return names
    .split(',')
    .map((n) => n.trim())
    .find((n) => n.startsWith('DNS:') && !n.includes('*'))
    ?.slice(4);
}

/** `host`: the name the user typed; '' to use the one Node checked. */
function nameMismatchDetail(err: CodedError | undefined, typed: string): string {
  const host = typed || (typeof err?.host === 'string' ? err.host : 'this server');
  const names = err?.cert?.subjectaltname ?? err?.cert?.subject?.CN;
  return typeof names === 'string'
    ? `The certificate is for ${names.replace(/DNS:|IP Address:/g, '')}, not ${host}.`
    : `The certificate does not cover ${host}.`;
}
