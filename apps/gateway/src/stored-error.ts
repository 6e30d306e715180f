import {
  providerErrors,
  type CertificateChange,
  type ProviderErrorCode,
  type ProviderField,
  type ProviderStep,
} from '@inlet/providers';
import { gatewayOutcomes, outcomeWords, type FixedOutcomeCode } from './outcomes.js';
import { isVerificationStep, type VerificationStepValue } from './verification-steps.js';

/**
 * The one shape of a stored error (connections.last_error_json, folder_errors.error_json,
 * outbox.last_error_json; connection_events keep code and step in columns). No message or hint is
 * stored: they are read from the code's catalogue, so they are always in today's words.
 */
export interface StoredError {
  code: StoredErrorCode;
  step: ProviderStep;
  field?: ProviderField | null;
  /** What was seen (the server's reply); never secrets. */
  detail?: string;
  /** Only a hint the provider gave instead of its catalogue's (Exchange: the DOMAIN\username form). */
  hint?: string;
  /** CERTIFICATE_CHANGED: the pinned fingerprint and the one presented now. */
  certificate?: CertificateChange;
  firstSeenAt: string;
  /** How many times in a row it happened. */
  count: number;
}

/** A provider failure, or a gateway outcome with fixed words (its code is not also a provider code). */
export type StoredErrorCode = ProviderErrorCode | Exclude<FixedOutcomeCode, ProviderErrorCode>;

/** What a writer records: a ProviderError fits, and so does a fixed gateway outcome. */
export interface ErrorToStore {
  code: StoredErrorCode;
  step: ProviderStep;
  field?: ProviderField | null;
  detail?: string | undefined;
  hint?: string;
  certificate?: CertificateChange | undefined;
}

export function isProviderErrorCode(code: string): code is ProviderErrorCode {
  return Object.hasOwn(providerErrors, code);
}

/** The catalogue's message and hint for a code: the providers' first, then the gateway's fixed outcomes. */
export function wordsOf(code: string): { message: string; hint: string } | undefined {
  if (isProviderErrorCode(code)) return providerErrors[code];
  if (Object.hasOwn(gatewayOutcomes, code)) {
    const facts = gatewayOutcomes[code as keyof typeof gatewayOutcomes];
    if (typeof facts.message === 'string' && typeof facts.hint === 'string')
      return outcomeWords(code as FixedOutcomeCode);
  }
  return undefined;
}

function parse(json: string | null | undefined): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The error to store now, given the one stored before: a repeat of the same code keeps its first-seen
 * time and counts up. Every writer (connection health, folder errors, the outbox) goes through here.
 */
export function nextStoredError(
  previousJson: string | null | undefined,
  error: ErrorToStore,
  now: string,
): StoredError {
  const previous = parse(previousJson);
  const repeat =
    previous?.code === error.code &&
    typeof previous.firstSeenAt === 'string' &&
    typeof previous.count === 'number';
  const catalogueHint = wordsOf(error.code)?.hint;
  return {
    code: error.code,
    step: error.step,
    ...(error.field ? { field: error.field } : {}),
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.hint && error.hint !== catalogueHint ? { hint: error.hint } : {}),
    ...(error.certificate ? { certificate: error.certificate } : {}),
    firstSeenAt: repeat ? (previous.firstSeenAt as string) : now,
    count: repeat ? (previous.count as number) + 1 : 1,
  };
}

/** The code of a stored error, without reading the rest. */
export function storedErrorCode(json: string | null | undefined): string | null {
  const code = parse(json)?.code;
  return typeof code === 'string' ? code : null;
}

/** A stored error as the API shows it (ConnectionError). */
export interface ReadError {
  code: string;
  providerErrorCode: ProviderErrorCode | null;
  message: string;
  hint: string;
  step: VerificationStepValue;
  field: string | null;
  detail: string | null;
  certificateChange: { trustedFingerprint: string; presentedFingerprint: string | null } | null;
  firstSeenAt: string;
  count: number;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/**
 * Reads a stored error, message and hint from its code's catalogue. Rows written before the one shape
 * carry their own message and hint: a hint stored with the row wins, and a code no catalogue knows
 * keeps the message it was stored with.
 */
export function readStoredError(json: string | null | undefined): ReadError | null {
  const stored = parse(json);
  const code = text(stored?.code);
  if (!stored || !code) return null;
  const words = wordsOf(code);
  const providerErrorCode = isProviderErrorCode(code) ? code : null;
  return {
    code,
    providerErrorCode,
    message: words?.message ?? text(stored.message) ?? code,
    hint: text(stored.hint) ?? words?.hint ?? '',
    step: isVerificationStep(stored.step)
      ? stored.step
      : providerErrorCode
        ? providerErrors[providerErrorCode].step
        : 'sync',
    field: text(stored.field),
    detail: text(stored.detail),
    certificateChange: readCertificateChange(stored.certificate),
    firstSeenAt: String(stored.firstSeenAt),
    count: typeof stored.count === 'number' ? stored.count : 1,
  };
}

function readCertificateChange(value: unknown): ReadError['certificateChange'] {
  if (typeof value !== 'object' || value === null) return null;
  const { trustedFingerprint, presentedFingerprint } = value as Record<string, unknown>;
  const trusted = text(trustedFingerprint);
  return trusted
    ? { trustedFingerprint: trusted, presentedFingerprint: text(presentedFingerprint) }
    : null;
}

/** A history entry as the API shows it: an error's message from its code, a note as written. */
export function readHistoryEvent<
  Row extends { code: string | null; message: string | null; step: string | null },
>(row: Row) {
  return {
    ...row,
    providerErrorCode: row.code && isProviderErrorCode(row.code) ? row.code : null,
    message: (row.code ? wordsOf(row.code)?.message : undefined) ?? row.message,
    step: isVerificationStep(row.step) ? row.step : null,
  };
}
