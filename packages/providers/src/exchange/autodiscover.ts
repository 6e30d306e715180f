import { Resolver } from 'node:dns/promises';
import { isProviderError, ProviderError } from '../core/provider-error.js';
import type { AutodiscoverAnswer } from './autodiscover-answer.js';
import { jsonAutodiscoverUrl, parseJsonAutodiscoverResponse } from './autodiscover-json.js';
import { parsePoxResponse, poxRequestXml } from './autodiscover-pox.js';
import {
  GET_USER_SETTINGS_ACTION,
  parseSoapAutodiscoverResponse,
  soapRequestXml,
} from './autodiscover-soap.js';
import {
  chooseScheme,
  looksLikeExchangeOnline,
  parseAuthOffer,
  type EwsAuthScheme,
  type LoginAttempts,
} from './ews-auth.js';
import {
  HttpFailure,
  sendHttp,
  type EwsHttpDeps,
  type HttpAuth,
  type HttpResponse,
} from './ews-http.js';
import { hostOf } from './ews-url.js';
import { classifyHost, isExchangeOnlineAddress, type HostPolicy } from './host-policy.js';
import { describeVersion, isExchangeOnlineVersion, type ServerVersion } from './server-version.js';
import { XmlError } from './soap-xml.js';

export type AutodiscoverFormat = 'json' | 'pox' | 'soap';
export type AutodiscoverSource = `autodiscover-${AutodiscoverFormat}`;

export interface AutodiscoverDeps extends EwsHttpDeps {
  /** Hosts outside the user's domain an administrator allows credentials to go to (exact, or *.domain). */
  approvedHosts?: readonly string[];
  /** DNS for the _autodiscover._tcp SRV lookup; default node:dns with the system's servers. */
  resolver?: {
    resolveSrv(
      name: string,
    ): Promise<Array<{ name: string; port: number; priority: number; weight: number }>>;
  };
  /** Bound on each request; default 8 s. */
  requestTimeoutMs?: number;
}

export interface AutodiscoverResult {
  ewsUrl: URL;
  source: AutodiscoverSource;
  /** The autodiscover endpoint that answered. */
  endpoint: string;
  smtpAddress?: string;
  version?: ServerVersion;
  /** What was tried and what each answered, in order. */
  log: string[];
}

/** Redirects followed per lookup: HTTP 3xx, POX/SOAP redirectUrl and redirectAddr, SRV. */
export const MAX_REDIRECT_HOPS = 3;
const DEFAULT_REQUEST_TIMEOUT_MS = 8_000;

/**
 * Finds the EWS URL for an address with Inlet's own autodiscover, in this order:
 * 1. Autodiscover v2 JSON (anonymous) on autodiscover.<domain> and <domain>;
 * 2. POX (POST /autodiscover/autodiscover.xml) on <domain> and autodiscover.<domain>;
 * 3. SOAP GetUserSettings (/autodiscover/autodiscover.svc) on the same two hosts;
 * 4. the unauthenticated http://autodiscover.<domain>/autodiscover/autodiscover.xml redirect probe
 *    (only its Location is read; the POX request then goes over https);
 * 5. the DNS SRV record _autodiscover._tcp.<domain> (port 443 only).
 *
 * Every request is sent without credentials first: the 401 tells which sign-in methods are offered
 * and whether this is Exchange Online, before the password goes anywhere. Redirects are followed
 * by hand, https only, at most 3 per lookup, and only to the user's own domain or an approved host;
 * one to Microsoft means Exchange Online (USE_MICROSOFT_365, no password sent there).
 *
 * @throws ProviderError USE_MICROSOFT_365, AUTHENTICATION_FAILED (both user name forms refused),
 *   EXCHANGE_AUTODISCOVER_FAILED (nothing found; the detail lists what was tried).
 */
export async function autodiscoverEwsUrl(
  input: { email: string; password: string },
  deps: AutodiscoverDeps,
  attempts: LoginAttempts,
  signal: AbortSignal,
  /** Receives each line as it happens (so a caller that times out can still say what was tried). */
  log: string[] = [],
): Promise<AutodiscoverResult> {
  return new Discovery(input, deps, attempts, signal, log).run();
}

type Step =
  | { kind: 'answer'; answer: AutodiscoverAnswer; url: URL }
  | { kind: 'redirect'; to: URL }
  | { kind: 'skip'; reason: string };

class Discovery {
  private readonly domain: string;
  private readonly policy: HostPolicy;
  /** The sign-in method that worked at autodiscover, reused on the next endpoint. */
  private scheme: EwsAuthScheme | undefined;

  constructor(
    private readonly input: { email: string; password: string },
    private readonly deps: AutodiscoverDeps,
    private readonly attempts: LoginAttempts,
    private readonly signal: AbortSignal,
    readonly log: string[],
  ) {
    this.domain = input.email.slice(input.email.lastIndexOf('@') + 1).toLowerCase();
    this.policy = {
      emailDomain: this.domain,
      ...(deps.approvedHosts ? { approvedHosts: deps.approvedHosts } : {}),
    };
  }

  async run(): Promise<AutodiscoverResult> {
    const d = this.domain;
    const lookups: Array<[AutodiscoverFormat, URL]> = [
      ['json', jsonAutodiscoverUrl(`https://autodiscover.${d}`, this.input.email)],
      ['json', jsonAutodiscoverUrl(`https://${d}`, this.input.email)],
      ['pox', new URL(`https://${d}/autodiscover/autodiscover.xml`)],
      ['pox', new URL(`https://autodiscover.${d}/autodiscover/autodiscover.xml`)],
      ['soap', new URL(`https://${d}/autodiscover/autodiscover.svc`)],
      ['soap', new URL(`https://autodiscover.${d}/autodiscover/autodiscover.svc`)],
    ];
    for (const [format, url] of lookups) {
      const found = await this.follow(format, url, 0);
      if (found) return found;
    }
    const viaHttp = await this.httpRedirectProbe();
    if (viaHttp) return viaHttp;
    const viaSrv = await this.srvLookup();
    if (viaSrv) return viaSrv;
    throw new ProviderError('EXCHANGE_AUTODISCOVER_FAILED', { detail: summarise(this.log) });
  }

  /** One lookup from its first URL to an EWS URL, hand-following at most 3 redirects. */
  private async follow(
    format: AutodiscoverFormat,
    start: URL,
    hopsSoFar: number,
  ): Promise<AutodiscoverResult | undefined> {
    let url = start;
    let email = this.input.email;
    let hops = hopsSoFar;
    for (;;) {
      const step = await this.ask(format, url, email);
      let next: URL;
      if (step.kind === 'skip') {
        this.note(format, url, step.reason);
        return undefined;
      }
      if (step.kind === 'redirect') {
        next = step.to;
      } else {
        const { answer } = step;
        if (answer.kind === 'settings') return this.settings(format, url, answer);
        if (answer.kind === 'error') {
          this.note(format, url, answer.message);
          return undefined;
        }
        if (answer.kind === 'redirect-address') {
          if (isExchangeOnlineAddress(answer.address)) {
            throw microsoft365(
              `Autodiscover at ${url.host} redirects ${email} to the Microsoft 365 address ${answer.address}.`,
            );
          }
          this.note(format, url, `asks again for ${answer.address}`);
          email = answer.address;
          next = url;
        } else {
          const target = parseUrl(answer.url, url);
          if (!target) {
            this.note(format, url, `redirect to an invalid URL (${answer.url})`);
            return undefined;
          }
          next = target;
        }
      }
      hops += 1;
      if (hops > MAX_REDIRECT_HOPS) {
        this.note(
          format,
          url,
          `redirect to ${next.href} refused: more than ${MAX_REDIRECT_HOPS} redirects`,
        );
        return undefined;
      }
      const refusal = this.refuseHop(next);
      if (refusal) {
        this.note(format, url, `redirect to ${next.href} refused: ${refusal}`);
        return undefined;
      }
      if (next !== url) this.note(format, url, `redirects to ${next.href}`);
      url = next;
    }
  }

  /**
   * One request: without credentials first; a redirect is returned as is; a 401 is answered with
   * the offered method (Basic, else NTLM) and the user name forms LoginAttempts allows.
   */
  private async ask(format: AutodiscoverFormat, url: URL, email: string): Promise<Step> {
    const first = await this.send(format, url, email, { scheme: 'none' });
    if (typeof first === 'string') return { kind: 'skip', reason: first };
    let response: HttpResponse = first;
    this.checkForExchangeOnline(response, url);
    const redirect = redirectOf(response, url);
    if (redirect) return redirect;

    if (response.status === 401) {
      if (format === 'json')
        return { kind: 'skip', reason: 'asks for credentials (Autodiscover v2 is anonymous)' };
      const offer = parseAuthOffer(response.challenges);
      if (looksLikeExchangeOnline(offer))
        throw microsoft365(`${url.host} asks for a Microsoft 365 sign-in (OAuth) only.`);
      const scheme =
        this.scheme && offerAllows(offer, this.scheme) ? this.scheme : chooseScheme(offer);
      if (!scheme)
        return {
          kind: 'skip',
          reason: `offers only ${offer.schemes.join(', ') || 'no sign-in method'}`,
        };
      try {
        const { value } = await this.attempts.attempt<HttpResponse>(async (username) => {
          const answer = await this.send(format, url, email, {
            scheme,
            username,
            password: this.input.password,
          });
          if (typeof answer === 'string') throw new Unreachable(answer);
          return answer.status === 401
            ? { rejected: true as const }
            : { rejected: false as const, value: answer };
        }, 'discovery');
        response = value;
      } catch (err) {
        if (err instanceof Unreachable) return { kind: 'skip', reason: err.message };
        throw err;
      }
      this.scheme = scheme;
      const after = redirectOf(response, url);
      if (after) return after;
    }
    if (response.status !== 200) return { kind: 'skip', reason: `HTTP ${response.status}` };
    try {
      const answer =
        format === 'json'
          ? parseJsonAutodiscoverResponse(response.body)
          : format === 'pox'
            ? parsePoxResponse(response.body)
            : parseSoapAutodiscoverResponse(response.body);
      return { kind: 'answer', answer, url };
    } catch (err) {
      if (err instanceof XmlError || err instanceof SyntaxError)
        return { kind: 'skip', reason: 'the answer is not an autodiscover document' };
      throw err;
    }
  }

  /** Sends one request; a network failure or refused host comes back as the reason to skip this URL. */
  private async send(
    format: AutodiscoverFormat,
    url: URL,
    email: string,
    auth: HttpAuth,
  ): Promise<HttpResponse | string> {
    const timeout = AbortSignal.timeout(this.deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const signal = AbortSignal.any([this.signal, timeout]);
    try {
      if (format === 'json')
        return await sendHttp(
          { method: 'GET', url, headers: { accept: 'application/json' }, auth, signal },
          this.deps,
        );
      const body = format === 'pox' ? poxRequestXml(email) : soapRequestXml(email, url.href);
      const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
      if (format === 'soap') headers.soapaction = `"${GET_USER_SETTINGS_ACTION}"`;
      return await sendHttp({ method: 'POST', url, body, headers, auth, signal }, this.deps);
    } catch (err) {
      if (this.signal.aborted) throw err;
      if (timeout.aborted) return 'no answer in time';
      if (err instanceof HttpFailure || isProviderError(err)) return reasonOf(err);
      throw err;
    }
  }

  private settings(
    format: AutodiscoverFormat,
    endpoint: URL,
    answer: Extract<AutodiscoverAnswer, { kind: 'settings' }>,
  ): AutodiscoverResult | undefined {
    if (answer.microsoftOnline)
      throw microsoft365(
        `Autodiscover at ${endpoint.host} says the mailbox is in Exchange Online.`,
      );
    if (answer.version && isExchangeOnlineVersion(answer.version)) {
      throw microsoft365(
        `Autodiscover at ${endpoint.host} reports ${describeVersion(answer.version)}.`,
      );
    }
    const ewsUrl = answer.ewsUrl ? parseUrl(answer.ewsUrl, endpoint) : undefined;
    if (!ewsUrl) {
      this.note(format, endpoint, 'answered without an EWS URL');
      return undefined;
    }
    if (ewsUrl.protocol !== 'https:') {
      this.note(format, endpoint, `returned ${ewsUrl.href}, which is not https`);
      return undefined;
    }
    const refusal = this.refuseHop(ewsUrl);
    if (refusal) {
      this.note(format, endpoint, `returned ${ewsUrl.href}, refused: ${refusal}`);
      return undefined;
    }
    this.note(format, endpoint, `EWS URL ${ewsUrl.href}`);
    return {
      ewsUrl,
      source: `autodiscover-${format}`,
      endpoint: endpoint.href,
      ...(answer.smtpAddress ? { smtpAddress: answer.smtpAddress } : {}),
      ...(answer.version ? { version: answer.version } : {}),
      log: this.log,
    };
  }

  /** GET http://autodiscover.<domain>/autodiscover/autodiscover.xml without credentials; only a redirect's Location is used. */
  private async httpRedirectProbe(): Promise<AutodiscoverResult | undefined> {
    const probe = new URL(`http://autodiscover.${this.domain}/autodiscover/autodiscover.xml`);
    const timeout = AbortSignal.timeout(this.deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    let response: HttpResponse;
    try {
      response = await sendHttp(
        {
          method: 'GET',
          url: probe,
          auth: { scheme: 'none' },
          signal: AbortSignal.any([this.signal, timeout]),
        },
        this.deps,
      );
    } catch (err) {
      if (this.signal.aborted) throw err;
      this.note('pox', probe, timeout.aborted ? 'no answer in time' : reasonOf(err));
      return undefined;
    }
    const redirect = redirectOf(response, probe);
    if (!redirect || redirect.kind !== 'redirect') {
      this.note('pox', probe, `HTTP ${response.status}, no redirect`);
      return undefined;
    }
    if (redirect.to.protocol !== 'https:') {
      this.note('pox', probe, `redirect to ${redirect.to.href} refused: not https`);
      return undefined;
    }
    const refusal = this.refuseHop(redirect.to);
    if (refusal) {
      this.note('pox', probe, `redirect to ${redirect.to.href} refused: ${refusal}`);
      return undefined;
    }
    this.note('pox', probe, `redirects to ${redirect.to.href}`);
    return this.follow('pox', redirect.to, 1);
  }

  /** _autodiscover._tcp.<domain>: the best record on port 443 names the host to ask (POX). */
  private async srvLookup(): Promise<AutodiscoverResult | undefined> {
    const name = `_autodiscover._tcp.${this.domain}`;
    const resolver =
      this.deps.resolver ??
      defaultResolver(this.deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    let records: Awaited<ReturnType<NonNullable<AutodiscoverDeps['resolver']>['resolveSrv']>>;
    try {
      records = await resolver.resolveSrv(name);
    } catch (err) {
      this.log.push(`SRV ${name}: ${(err as { code?: string }).code ?? 'lookup failed'}`);
      return undefined;
    }
    const best = records
      .filter((r) => r.port === 443 && r.name !== '' && r.name !== '.')
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
    if (!best) {
      this.log.push(`SRV ${name}: no record on port 443`);
      return undefined;
    }
    const target = new URL(`https://${best.name.replace(/\.$/, '')}/autodiscover/autodiscover.xml`);
    const refusal = this.refuseHop(target);
    if (refusal) {
      this.log.push(`SRV ${name}: ${target.host} refused: ${refusal}`);
      return undefined;
    }
    this.log.push(`SRV ${name}: ${target.host}`);
    return this.follow('pox', target, 1);
  }

  /** Why credentials must not go to this URL, or undefined when they may; Microsoft means Exchange Online. */
  private refuseHop(url: URL): string | undefined {
    if (url.protocol !== 'https:') return 'not https';
    const host = hostOf(url);
    if (!host) return 'not a valid host';
    const trust = classifyHost(host, this.policy);
    if (trust === 'microsoft')
      throw microsoft365(`Autodiscover points to ${host}, which is Exchange Online.`);
    if (trust === 'foreign')
      return `${host} is outside ${this.domain} and not approved by an administrator`;
    return undefined;
  }

  /** Headers Microsoft's autodiscover front end sends even without credentials. */
  private checkForExchangeOnline(response: HttpResponse, url: URL): void {
    const issuer = response.headers['x-federationtrusttokenissueruri'] ?? '';
    if (/microsoftonline/i.test(issuer))
      throw microsoft365(`${url.host} answers as Microsoft 365 autodiscover (${issuer}).`);
  }

  private note(format: AutodiscoverFormat, url: URL, what: string): void {
    this.log.push(
      `${format.toUpperCase()} ${url.origin}${url.pathname}: ${what.replace(/\.$/, '')}`,
    );
  }
}

/** A URL that could not be reached: the lookup moves on to the next one. */
class Unreachable extends Error {}

/** Why a request got no answer (unknown host, refused address, connection or TLS failure). */
function reasonOf(err: unknown): string {
  if (isProviderError(err)) return err.detail ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

function redirectOf(response: HttpResponse, base: URL): Step | undefined {
  if (response.status < 300 || response.status > 399 || response.status === 304) return undefined;
  const location = response.headers.location;
  const to = location ? parseUrl(location, base) : undefined;
  return to
    ? { kind: 'redirect', to }
    : { kind: 'skip', reason: `HTTP ${response.status} without a valid Location` };
}

function offerAllows(offer: ReturnType<typeof parseAuthOffer>, scheme: EwsAuthScheme): boolean {
  return scheme === 'basic' ? offer.basic : offer.ntlm;
}

function parseUrl(value: string, base: URL): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

function microsoft365(detail: string): ProviderError {
  return new ProviderError('USE_MICROSOFT_365', {
    step: 'discovery',
    detail: `${detail} Inlet did not send your password to Microsoft.`,
  });
}

function defaultResolver(timeoutMs: number): NonNullable<AutodiscoverDeps['resolver']> {
  return new Resolver({ timeout: timeoutMs, tries: 1 });
}

/** The log as one detail line, bounded. */
export function summarise(log: string[]): string {
  const text = log.join('; ');
  return text.length > 1500
    ? `${text.slice(0, 1500)}…`
    : text || 'No autodiscover endpoint answered.';
}
