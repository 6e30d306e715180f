import { isProviderError, ProviderError, type ProviderErrorCode } from '../core/provider-error.js';
import type { StoredAccount } from '../core/provider-module.js';

/** A refusal of a token that was just refreshed: only signing in again helps. */
function reauth(err: unknown): unknown {
  return isProviderError(err)
    ? new ProviderError('OAUTH_REAUTH_REQUIRED', {
        detail: err.detail ?? 'The mail server refused the access token.',
        cause: err,
      })
    : err;
}

export function isRefused(err: unknown, codes: readonly ProviderErrorCode[]): boolean {
  return isProviderError(err) && codes.includes(err.code);
}

/**
 * The refresh-once rule, written once: use the current access token; when the server refuses one that
 * was not just refreshed (revoked early, rotated), refresh it and try once more. A refusal of a fresh
 * token is OAUTH_REAUTH_REQUIRED (the connection waits for the user; its history stays).
 */
export async function withAccessToken<T>(
  account: StoredAccount<unknown>,
  use: (accessToken: string) => Promise<T>,
  refusedCodes: readonly ProviderErrorCode[],
): Promise<T> {
  if (!account.accessToken)
    throw new ProviderError('OAUTH_REAUTH_REQUIRED', {
      detail: 'No OAuth tokens are stored for this connection.',
    });
  const first = await account.accessToken();
  try {
    return await use(first.accessToken);
  } catch (err) {
    if (!isRefused(err, refusedCodes)) throw err;
    if (first.refreshed) throw reauth(err);
  }
  const again = await account.accessToken({ forceRefresh: true });
  try {
    return await use(again.accessToken);
  } catch (err) {
    throw isRefused(err, refusedCodes) ? reauth(err) : err;
  }
}

/** Errors of a running session: a refused token there also means signing in again. */
export function reauthOnRefusal(error: ProviderError): ProviderError {
  return error.code === 'AUTHENTICATION_FAILED' ? (reauth(error) as ProviderError) : error;
}
