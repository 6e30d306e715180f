import { normalizeEmailDomain } from '@inlet/providers';
import { type DomainSettingsAnswer } from '@inlet/providers/detection';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DomainSettingsRow } from '../db/tables/domain-settings.table.js';

/** The admin's settings for an email domain, if any. */
export async function findDomainSettings(
  db: Kysely<Database>,
  domain: string,
): Promise<DomainSettingsRow | undefined> {
  const normalized = normalizeEmailDomain(domain);
  if (!normalized.ok) return undefined;
  return db
    .selectFrom('domain_settings')
    .selectAll()
    .where('domain', '=', normalized.host)
    .executeTakeFirst();
}

/** Admin domain settings as detection reads them. */
export function domainSettingsAnswer(
  row: DomainSettingsRow | undefined,
): DomainSettingsAnswer | undefined {
  if (!row) return undefined;
  if (row.kind === 'EXCHANGE') return { kind: 'EXCHANGE', exchangeUrl: row.exchange_url! };
  return {
    kind: 'IMAP',
    imap: { host: row.imap_host!, port: row.imap_port!, security: row.imap_security! },
    smtp: { host: row.smtp_host!, port: row.smtp_port!, security: row.smtp_security! },
  };
}

/** A server an admin configured for a domain: the host, and the port configured with it. */
export interface AdminHost {
  host: string;
  port: number;
}

/**
 * Servers an admin configured for the domain: the SSRF guard lets these be private, on these ports
 * only (IMAP and SMTP ports; the Exchange URL's port, else 443), so they cannot be port-scanned.
 */
export function adminHosts(row: DomainSettingsRow | undefined): AdminHost[] {
  if (!row) return [];
  if (row.kind === 'EXCHANGE') {
    const url = new URL(row.exchange_url!);
    return [
      {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
        port: url.port ? Number(url.port) : 443,
      },
    ];
  }
  return [
    { host: row.imap_host!.toLowerCase(), port: row.imap_port! },
    { host: row.smtp_host!.toLowerCase(), port: row.smtp_port! },
  ];
}
