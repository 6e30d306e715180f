import { normalizeEmailDomain } from './hostname.js';

/** Characters a local part may not contain here: spaces, @, and the punctuation of address lists. */
const LOCAL_PART = /^[^\s@<>(),;:"\\[\]]+$/;
/** RFC 5321 §4.5.3.1: 64 octets of local part, 254 of path. */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

export type EmailAddressCheck =
  { ok: true; address: string; domain: string } | { ok: false; message: string };

/**
 * The one email-address check: a local part without spaces or list punctuation, and a real domain
 * name (with a dot; internationalised names become their ASCII form). The address is lower-cased:
 * connections, users and domain settings compare addresses that way.
 */
export function parseEmailAddress(raw: string): EmailAddressCheck {
  const trimmed = raw.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = at > 0 ? normalizeEmailDomain(trimmed.slice(at + 1)) : null;
  if (at <= 0 || local.length > MAX_LOCAL || !LOCAL_PART.test(local) || !domain?.ok) {
    return { ok: false, message: 'Enter an email address such as jane@example.com.' };
  }
  const address = `${local}@${domain.host}`;
  if (address.length > MAX_ADDRESS)
    return { ok: false, message: 'This email address is too long.' };
  return { ok: true, address, domain: domain.host };
}
