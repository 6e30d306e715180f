/** The providers Inlet connects to; the GraphQL ProviderKind enum mirrors this union. */
export type ProviderKind = 'IMAP' | 'EXCHANGE' | 'GMAIL' | 'MICROSOFT_365';
