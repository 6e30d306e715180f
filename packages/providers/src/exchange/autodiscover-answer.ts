import type { ServerVersion } from './server-version.js';

/** What one autodiscover endpoint answered, whatever its format (POX, SOAP, JSON). */
export type AutodiscoverAnswer =
  | {
      kind: 'settings';
      ewsUrl: string | undefined;
      /** The mailbox's primary SMTP address (POX AutoDiscoverSMTPAddress, SOAP AutoDiscoverSMTPAddress). */
      smtpAddress?: string;
      /** POX MicrosoftOnline / SOAP UserMSOnline: the mailbox is in Exchange Online. */
      microsoftOnline: boolean;
      version?: ServerVersion;
    }
  /** Ask again at another URL (POX Action redirectUrl, SOAP RedirectUrl). */
  | { kind: 'redirect-url'; url: string }
  /** Ask again for another address (POX redirectAddr, SOAP RedirectAddress), e.g. a Microsoft 365 routing address. */
  | { kind: 'redirect-address'; address: string }
  | { kind: 'error'; message: string };
