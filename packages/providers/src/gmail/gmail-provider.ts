import type { ImapSessionTuning } from '../imap/imap-session-adapter.js';
import { xoauth2Provider } from '../oauth/xoauth2-provider.js';

/** Gmail and Google Workspace: Google sign-in (OAuth 2.0 + PKCE), then IMAP and SMTP with XOAUTH2. */
export function gmailProvider(tuning: ImapSessionTuning = {}) {
  return xoauth2Provider('GMAIL', 'Gmail', tuning);
}
