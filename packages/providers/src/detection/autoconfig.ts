import type { FetchText } from '../transport/fetch-text.js';
import { chooseServers, parseClientConfig } from './client-config.js';
import type { ClientConfigChoice } from './client-config.js';
import { describeError, describeServer } from './describe.js';
import { providerOfImapHost } from './known-providers.js';
import type { DetectionHit } from './types.js';
import { XmlError } from './xml.js';

/** Thunderbird's default ISPDB location; `${base}/${domain}` answers one config. */
export const DEFAULT_ISPDB_BASE_URL = 'https://live.thunderbird.net/autoconfig/v1.1';

export interface AutoconfigContext {
  email: { localPart: string; domain: string };
  fetchText: FetchText;
  timeoutMs: number;
  signal: AbortSignal;
}

/** The ISP's own autoconfig locations, https only (http answers could be forged on the path). */
export function ispAutoconfigUrls(domain: string, address: string): string[] {
  return [
    `https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(address)}`,
    `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
  ];
}

/** The ISPDB URL for a domain; only the domain is sent, never the address. */
export function ispdbUrl(baseUrl: string, domain: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(domain)}`;
}

export interface AutoconfigAnswer {
  choice?: ClientConfigChoice;
  log: string;
}

/** Fetches and reads one config document. Never rejects; failures end up in the log line. */
export async function fetchAutoconfig(
  label: string,
  url: string,
  ctx: AutoconfigContext,
): Promise<AutoconfigAnswer> {
  const shown = `${label} ${url.replace(/\?.*$/, '')}`;
  try {
    const response = await ctx.fetchText(url, { timeoutMs: ctx.timeoutMs, signal: ctx.signal });
    if (response.status !== 200) return { log: `${shown}: HTTP ${response.status}` };
    const choice = chooseServers(parseClientConfig(response.body), ctx.email);
    const found = [
      choice.imap && `imap ${describeServer(choice.imap)}`,
      choice.smtp && `smtp ${describeServer(choice.smtp)}`,
      choice.exchangeUrl && `Exchange ${choice.exchangeUrl}`,
    ];
    const parts = [...found.filter(Boolean), ...choice.skipped.map((s) => `skipped ${s}`)];
    return { choice, log: `${shown}: ${parts.length > 0 ? parts.join('; ') : 'no servers'}` };
  } catch (err) {
    return {
      log: `${shown}: ${err instanceof XmlError ? 'not an autoconfig document' : describeError(err)}`,
    };
  }
}

/** What a config means for the address, or undefined when it has nothing usable. */
export function hitFromConfig(
  choice: ClientConfigChoice | undefined,
  source: 'AUTOCONFIG' | 'ISPDB',
): DetectionHit | undefined {
  if (!choice) return undefined;
  if (choice.imap) {
    const hit: DetectionHit = {
      provider: providerOfImapHost(choice.imap.host) ?? 'IMAP',
      source,
      imap: choice.imap,
    };
    if (choice.smtp) hit.smtp = choice.smtp;
    return hit;
  }
  if (choice.exchangeUrl) {
    // Exchange Online never gets a password: route it to Microsoft 365.
    const host = new URL(choice.exchangeUrl).hostname;
    const online = host === 'outlook.office365.com' || host === 'outlook.office.com';
    return {
      provider: online ? 'MICROSOFT_365' : 'EXCHANGE',
      source,
      exchangeUrl: choice.exchangeUrl,
    };
  }
  return undefined;
}
