import { ProviderError } from '../core/provider-error.js';
import { FetchTextError } from '../transport/fetch-text.js';
import type { DetectedServer } from './types.js';

const providerErrorWords: Partial<Record<ProviderError['code'], string>> = {
  HOST_NOT_FOUND: 'host not found',
  HOST_NOT_ALLOWED: 'refused (private or internal address)',
  CONNECTION_TIMEOUT: 'no answer in time',
};

const fetchErrorWords: Record<FetchTextError['code'], string> = {
  NOT_HTTPS: 'refused (not https)',
  TOO_MANY_REDIRECTS: 'too many redirects',
  TOO_LARGE: 'refused (larger than 1 MB)',
  TIMEOUT: 'no answer in time',
  INCOMPLETE: 'connection closed early',
};

/**
 * A short description of a lookup failure for the `tried` log, built from error codes only: never
 * a server's own text.
 */
export function describeError(err: unknown): string {
  if (err instanceof ProviderError) return providerErrorWords[err.code] ?? err.code;
  if (err instanceof FetchTextError) return fetchErrorWords[err.code];
  if (err instanceof Error && err.name === 'TimeoutError') return 'no answer in time';
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
      ? err.code
      : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return `certificate not accepted (${code})`;
  return code ?? 'failed';
}

/** imap.example.com:993 SSL/TLS */
export function describeServer(server: DetectedServer): string {
  return `${server.host}:${server.port} ${server.security === 'SSL_TLS' ? 'SSL/TLS' : 'STARTTLS'}`;
}
