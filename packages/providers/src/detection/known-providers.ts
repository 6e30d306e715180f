import type { DetectedServer, DetectionHit } from './types.js';

const ssl = (host: string, port: number): DetectedServer => ({ host, port, security: 'SSL_TLS' });
const starttls = (host: string, port: number): DetectedServer => ({
  host,
  port,
  security: 'STARTTLS',
});

export const GOOGLE_SERVERS = {
  imap: ssl('imap.gmail.com', 993),
  smtp: ssl('smtp.gmail.com', 465),
};
export const MICROSOFT_365_SERVERS = {
  imap: ssl('outlook.office365.com', 993),
  smtp: starttls('smtp.office365.com', 587),
};
export const AMAZON_REASON = 'Amazon WorkMail and Amazon SES mailboxes are not supported.';

interface KnownProvider {
  /** Exact email domains. */
  domains: string[];
  /** Email domains under these are matched too (an organisation's alias.awsapps.com). */
  suffixes?: string[];
  hit: Omit<DetectionHit, 'source'>;
}

// Facts from each provider's published IMAP/SMTP settings.
const knownProviders: KnownProvider[] = [
  { domains: ['gmail.com', 'googlemail.com'], hit: { provider: 'GMAIL', ...GOOGLE_SERVERS } },
  {
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'hotmail.co.uk',
      'hotmail.fr',
      'live.co.uk',
      'outlook.fr',
      'outlook.de',
    ],
    hit: {
      provider: 'MICROSOFT_365',
      imap: ssl('outlook.office365.com', 993),
      smtp: starttls('smtp-mail.outlook.com', 587),
    },
  },
  {
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de'],
    hit: {
      provider: 'IMAP',
      imap: ssl('imap.mail.yahoo.com', 993),
      smtp: ssl('smtp.mail.yahoo.com', 465),
    },
  },
  {
    domains: ['icloud.com', 'me.com', 'mac.com'],
    hit: {
      provider: 'IMAP',
      imap: ssl('imap.mail.me.com', 993),
      smtp: starttls('smtp.mail.me.com', 587),
    },
  },
  {
    domains: ['aol.com'],
    hit: { provider: 'IMAP', imap: ssl('imap.aol.com', 993), smtp: ssl('smtp.aol.com', 465) },
  },
  {
    domains: ['gmx.com'],
    hit: { provider: 'IMAP', imap: ssl('imap.gmx.com', 993), smtp: starttls('mail.gmx.com', 587) },
  },
  {
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
    hit: { provider: 'IMAP', imap: ssl('imap.gmx.net', 993), smtp: ssl('mail.gmx.net', 465) },
  },
  {
    domains: ['web.de'],
    hit: { provider: 'IMAP', imap: ssl('imap.web.de', 993), smtp: starttls('smtp.web.de', 587) },
  },
  {
    domains: ['fastmail.com', 'fastmail.fm'],
    hit: {
      provider: 'IMAP',
      imap: ssl('imap.fastmail.com', 993),
      smtp: ssl('smtp.fastmail.com', 465),
    },
  },
  {
    domains: ['zoho.com', 'zohomail.com'],
    hit: { provider: 'IMAP', imap: ssl('imap.zoho.com', 993), smtp: ssl('smtp.zoho.com', 465) },
  },
  {
    domains: ['yandex.com', 'yandex.ru', 'ya.ru'],
    hit: { provider: 'IMAP', imap: ssl('imap.yandex.com', 993), smtp: ssl('smtp.yandex.com', 465) },
  },
  {
    domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru'],
    hit: { provider: 'IMAP', imap: ssl('imap.mail.ru', 993), smtp: ssl('smtp.mail.ru', 465) },
  },
  {
    domains: ['awsapps.com', 'amazonses.com'],
    suffixes: ['awsapps.com', 'amazonses.com'],
    hit: { provider: 'UNSUPPORTED', reason: AMAZON_REASON },
  },
];

const byDomain = new Map(knownProviders.flatMap((p) => p.domains.map((d) => [d, p] as const)));

/** The well-known provider an email domain (lower-case, punycode) belongs to, if any. */
export function knownProviderFor(domain: string): DetectionHit | undefined {
  const match =
    byDomain.get(domain) ??
    knownProviders.find((p) => p.suffixes?.some((s) => domain.endsWith(`.${s}`)));
  return match ? { ...match.hit, source: 'KNOWN_PROVIDER' } : undefined;
}

/** Which OAuth provider an IMAP host belongs to, so autoconfig answers naming it route to OAuth. */
export function providerOfImapHost(host: string): 'GMAIL' | 'MICROSOFT_365' | undefined {
  if (host === 'imap.gmail.com' || host === 'imap.googlemail.com') return 'GMAIL';
  if (host === 'outlook.office365.com' || host === 'imap-mail.outlook.com') return 'MICROSOFT_365';
  return undefined;
}
