import type { ImapSessionTuning } from '../imap/imap-session-adapter.js';
import { xoauth2Provider } from '../oauth/xoauth2-provider.js';

/** Microsoft 365 (Exchange Online): Microsoft sign-in (OAuth 2.0 + PKCE), then IMAP and SMTP with XOAUTH2. */
export function microsoftProvider(tuning: ImapSessionTuning = {}) {
  return xoauth2Provider('MICROSOFT_365', 'Microsoft 365', tuning);
}
