import type { DomainSettingsKind, ExchangeUsage, MailSecurity } from '@/gql/graphql';

export const kindLabels: Record<DomainSettingsKind, string> = { IMAP: 'IMAP', EXCHANGE: 'Exchange' };

export const securityLabels: Record<MailSecurity, string> = { SSL_TLS: 'SSL/TLS', STARTTLS: 'STARTTLS' };

export const usageLabels: Record<ExchangeUsage, string> = {
  EMAIL: 'Email',
  CALENDAR: 'Calendar',
  EMAIL_AND_CALENDAR: 'Email and calendar',
};
