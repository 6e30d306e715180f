import { z } from 'zod';

/** Non-secret settings of an Exchange connection (connections.settings_json); the password is a secret. */
export const exchangeSettingsSchema = z.object({
  ewsUrl: z.string().url(),
  /** The user name form that worked at verification (UPN, DOMAIN\user or the address). */
  username: z.string(),
  authScheme: z.enum(['basic', 'ntlm']),
  serverVersion: z.string(),
  smtpAddress: z.string(),
  /** Targets of move/copy inbox rules, synced along with Inbox and Sent Items. */
  ruleFolders: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ExchangeSettings = z.infer<typeof exchangeSettingsSchema>;

/** What the Exchange connect form sends; the URL is optional (domain settings or autodiscover find it). */
export interface ExchangeConnectInput {
  email: string;
  password: string;
  username?: string;
  exchangeUrl?: string;
}
