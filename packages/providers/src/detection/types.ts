import type { Resolver } from 'node:dns/promises';
import type { FetchText } from '../transport/fetch-text.js';

/** What detection concludes an address is hosted on. */
export type DetectedProvider = 'GMAIL' | 'MICROSOFT_365' | 'EXCHANGE' | 'IMAP' | 'UNSUPPORTED';

/** Which source answered, in the order they are consulted. */
export type DetectionSource =
  'DOMAIN_SETTINGS' | 'KNOWN_PROVIDER' | 'MX' | 'AUTOCONFIG' | 'ISPDB' | 'SRV' | 'GUESS';

/** Implicit TLS or STARTTLS; detection never proposes a plaintext server. */
export type TransportSecurity = 'SSL_TLS' | 'STARTTLS';

export interface DetectedServer {
  host: string;
  port: number;
  security: TransportSecurity;
  /** Login name from an autoconfig template (%EMAILADDRESS%, %EMAILLOCALPART%), when one was given. */
  username?: string;
}

export interface DetectionResult {
  provider: DetectedProvider;
  /** Why the address is UNSUPPORTED, in words a user understands. */
  reason?: string;
  source: DetectionSource;
  imap?: DetectedServer;
  smtp?: DetectedServer;
  exchangeUrl?: string;
  /** Only for GUESS: every candidate in the order to try; the caller probes them, first that works wins. */
  candidates?: { imap: DetectedServer[]; smtp: DetectedServer[] };
  /** Human-readable log of what was looked up and what it answered, in priority order. */
  tried: string[];
}

/** Admin domain settings, as the caller's store answers them. */
export type DomainSettingsAnswer =
  | { kind: 'IMAP'; imap: DetectedServer; smtp: DetectedServer }
  | { kind: 'EXCHANGE'; exchangeUrl: string };

/** The part of node:dns Resolver detection uses (MX and SRV queries). */
export type MailDnsResolver = Pick<Resolver, 'resolveMx' | 'resolveSrv'>;

export interface DetectionDeps {
  /** Admin settings for a domain (lower-case, punycode), or undefined when there are none. */
  domainSettings?: (
    domain: string,
  ) => Promise<DomainSettingsAnswer | undefined> | DomainSettingsAnswer | undefined;
  /** DNS for MX and SRV; default a fresh node:dns Resolver using the system's servers. */
  resolver?: MailDnsResolver;
  /**
   * HTTPS GET for autoconfig and the ISPDB; default createHttpsFetcher() refusing private
   * addresses. Whatever is injected must go through resolveAndVet (createHttpsFetcher does).
   */
  fetchText?: FetchText;
  /** ISPDB base URL (`${base}/${domain}` is fetched); null turns the ISPDB off. */
  ispdbBaseUrl?: string | null;
  /** Bound on each lookup; default 4 s. */
  timeoutMs?: number;
  /** Bound on the whole detection; default 12 s. When hit, what is known so far is returned. */
  totalTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A source's answer when it found something. */
export type DetectionHit = Omit<DetectionResult, 'tried'>;
