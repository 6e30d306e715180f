import { normalizeServerHost } from '../core/hostname.js';
import { providerOfImapHost } from './known-providers.js';
import type { DetectedServer, TransportSecurity } from './types.js';
import { XmlError, childText, childrenNamed, localName, parseXml } from './xml.js';
import type { XmlElement } from './xml.js';

/** One <incomingServer> or <outgoingServer> of a clientConfig (config-v1.1.xml), as written. */
export interface ClientConfigServer {
  type: string;
  hostname?: string;
  port?: string;
  socketType?: string;
  username?: string;
  authentication: string[];
  /** <ewsURL> / <exchangeURL> (type exchange) or <url> (type ews). */
  url?: string;
}

export interface ClientConfig {
  domains: string[];
  incoming: ClientConfigServer[];
  outgoing: ClientConfigServer[];
}

/** Reads a Thunderbird autoconfig / ISPDB document. Throws XmlError when it is not one. */
export function parseClientConfig(xml: string): ClientConfig {
  const root = parseXml(xml);
  if (localName(root) !== 'clientConfig')
    throw new XmlError(`Root element is <${root.name}>, not <clientConfig>.`);
  const provider = childrenNamed(root, 'emailProvider')[0];
  if (!provider) throw new XmlError('No <emailProvider>.');
  const server = (element: XmlElement): ClientConfigServer => {
    const read: ClientConfigServer = {
      type: (element.attributes.type ?? '').toLowerCase(),
      authentication: childrenNamed(element, 'authentication').map((a) => a.text.trim()),
    };
    for (const field of ['hostname', 'port', 'socketType', 'username'] as const) {
      const value = childText(element, field);
      if (value !== undefined) read[field] = value;
    }
    const url =
      childText(element, 'ewsURL') ??
      childText(element, 'exchangeURL') ??
      childText(element, 'url');
    if (url !== undefined) read.url = url;
    return read;
  };
  return {
    domains: childrenNamed(provider, 'domain').map((d) => d.text.trim().toLowerCase()),
    incoming: childrenNamed(provider, 'incomingServer').map(server),
    outgoing: childrenNamed(provider, 'outgoingServer').map(server),
  };
}

export interface ClientConfigChoice {
  imap?: DetectedServer;
  smtp?: DetectedServer;
  exchangeUrl?: string;
  /** Why servers were passed over (plaintext, OAuth-only, invalid), for the detection log. */
  skipped: string[];
}

/**
 * Picks the first usable IMAP and SMTP server of a config for one address: encrypted only (plain
 * is skipped), a valid host and port, placeholders filled in. OAuth2-only servers are usable only
 * for providers Inlet has an OAuth connector for (Google, Microsoft).
 */
export function chooseServers(
  config: ClientConfig,
  email: { localPart: string; domain: string },
): ClientConfigChoice {
  const choice: ClientConfigChoice = { skipped: [] };
  const fill = (template: string): string =>
    template
      .replaceAll('%EMAILADDRESS%', `${email.localPart}@${email.domain}`)
      .replaceAll('%EMAILLOCALPART%', email.localPart)
      .replaceAll('%EMAILDOMAIN%', email.domain);

  const usable = (
    server: ClientConfigServer,
    kind: 'imap' | 'smtp',
  ): DetectedServer | undefined => {
    const label = `${kind} ${server.hostname ?? '?'}:${server.port ?? '?'}`;
    const security = toSecurity(server.socketType);
    if (!security) {
      choice.skipped.push(`${label} (${server.socketType ?? 'no'} socket type: not encrypted)`);
      return undefined;
    }
    const host =
      server.hostname === undefined ? undefined : normalizeServerHost(fill(server.hostname));
    const port = Number(server.port);
    if (!host?.ok || !/^\d{1,5}$/.test(server.port ?? '') || port < 1 || port > 65535) {
      choice.skipped.push(`${label} (invalid host or port)`);
      return undefined;
    }
    const methods = server.authentication.map((a) => a.toLowerCase());
    const oauthProvider = providerOfImapHost(
      kind === 'imap' ? host.host : (choice.imap?.host ?? ''),
    );
    if (methods.length > 0 && methods.every((m) => m === 'oauth2') && !oauthProvider) {
      choice.skipped.push(`${label} (OAuth2 only)`);
      return undefined;
    }
    const detected: DetectedServer = { host: host.host, port, security };
    const username = server.username === undefined ? undefined : fill(server.username);
    // A placeholder we cannot fill (%REALNAME%, a typo) leaves the username to the user.
    if (username && !username.includes('%')) detected.username = username;
    return detected;
  };

  for (const server of config.incoming) {
    if (server.type === 'imap' && !choice.imap) {
      const imap = usable(server, 'imap');
      if (imap) choice.imap = imap;
    } else if (
      (server.type === 'exchange' || server.type === 'ews') &&
      !choice.exchangeUrl &&
      server.url
    ) {
      if (isHttpsUrl(server.url)) choice.exchangeUrl = server.url;
      else choice.skipped.push(`${server.type} ${server.url} (not https)`);
    }
  }
  for (const server of config.outgoing) {
    if (server.type !== 'smtp' || choice.smtp) continue;
    const smtp = usable(server, 'smtp');
    if (smtp) choice.smtp = smtp;
  }
  return choice;
}

function toSecurity(socketType: string | undefined): TransportSecurity | undefined {
  switch (socketType?.toUpperCase()) {
    case 'SSL':
      return 'SSL_TLS';
    case 'STARTTLS':
      return 'STARTTLS';
    default:
      return undefined;
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
