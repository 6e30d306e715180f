import {
  isProviderError,
  ProviderError,
  type ProviderErrorOptions,
  type ProviderStep,
} from '../core/provider-error.js';
import { EXCHANGE_FIELDS, StepTimeout } from '../core/steps.js';
import { classifyCertificateError } from '../transport/connection-errors.js';
import { EXCHANGE_AUTH_HINT } from './ews-auth.js';
import { HttpFailure } from './ews-http.js';

/** EXCHANGE_URL_INVALID with the EWS URL to use instead (also written into the detail). */
export class ExchangeUrlError extends ProviderError {
  readonly suggestedUrl: string | undefined;

  constructor(
    detail: string,
    suggestedUrl: string | undefined,
    options: Omit<ProviderErrorOptions, 'detail'> = {},
  ) {
    super('EXCHANGE_URL_INVALID', {
      ...options,
      detail: suggestedUrl ? `${detail} Try ${suggestedUrl}` : detail,
      suggestion: suggestedUrl,
    });
    this.suggestedUrl = suggestedUrl;
  }
}

/** The URL an EXCHANGE_URL_INVALID error suggests, if any. */
export function suggestedExchangeUrl(error: ProviderError): string | undefined {
  return error instanceof ExchangeUrlError ? error.suggestedUrl : undefined;
}

export type EwsCallErrorKind =
  'unauthorized' | 'fault' | 'response' | 'redirect' | 'status' | 'not-soap';

/**
 * An EWS answer that is not the expected success: a 401, a SOAP fault (HTTP 500, no header), an
 * error ResponseClass for an item, a redirect, another status, or a body that is not SOAP.
 */
export class EwsCallError extends Error {
  constructor(
    readonly kind: EwsCallErrorKind,
    readonly operation: string,
    readonly status: number,
    /** EWS ResponseCode or SOAP fault code (ErrorSendAsDenied, ErrorInvalidServerVersion, ...). */
    readonly responseCode: string | undefined,
    /** The server's own words (MessageText / faultstring), or what the body looked like. */
    readonly serverMessage: string,
    readonly location?: string,
  ) {
    super(
      `${operation}: ${responseCode ?? `HTTP ${status}`}${serverMessage ? ` (${serverMessage})` : ''}`,
    );
    this.name = 'EwsCallError';
  }

  /** What was seen, for a ProviderError's detail. */
  describe(): string {
    const parts = [`${this.operation} answered HTTP ${this.status}`];
    if (this.responseCode) parts.push(`response code ${this.responseCode}`);
    let text = parts.join(', ');
    if (this.serverMessage) text += `: ${this.serverMessage}`;
    return text.endsWith('.') ? text : `${text}.`;
  }
}

// Request versions the server does not know: the server is older than the version asked for.
const VERSION_CODES = new Set([
  'ErrorInvalidServerVersion',
  'ErrorIncorrectSchemaVersion',
  'ErrorInvalidSchemaVersionForMailboxVersion',
]);
// Throttling: try again later.
const BUSY_CODES = new Set([
  'ErrorServerBusy',
  'ErrorExceededConnectionCount',
  'ErrorTooManyObjectsOpened',
  'ErrorExceededSubscriptionCount',
]);
// Per-message send failures (CreateItem with SendAndSaveCopy).
export const SEND_FAILURE_CODES = new Set([
  'ErrorSendAsDenied',
  'ErrorQuotaExceeded',
  'ErrorMessageSizeExceeded',
  'ErrorNonExistentMailbox',
  'ErrorSubmissionQuotaExceeded',
  'ErrorMailRecipientNotFound',
  'ErrorMessageSubmissionBlocked',
]);

export const SEND_AS_HINT =
  "The account you signed in with may not send email as this address. Ask your Exchange administrator to grant it the Send As permission on the mailbox, or sign in with the mailbox's own user name.";

/**
 * Turns anything an Exchange step threw into a ProviderError: structured fields only (HTTP status,
 * EWS response code, Node error code), never message text.
 */
export function classifyExchangeError(err: unknown, step: ProviderStep): ProviderError {
  if (isProviderError(err)) return err;
  if (err instanceof StepTimeout)
    return new ProviderError('CONNECTION_TIMEOUT', {
      step,
      field: 'exchangeUrl',
      detail: err.message,
      cause: err,
    });
  if (err instanceof HttpFailure) return classifyHttpFailure(err, step);
  if (err instanceof EwsCallError) return classifyEwsCallError(err, step);
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError('EXCHANGE_CONNECTION_FAILED', { step, detail: message, cause: err });
}

export function classifyHttpFailure(err: HttpFailure, step: ProviderStep): ProviderError {
  // Expired or issued for another name: say so, with the date or the certificate's names (not "server down").
  const certificateFacts = classifyCertificateError(err.cause ?? err, {
    step,
    fields: EXCHANGE_FIELDS,
    host: '',
  });
  if (certificateFacts) return certificateFacts;
  const certificate = err.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(err.code);
  const detail = certificate
    ? `The server's certificate was refused (${err.code}): ${err.message}`
    : err.message;
  if (err.kind === 'refused-url')
    return new ProviderError('EXCHANGE_URL_INVALID', { step, detail, cause: err });
  if (err.code === 'ETIMEDOUT' || err.code === 'ECONNABORTED') {
    return new ProviderError('CONNECTION_TIMEOUT', {
      step,
      field: 'exchangeUrl',
      detail,
      cause: err,
    });
  }
  return new ProviderError('EXCHANGE_CONNECTION_FAILED', { step, detail, cause: err });
}

export function classifyEwsCallError(err: EwsCallError, step: ProviderStep): ProviderError {
  const code = err.responseCode ?? '';
  if (err.kind === 'unauthorized') {
    return new ProviderError('AUTHENTICATION_FAILED', {
      step,
      field: 'password',
      hint: EXCHANGE_AUTH_HINT,
      detail: err.describe(),
      cause: err,
    });
  }
  if (VERSION_CODES.has(code)) {
    return new ProviderError('EXCHANGE_VERSION_UNSUPPORTED', {
      step,
      detail: `The server does not accept the EWS schema version Inlet asked for (${code}): it is older than Exchange 2010 SP2.`,
      cause: err,
    });
  }
  if (BUSY_CODES.has(code) || err.status === 503) {
    return new ProviderError('RATE_LIMITED', {
      step,
      field: null,
      detail: err.describe(),
      cause: err,
    });
  }
  if (step === 'test-email' && SEND_FAILURE_CODES.has(code)) {
    return new ProviderError('TEST_EMAIL_FAILED', {
      step,
      detail: err.describe(),
      ...(code === 'ErrorSendAsDenied' ? { hint: SEND_AS_HINT } : {}),
      cause: err,
    });
  }
  if (step === 'send' && SEND_FAILURE_CODES.has(code)) return classifySendFailure(err, code);
  return new ProviderError('EXCHANGE_CONNECTION_FAILED', {
    step,
    detail: err.describe(),
    cause: err,
  });
}

/** A per-message refusal of CreateItem when sending for real (not the test email). */
function classifySendFailure(err: EwsCallError, code: string): ProviderError {
  const options = { step: 'send' as const, detail: err.describe(), cause: err };
  if (code === 'ErrorMessageSizeExceeded') return new ProviderError('MESSAGE_TOO_LARGE', options);
  if (code === 'ErrorMailRecipientNotFound' || code === 'ErrorNonExistentMailbox')
    return new ProviderError('RECIPIENT_REJECTED', options);
  if (code === 'ErrorSubmissionQuotaExceeded')
    return new ProviderError('RATE_LIMITED', { ...options, field: null });
  return new ProviderError('SMTP_REJECTED', {
    ...options,
    field: null,
    ...(code === 'ErrorSendAsDenied' ? { hint: SEND_AS_HINT } : {}),
  });
}
