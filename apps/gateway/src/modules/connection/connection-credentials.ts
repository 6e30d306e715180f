import type { ImapAppendAccount, SmtpAccountInput, VettedAddress } from '@inlet/providers';
import type { GatewayServices } from '../../context.js';
import type { ConnectionRow } from '../../db/tables/connection.table.js';
import { readSecret } from '../../vault/secret-store.js';
import { findDomainSettings } from '../domain-settings/domain-settings.service.js';
import { parseImapSettings, type ImapSettings } from './connection-settings.js';
import { adminHosts } from '../../mail/domain-hosts.js';

/** Everything a provider session needs for an IMAP connection; secrets decrypted just now, never cached. */
export interface ImapCredentials {
  settings: ImapSettings;
  imap: ImapAppendAccount;
  smtp: SmtpAccountInput;
  vet(host: string): Promise<VettedAddress>;
  ca: string[] | undefined;
}

export async function imapCredentials(services: GatewayServices, connection: ConnectionRow): Promise<ImapCredentials> {
  const settings = parseImapSettings(connection.settings_json);
  const password = await readSecret(services.db, services.vault, connection.id, 'password');
  if (password === undefined) throw new Error(`Connection ${connection.id} has no stored password`);
  const smtpPassword = settings.smtpSameCredentials ? password : await readSecret(services.db, services.vault, connection.id, 'smtp_password');
  const trusted = adminHosts(await findDomainSettings(services.db, connection.email.slice(connection.email.lastIndexOf('@') + 1)));
  const { imap: imapPin, smtp: smtpPin } = settings.pinnedCertificates;
  return {
    settings,
    imap: { ...settings.imap, username: settings.username, password, ...(imapPin ? { pinned: imapPin } : {}) },
    smtp: {
      ...settings.smtp,
      username: settings.smtpUsername ?? settings.username,
      password: smtpPassword ?? password,
      ...(smtpPin ? { pinnedFingerprint: smtpPin.fingerprint } : {}),
    },
    vet: (host) => services.mailNetwork.vet(host, trusted),
    ca: services.mailNetwork.ca,
  };
}
