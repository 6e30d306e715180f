import type { Selectable } from 'kysely';

export type DomainSettingsKind = 'IMAP' | 'EXCHANGE';
export type MailSecurity = 'SSL_TLS' | 'STARTTLS';
export type ExchangeUsage = 'EMAIL' | 'CALENDAR' | 'EMAIL_AND_CALENDAR';

/** One row per domain; the columns of the other kind are null (checked by the table constraint). */
export interface DomainSettingsTable {
  id: string;
  domain: string;
  kind: DomainSettingsKind;
  imap_host: string | null;
  imap_port: number | null;
  imap_security: MailSecurity | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: MailSecurity | null;
  /** 0 or 1 (integer on both engines). */
  allow_insecure_certificate: number;
  /** 1: TLS 1.0/1.1 allowed (prefills the connect form's Advanced option). */
  allow_legacy_tls: number;
  exchange_url: string | null;
  exchange_usage: ExchangeUsage | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}
export type DomainSettingsRow = Selectable<DomainSettingsTable>;
