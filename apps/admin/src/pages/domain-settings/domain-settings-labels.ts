import type { DomainSettingsKind, ExchangeUsage } from '@/gql/graphql';

export const kindLabels: Record<DomainSettingsKind, string> = {
  IMAP: 'IMAP',
  EXCHANGE: 'Exchange',
};

export const usageLabels: Record<ExchangeUsage, string> = {
  EMAIL: 'Email',
  CALENDAR: 'Calendar',
  EMAIL_AND_CALENDAR: 'Email and calendar',
};
