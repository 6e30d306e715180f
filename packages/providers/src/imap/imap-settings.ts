import { z } from 'zod';

const security = z.enum(['SSL_TLS', 'STARTTLS']);

/** One server of an account: the host as typed (the TLS name), its port and transport security. */
export const endpointSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  security,
});
export type Endpoint = z.infer<typeof endpointSchema>;

/** A certificate the user chose to trust ("trust any certificate"), pinned per server. */
export const pinnedCertificateSchema = z.object({ fingerprint: z.string(), pem: z.string() });
export type PinnedCertificate = z.infer<typeof pinnedCertificateSchema>;

/** Non-secret settings of an IMAP connection (connections.settings_json). */
export const imapSettingsSchema = z.object({
  username: z.string(),
  imap: endpointSchema,
  smtp: endpointSchema,
  smtpSameCredentials: z.boolean(),
  smtpUsername: z.string().nullable(),
  trustAnyCertificate: z.boolean(),
  /** Accept TLS 1.0/1.1 (OpenSSL security level 0): the user's or the domain admin's explicit opt-in. */
  allowLegacyTls: z.boolean().default(false),
  pinnedCertificates: z.object({
    imap: pinnedCertificateSchema.nullable(),
    smtp: pinnedCertificateSchema.nullable(),
  }),
  inboxPath: z.string(),
  sentFolder: z.string().nullable(),
  inboxAutomation: z.boolean(),
});
export type ImapSettings = z.infer<typeof imapSettingsSchema>;

/** What the IMAP connect form sends, validated by the gateway. */
export interface ImapConnectInput {
  email: string;
  username: string;
  password: string;
  imap: Endpoint;
  smtp: Endpoint;
  smtpSameCredentials: boolean;
  smtpUsername: string;
  smtpPassword: string;
  trustAnyCertificate: boolean;
  /** Opt-in to TLS 1.0/1.1 for both servers. */
  allowLegacyTls: boolean;
  inboxAutomation: boolean;
}
