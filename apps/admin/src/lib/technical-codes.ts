// Library error codes in parentheses, as the providers append them to a failure's detail: OpenSSL's
// "(ERR_SSL_WRONG_VERSION_NUMBER)", Node's "(EPROTO)", certificate checks' "(DEPTH_ZERO_SELF_SIGNED_CERT)".
const RAW_CODE = /\s*\((?:ERR_[A-Z0-9_]+|E[A-Z]{3,}|[A-Z0-9]+(?:_[A-Z0-9]+){2,})\)/g;

/** The words a user reads: the detail without raw library codes (they belong in "Technical details"). */
export function withoutRawCodes(text: string): string {
  return text.replace(RAW_CODE, '').trim();
}

/** True when the detail carries codes only a technical details disclosure should show. */
export function hasRawCodes(text: string): boolean {
  return withoutRawCodes(text) !== text.trim();
}
