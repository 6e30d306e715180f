import { createHash, createHmac, randomBytes } from 'node:crypto';

/** The header every delivery carries: `t=<unix seconds>,v1=<hex>[,v1=<hex of the previous secret>]`. */
export const SIGNATURE_HEADER = 'inlet-signature';
/** The event id, also the body's `id`: receivers de-duplicate on it. */
export const EVENT_ID_HEADER = 'inlet-event-id';

/** A new signing secret: `whsec_` and 32 random bytes in base64url. The HMAC key is the whole string. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * HMAC-SHA256 over `<timestamp>.<body>` with each secret (the current one first; during a rotation's
 * overlap the previous one too), as the signature header's value.
 */
export function signatureHeader(
  secrets: readonly string[],
  timestampSeconds: number,
  body: string,
): string {
  const signed = `${timestampSeconds}.${body}`;
  const v1 = secrets.map((s) => `v1=${createHmac('sha256', s).update(signed).digest('hex')}`);
  return [`t=${timestampSeconds}`, ...v1].join(',');
}

/** An id derived from what the event is about, so recording it twice (two paths, two processes) stores it once. */
export function derivedEventId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
