import { portSecurityWarnings } from '../domain-settings.validation.js';
import type { DomainSettingsResolvers } from '../../../__generated__/resolvers-types.js';

export const DomainSettings: DomainSettingsResolvers = {
  imap: (row) =>
    row.kind === 'IMAP'
      ? {
          imapHost: row.imap_host!,
          imapPort: row.imap_port!,
          imapSecurity: row.imap_security!,
          smtpHost: row.smtp_host!,
          smtpPort: row.smtp_port!,
          smtpSecurity: row.smtp_security!,
          allowInsecureCertificate: row.allow_insecure_certificate === 1,
          allowLegacyTls: row.allow_legacy_tls === 1,
        }
      : null,
  exchange: (row) =>
    row.kind === 'EXCHANGE' ? { exchangeUrl: row.exchange_url!, usage: row.exchange_usage! } : null,
  warnings: (row) => portSecurityWarnings(row),
  createdAt: (row) => row.created_at,
  updatedAt: (row) => row.updated_at,
  updatedBy: async (row, _args, ctx) =>
    row.updated_by
      ? ((await ctx.db
          .selectFrom('users')
          .selectAll()
          .where('id', '=', row.updated_by)
          .executeTakeFirst()) ?? null)
      : null,
};
