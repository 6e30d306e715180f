import { normalizeEmailDomain, normalizeServerHost } from '@inlet/providers';
import { normalizeExchangeUrl } from '@inlet/providers/exchange';
import { classifyAddress, parseIpAddress, type LookupFn } from '@inlet/providers/transport';
import type { DomainSettingsInput } from '../../__generated__/resolvers-types.js';
import type { DomainSettingsTable } from '../../db/tables/domain-settings.table.js';
import type { FieldProblem } from '../../validation.js';

/** The columns a valid input sets; identity and timestamps are added by the caller. */
export type DomainSettingsValues = Omit<
  DomainSettingsTable,
  'id' | 'created_at' | 'updated_at' | 'updated_by'
>;

function checkPort(field: string, port: number, problems: FieldProblem[]): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({ field, message: 'Enter a port from 1 to 65535.' });
  }
}

function checkHost(field: string, host: string, problems: FieldProblem[]): string {
  const result = normalizeServerHost(host);
  if (!result.ok) {
    problems.push({ field, message: result.message });
    return host;
  }
  return result.host;
}

/** Checks every field and returns all problems at once, or the normalised column values. */
export function validateDomainSettings(
  input: DomainSettingsInput,
): { ok: true; values: DomainSettingsValues } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const domain = normalizeEmailDomain(input.domain);
  if (!domain.ok) problems.push({ field: 'domain', message: domain.message });

  if (Boolean(input.imap) === Boolean(input.exchange)) {
    problems.push({
      field: 'kind',
      message: 'Choose either IMAP settings or Exchange settings for a domain.',
    });
    return { ok: false, problems };
  }

  const empty = {
    imap_host: null,
    imap_port: null,
    imap_security: null,
    smtp_host: null,
    smtp_port: null,
    smtp_security: null,
    allow_insecure_certificate: 0,
    allow_legacy_tls: 0,
    exchange_url: null,
    exchange_usage: null,
  } satisfies Partial<DomainSettingsValues>;

  let values: DomainSettingsValues;
  if (input.imap) {
    const imap = input.imap;
    const imapHost = checkHost('imap.imapHost', imap.imapHost, problems);
    const smtpHost = checkHost('imap.smtpHost', imap.smtpHost, problems);
    checkPort('imap.imapPort', imap.imapPort, problems);
    checkPort('imap.smtpPort', imap.smtpPort, problems);
    values = {
      ...empty,
      domain: domain.ok ? domain.host : input.domain,
      kind: 'IMAP',
      imap_host: imapHost,
      imap_port: imap.imapPort,
      imap_security: imap.imapSecurity,
      smtp_host: smtpHost,
      smtp_port: imap.smtpPort,
      smtp_security: imap.smtpSecurity,
      allow_insecure_certificate: imap.allowInsecureCertificate ? 1 : 0,
      allow_legacy_tls: imap.allowLegacyTls ? 1 : 0,
    };
  } else {
    const exchange = input.exchange!;
    const url = checkExchangeUrl(exchange.exchangeUrl, problems);
    values = {
      ...empty,
      domain: domain.ok ? domain.host : input.domain,
      kind: 'EXCHANGE',
      exchange_url: url,
      exchange_usage: exchange.usage ?? 'EMAIL',
    };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

/** The admin's Exchange URL is read as a user's would be: an Outlook on the web URL is refused with the EWS URL. */
function checkExchangeUrl(raw: string, problems: FieldProblem[]): string {
  const check = normalizeExchangeUrl(raw);
  if (check.ok) return check.url.href;
  problems.push({
    field: 'exchange.exchangeUrl',
    message: check.suggestedUrl
      ? `${check.reason} Use ${check.suggestedUrl} instead.`
      : check.reason,
    ...(check.suggestedUrl ? { suggestion: check.suggestedUrl } : {}),
  });
  return raw;
}

// The encryption each well-known port is for; another choice there rarely works.
const IMPLICIT_TLS_PORTS = new Set([465, 993]);
const STARTTLS_PORTS = new Set([587, 143, 25]);

function portWarning(
  field: string,
  port: number | null,
  security: string | null,
): FieldProblem | undefined {
  if (port === null || security === null) return undefined;
  if (security === 'SSL_TLS' && STARTTLS_PORTS.has(port))
    return {
      field,
      message: `Port ${port} usually expects STARTTLS, not SSL/TLS: users' connection checks will likely time out.`,
    };
  if (security === 'STARTTLS' && IMPLICIT_TLS_PORTS.has(port))
    return {
      field,
      message: `Port ${port} usually expects SSL/TLS, not STARTTLS: users' connection checks will likely fail.`,
    };
  return undefined;
}

/** Port and encryption pairs that rarely go together (SSL/TLS on 587, STARTTLS on 465/993): saved, but shown. */
export function portSecurityWarnings(
  values: Pick<DomainSettingsValues, 'imap_port' | 'imap_security' | 'smtp_port' | 'smtp_security'>,
): FieldProblem[] {
  return [
    portWarning('imap.imapSecurity', values.imap_port, values.imap_security),
    portWarning('imap.smtpSecurity', values.smtp_port, values.smtp_security),
  ].filter((w): w is FieldProblem => w !== undefined);
}

/** Why a server may not be configured by a non-super admin at this address, if it may not. */
function forbiddenAddress(host: string, address: string): string | undefined {
  const verdict = classifyAddress(address);
  if (verdict.tier === 'public') return undefined;
  const what =
    host === address
      ? `${address} is a ${verdict.label} address`
      : `${host} resolves to ${address}, a ${verdict.label} address`;
  if (verdict.tier === 'blocked') return `Inlet never connects there: ${what}.`;
  if (verdict.label === 'loopback')
    return `Only a super admin may point domain settings at this machine: ${what}.`;
  return undefined;
}

/**
 * For admins who are not super admins: servers may not be loopback or link-local (nor any range Inlet
 * never connects to), since hosts in domain settings pass the SSRF guard. IP literals are checked in
 * any spelling; names are resolved too, best effort and bounded (a name that does not resolve yet is
 * fine). The guard re-checks at every connect and binds the allowance to the configured ports.
 */
export async function checkServerAddresses(
  values: DomainSettingsValues,
  lookup: LookupFn,
  timeoutMs = 3_000,
): Promise<FieldProblem[]> {
  const servers: [string, string][] =
    values.kind === 'IMAP'
      ? [
          ['imap.imapHost', values.imap_host!],
          ['imap.smtpHost', values.smtp_host!],
        ]
      : [
          [
            'exchange.exchangeUrl',
            new URL(values.exchange_url!).hostname.replace(/^\[(.*)\]$/, '$1'),
          ],
        ];
  const problems = await Promise.all(
    servers.map(async ([field, host]) => {
      const resolved = parseIpAddress(host) ? [host] : await lookupBounded(lookup, host, timeoutMs);
      const message = resolved
        .map((address) => forbiddenAddress(host, address))
        .find((m) => m !== undefined);
      return message ? [{ field, message }] : [];
    }),
  );
  return problems.flat();
}

async function lookupBounded(lookup: LookupFn, host: string, timeoutMs: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never[]>((resolve) => {
    timer = setTimeout(() => resolve([]), timeoutMs);
  });
  try {
    return await Promise.race([lookup(host).then((found) => found.map((a) => a.address)), timeout]);
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}
