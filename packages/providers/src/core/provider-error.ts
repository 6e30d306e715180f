/**
 * Every step a connection check, a sync or a send can be at. A runtime list, so the gateway can offer
 * exactly these steps in its API (one to one) and recognise stored ones.
 */
export const providerSteps = [
  'input',
  'dns',
  'vet',
  'discovery',
  'tcp',
  'tls',
  'greeting',
  'login',
  'folders',
  'smtp',
  'test-email',
  'sync',
  'send',
] as const;

/** The step of a connection check (or of sync/send) where a failure happened. */
export type ProviderStep = (typeof providerSteps)[number];

/** The input field a user should look at, so the console can highlight it. */
export type ProviderField =
  | 'email'
  | 'password'
  | 'username'
  | 'imapHost'
  | 'imapPort'
  | 'imapSecurity'
  | 'smtpHost'
  | 'smtpPort'
  | 'smtpSecurity'
  | 'smtpUsername'
  | 'smtpPassword'
  | 'trustAnyCertificate'
  | 'exchangeUrl';

interface ErrorFacts {
  message: string;
  hint: string;
  step: ProviderStep;
  field: ProviderField | null;
  /** True when trying again later may succeed without the user changing anything. */
  retryable: boolean;
}

/**
 * The closed set of provider failures. Every user-facing connection error is one of these: a stable
 * code, a sentence the user understands, what to do about it, the failing step and the field to fix.
 */
export const providerErrors = {
  HOST_NOT_FOUND: {
    message: 'The server name could not be found.',
    hint: "Check the spelling of the server name (for example imap.example.com). Your email provider's help pages list the right one.",
    step: 'dns',
    field: 'imapHost',
    retryable: false,
  },
  HOST_NOT_ALLOWED: {
    message:
      'This server address is on a private or internal network that Inlet may not connect to.',
    hint: "Use the server's public name. If the server really is internal, ask your Inlet administrator to add its domain settings.",
    step: 'vet',
    field: 'imapHost',
    retryable: false,
  },
  CONNECTION_REFUSED: {
    message: 'The server refused the connection on this port.',
    hint: 'Check the port: IMAP usually uses 993 (SSL/TLS) or 143 (STARTTLS), SMTP 465 (SSL/TLS) or 587 (STARTTLS). A firewall may also be blocking Inlet: give your IT team the IP allowlist.',
    step: 'tcp',
    field: 'imapPort',
    retryable: true,
  },
  CONNECTION_TIMEOUT: {
    message: 'The server did not answer in time.',
    hint: "Check the server name and port. If they are right, a firewall is probably dropping Inlet's connections: give your IT team the IP allowlist.",
    step: 'tcp',
    field: 'imapHost',
    retryable: true,
  },
  TLS_UNAVAILABLE: {
    message: 'The server does not offer an encrypted connection on this port.',
    hint: 'Choose SSL/TLS for port 993 (IMAP) or 465 (SMTP), or STARTTLS for 143 (IMAP) or 587 (SMTP). Inlet never sends passwords unencrypted.',
    step: 'tls',
    field: 'imapSecurity',
    retryable: false,
  },
  TLS_VERSION_UNSUPPORTED: {
    message: 'The server only supports outdated encryption (older than TLS 1.2).',
    hint: 'Ask your email provider or IT team to enable TLS 1.2 or later on the mail server. If they cannot, tick "Allow legacy TLS 1.0/1.1" under Advanced options (your admin can allow it for your whole domain): the connection is then less well protected.',
    step: 'tls',
    field: 'imapHost',
    retryable: false,
  },
  CERTIFICATE_UNTRUSTED: {
    message:
      "The server's security certificate is not trusted (it may be self-signed or from an unknown authority).",
    hint: 'If you know this server uses its own certificate, tick "Trust any certificate" under Advanced options: Inlet will remember this certificate and refuse any other.',
    step: 'tls',
    field: 'trustAnyCertificate',
    retryable: false,
  },
  CERTIFICATE_EXPIRED: {
    message: "The server's security certificate has expired.",
    hint: 'Ask your email provider or IT team to renew the server\'s certificate; the detail shows when it expired. "Trust any certificate" does not help: an expired certificate is refused either way.',
    step: 'tls',
    field: null,
    retryable: false,
  },
  CERTIFICATE_CHANGED: {
    message:
      'The server now presents a different security certificate than the one trusted when this account was connected.',
    hint: "If the server's certificate was renewed or replaced, reconnect the account to trust the new certificate (the detail shows both fingerprints). If nobody changed it, do not: tell your IT team, as the connection may be intercepted.",
    step: 'tls',
    field: null,
    retryable: false,
  },
  CERTIFICATE_NAME_MISMATCH: {
    message: "The server's security certificate was issued for a different name.",
    hint: 'Use the server name the certificate was issued for (your provider\'s help pages list it), or tick "Trust any certificate" under Advanced options if you trust this server.',
    step: 'tls',
    field: 'imapHost',
    retryable: false,
  },
  PLAINTEXT_ON_TLS_PORT: {
    message: 'The server answered without encryption on a port set up for SSL/TLS.',
    hint: 'Choose STARTTLS as the security for this port, or use the SSL/TLS port (993 for IMAP, 465 for SMTP).',
    step: 'tls',
    field: 'imapSecurity',
    retryable: false,
  },
  IMAP_DISABLED: {
    message: 'IMAP access is turned off for this mailbox.',
    hint: "Turn on IMAP in your email account's settings (or ask your IT team to), then try again.",
    step: 'login',
    field: 'email',
    retryable: false,
  },
  UNSUPPORTED_SERVER_COURIER: {
    message: 'This server runs Courier-IMAP, which Inlet does not support.',
    hint: 'Courier-IMAP does not report changes reliably enough to keep your inbox in sync. Ask your provider for another IMAP server, or connect through Exchange, Google or Microsoft if available.',
    step: 'greeting',
    field: 'imapHost',
    retryable: false,
  },
  AUTHENTICATION_FAILED: {
    message: 'The email server did not accept the username or password.',
    hint: "Check the password. If two-factor authentication is on, create an app password in your email account's security settings and use it here. Some servers expect the full email address as the username, others only the part before @.",
    step: 'login',
    field: 'password',
    retryable: false,
  },
  SMTP_AUTHENTICATION_FAILED: {
    message: 'The outgoing (SMTP) server did not accept the username or password.',
    hint: 'If outgoing mail uses different credentials, turn off "Outgoing mail uses the same credentials" and enter them. With two-factor authentication, use an app password.',
    step: 'smtp',
    field: 'smtpPassword',
    retryable: false,
  },
  SMTP_REJECTED: {
    message: 'The outgoing (SMTP) server refused to send for this account.',
    hint: 'Check that this account may send email through this server, and that SMTP (authenticated submission) is turned on for it.',
    step: 'smtp',
    field: 'smtpHost',
    retryable: false,
  },
  TEST_EMAIL_FAILED: {
    message: 'The test email could not be sent.',
    hint: 'The server accepted the login but not the message. Check that this account may send as its own address, and any sending limits on the account.',
    step: 'test-email',
    field: null,
    retryable: true,
  },
  RATE_LIMITED: {
    message: 'The server is limiting connections from Inlet right now.',
    hint: 'Wait a few minutes and try again. Too many failed logins can make a server block logins for a while.',
    step: 'login',
    field: null,
    retryable: true,
  },
  EXCHANGE_URL_INVALID: {
    message: 'This is not an Exchange Web Services (EWS) address.',
    hint: 'Enter the EWS address, usually https://mail.example.com/EWS/Exchange.asmx. The Outlook on the web (OWA) address you open in a browser does not work here.',
    step: 'discovery',
    field: 'exchangeUrl',
    retryable: false,
  },
  EXCHANGE_AUTODISCOVER_FAILED: {
    message: 'Inlet could not find your Exchange server automatically.',
    hint: 'Enter the Exchange (EWS) URL, usually https://mail.example.com/EWS/Exchange.asmx; your IT team knows it. An administrator can also save it in the domain settings for everyone at your domain.',
    step: 'discovery',
    field: 'exchangeUrl',
    retryable: true,
  },
  EXCHANGE_CONNECTION_FAILED: {
    message: 'Inlet could not connect to the Exchange server.',
    hint: 'Check the Exchange URL. If it is right, the server may be down or a firewall may be blocking Inlet: give your IT team the IP allowlist.',
    step: 'tls',
    field: 'exchangeUrl',
    retryable: true,
  },
  EXCHANGE_VERSION_UNSUPPORTED: {
    message: 'This Exchange server version is too old for Inlet.',
    hint: 'Inlet needs Exchange 2010 SP2 or later. Ask your IT team to update the server.',
    step: 'login',
    field: 'exchangeUrl',
    retryable: false,
  },
  EXCHANGE_AUTH_UNSUPPORTED: {
    message: 'The Exchange server offers no sign-in method Inlet supports.',
    hint: 'Inlet signs in to Exchange Web Services with Basic authentication over HTTPS, or with NTLM. Ask your IT team to turn on Basic authentication for the EWS virtual directory (Set-WebServicesVirtualDirectory -BasicAuthentication $true).',
    step: 'tls',
    field: 'exchangeUrl',
    retryable: false,
  },
  EXCHANGE_NO_SMTP_ADDRESS: {
    message: 'This Exchange mailbox has no email (SMTP) address.',
    hint: "Check the email address you entered: it must be the mailbox's own address. If it is, ask your IT team to give the mailbox an SMTP address.",
    step: 'login',
    field: 'email',
    retryable: false,
  },
  USE_MICROSOFT_365: {
    message: 'This mailbox is in Exchange Online (Microsoft 365).',
    hint: 'Connect it as a Microsoft 365 account instead: you sign in with Microsoft, and Inlet never sees your password. Exchange Online no longer accepts passwords from apps.',
    step: 'discovery',
    field: 'email',
    retryable: false,
  },
  RECIPIENT_REJECTED: {
    message: 'The mail server refused one of the recipients.',
    hint: "Check the address for typos. If it is right, the recipient's server may not accept mail from you; the detail shows what the server said.",
    step: 'send',
    field: null,
    retryable: false,
  },
  RECIPIENT_DEFERRED: {
    message: "The recipient's mail server asked to try again later.",
    hint: 'Nothing to do yet: Inlet tries again by itself for a while. Servers often do this with a first email from a new sender (greylisting); the detail shows what the server said.',
    step: 'send',
    field: null,
    retryable: true,
  },
  MESSAGE_TOO_LARGE: {
    message: 'The message is larger than the mail server accepts.',
    hint: 'Remove or shrink attachments, or share large files as links.',
    step: 'send',
    field: null,
    retryable: false,
  },
  CONNECTION_LOST: {
    message: 'The connection to the email server was interrupted.',
    hint: 'Inlet reconnects by itself. If this keeps happening, the server may be restarting or limiting connections: ask your email provider or IT team.',
    step: 'sync',
    field: null,
    retryable: true,
  },
  SYNC_FAILED: {
    message: 'The email server could not complete a sync request.',
    hint: 'Inlet tries again shortly. If it keeps failing, the detail shows what the server said; your email provider or IT team can check the mailbox.',
    step: 'sync',
    field: null,
    retryable: true,
  },
  FOLDER_UNAVAILABLE: {
    message: 'A folder chosen for syncing could not be opened.',
    hint: 'It may have been renamed or deleted. Choose the folder again in the connection settings.',
    step: 'folders',
    field: null,
    retryable: false,
  },
  OAUTH_CONSENT_DENIED: {
    message: 'You did not allow Inlet to access this mailbox.',
    hint: 'Connect again and choose Allow on the sign-in page: Inlet needs access to read and send your email.',
    step: 'login',
    field: null,
    retryable: false,
  },
  OAUTH_SCOPES_MISSING: {
    message: 'You did not give Inlet every permission it needs.',
    hint: 'Connect again and leave every permission ticked on the sign-in page (reading and sending email). Inlet cannot sync or send without them.',
    step: 'login',
    field: null,
    retryable: false,
  },
  OAUTH_WRONG_ACCOUNT: {
    message: 'You signed in with a different account than the address you are connecting.',
    hint: 'Sign in as the address you want to connect (choose "Use another account" on the sign-in page), or connect the address you signed in with instead.',
    step: 'login',
    field: 'email',
    retryable: false,
  },
  OAUTH_SHARED_MAILBOX: {
    message: 'This looks like a Microsoft 365 shared mailbox, which Inlet cannot connect.',
    hint: 'Shared mailboxes have no sign-in of their own, so Inlet cannot connect them. Connect your own mailbox instead; if the address is really your own mailbox, sign in as that address.',
    step: 'login',
    field: 'email',
    retryable: false,
  },
  OAUTH_ADVANCED_PROTECTION: {
    message: 'Google Advanced Protection blocks Inlet from this account.',
    hint: "Accounts enrolled in Google's Advanced Protection Program only let a few approved apps read Gmail. Connect another mailbox, or (Google Workspace) ask your administrator to trust Inlet in the Admin console.",
    step: 'login',
    field: 'email',
    retryable: false,
  },
  OAUTH_BLOCKED_BY_ADMIN: {
    message: 'Your organisation does not allow Inlet to access this mailbox.',
    hint: 'Ask your IT team to allow (trust) Inlet in the Google Admin console or the Microsoft Entra admin center, then connect again.',
    step: 'login',
    field: null,
    retryable: false,
  },
  OAUTH_REAUTH_REQUIRED: {
    message: "Inlet's access to this mailbox was revoked or has expired.",
    hint: 'Reconnect: sign in again with Google or Microsoft. Your email history and settings are kept.',
    step: 'login',
    field: null,
    retryable: false,
  },
  OAUTH_PROVIDER_UNAVAILABLE: {
    message: 'The Google or Microsoft sign-in service could not be reached.',
    hint: 'This is usually temporary and Inlet tries again by itself. If it lasts, the gateway may not reach the sign-in service: give your IT team the IP allowlist.',
    step: 'login',
    field: null,
    retryable: true,
  },
  OAUTH_SIGN_IN_FAILED: {
    message: 'The sign-in with Google or Microsoft did not complete.',
    hint: 'Try connecting again. If it keeps failing, ask your Inlet administrator to check the Google or Microsoft app settings (client ID, secret and redirect URL).',
    step: 'login',
    field: null,
    retryable: false,
  },
  OAUTH_STATE_INVALID: {
    message: 'This sign-in link has expired or was already used.',
    hint: 'Start connecting again from Inlet, and finish the sign-in within 10 minutes in the browser where you use Inlet.',
    step: 'login',
    field: null,
    retryable: false,
  },
  FOLDER_UIDVALIDITY_UNSTABLE: {
    message:
      'The email server keeps renumbering the messages of this folder, so Inlet paused syncing it.',
    hint: "This is a problem on the email server (or a proxy in front of it), not in your settings: the folder's UIDVALIDITY keeps changing. Inlet tries the folder again later by itself and keeps syncing your other folders meanwhile. If it keeps happening, ask your email provider or IT team to check the server.",
    step: 'sync',
    field: null,
    retryable: true,
  },
  TOO_MANY_CONNECTIONS: {
    message: 'The email server refused another connection: this account already has too many open.',
    hint: 'Close other mail apps or devices that use this account, or ask your email provider or IT team to raise the per-user connection limit (Dovecot: mail_max_userip_connections). Inlet tries again later by itself.',
    step: 'login',
    field: null,
    retryable: true,
  },
} as const satisfies Record<string, ErrorFacts>;

export type ProviderErrorCode = keyof typeof providerErrors;

/** Failures only the account owner can fix by signing in again: the connection waits in NEEDS_REAUTH. */
export const REAUTH_CODES: ReadonlySet<ProviderErrorCode> = new Set<ProviderErrorCode>([
  'AUTHENTICATION_FAILED',
  'SMTP_AUTHENTICATION_FAILED',
  'OAUTH_REAUTH_REQUIRED',
]);

export interface ProviderErrorOptions {
  /** Overrides the catalogue's step (the same code can happen while checking IMAP or SMTP). */
  step?: ProviderStep;
  field?: ProviderField | null;
  /** What was seen, for the user (e.g. the server's reply); never secrets. */
  detail?: string;
  /** Overrides the catalogue's hint when the provider knows better (Exchange: the DOMAIN\\username form). */
  hint?: string;
  /** A corrected value for `field` the user can take in one click (the name a certificate is for, an EWS URL). */
  suggestion?: string;
  /** CERTIFICATE_CHANGED: the fingerprints involved, for the console to show side by side. */
  certificate?: CertificateChange;
  cause?: unknown;
}

/** A pinned certificate that is not the one the server presents now (SHA-256, AA:BB:... upper case). */
export interface CertificateChange {
  /** The certificate trusted (pinned) when the account was connected. */
  trustedFingerprint: string;
  /** The one the server presented, when the handshake got that far (a chain check can refuse it first). */
  presentedFingerprint?: string;
}

/** A classified provider failure. Classification reads structured fields, never message text. */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly hint: string;
  readonly step: ProviderStep;
  readonly field: ProviderField | null;
  readonly retryable: boolean;
  readonly detail: string | undefined;
  readonly suggestion: string | undefined;
  readonly certificate: CertificateChange | undefined;

  constructor(code: ProviderErrorCode, options: ProviderErrorOptions = {}) {
    const facts: ErrorFacts = providerErrors[code];
    super(facts.message, { cause: options.cause });
    this.name = 'ProviderError';
    this.code = code;
    this.hint = options.hint ?? facts.hint;
    this.step = options.step ?? facts.step;
    this.field = options.field === undefined ? facts.field : options.field;
    this.retryable = facts.retryable;
    this.detail = options.detail;
    this.suggestion = options.suggestion;
    this.certificate = options.certificate;
  }
}

export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError;
}
