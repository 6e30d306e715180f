import type { IncomingMessage } from 'node:http';
import { ProviderError } from '../core/provider-error.js';
import {
  openVettedRequest,
  readBody,
  ResponseBodyError,
  responseTo,
  vetTarget,
  vetWith,
  type VettedHttpsOptions,
} from './vetted-https.js';

export interface FetchTextOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface FetchTextResult {
  /** HTTP status of the final response (after redirects). The body is empty unless it is 2xx. */
  status: number;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

/** GETs a small text document over HTTPS. Injected into detection so tests can trust a test CA. */
export type FetchText = (url: string, options: FetchTextOptions) => Promise<FetchTextResult>;

export type FetchTextErrorCode =
  'NOT_HTTPS' | 'TOO_MANY_REDIRECTS' | 'TOO_LARGE' | 'TIMEOUT' | 'INCOMPLETE';

/** A refusal or failure of fetchText itself (network and TLS errors keep Node's own error). */
export class FetchTextError extends Error {
  readonly code: FetchTextErrorCode;
  constructor(code: FetchTextErrorCode, message: string) {
    super(message);
    this.name = 'FetchTextError';
    this.code = code;
  }
}

export interface HttpsFetcherOptions extends VettedHttpsOptions {
  /** Bodies above this many bytes are refused; default 1 MB. */
  maxBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
  /**
   * Port to connect to for URLs without an explicit port, instead of 443. Tests only: lets a
   * loopback server on a free port stand in for https://autoconfig.example.test/.
   */
  defaultPortOverride?: number;
}

const MAX_BYTES = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A FetchText over node:https in which every hop goes through resolveAndVet: the name is resolved
 * and vetted once, the socket goes to the vetted address, and the certificate is checked against
 * the name. Redirects are followed by hand (https only, at most 3), each hop vetted again.
 */
export function createHttpsFetcher(options: HttpsFetcherOptions): FetchText {
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 3;

  return async (url, { timeoutMs, signal }) => {
    // One deadline for the whole exchange, redirects included.
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    const combined = AbortSignal.any(signals);
    let current = parseHttpsUrl(url);
    for (let hop = 0; ; hop += 1) {
      const response = await getOnce(current, combined, timeoutMs);
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(response.statusCode ?? 0) && location) {
        response.resume();
        if (hop >= maxRedirects)
          throw new FetchTextError(
            'TOO_MANY_REDIRECTS',
            `More than ${maxRedirects} redirects from ${url}.`,
          );
        current = parseHttpsUrl(new URL(location, current).toString());
        continue;
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        return { status, body: '', url: current.toString() };
      }
      const body = await readBody(response, maxBytes, combined).catch((err: unknown) => {
        throw bodyFailure(err, current, combined, maxBytes);
      });
      return { status, body, url: current.toString() };
    }
  };

  async function getOnce(
    url: URL,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<IncomingMessage> {
    const target = await vetTarget(
      url,
      vetWith(options, timeoutMs, signal),
      options.defaultPortOverride ?? 443,
    ).catch((err: unknown) => {
      throw signal.aborted && !(err instanceof ProviderError) ? timeoutError(url) : err;
    });
    const request = openVettedRequest(target, {
      method: 'GET',
      headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' },
      signal,
      ca: options.ca,
    });
    return responseTo(request).catch((err: unknown) => {
      throw signal.aborted ? timeoutError(url) : err;
    });
  }
}

/** The body reader's failures in FetchText's terms. */
function bodyFailure(err: unknown, url: URL, signal: AbortSignal, maxBytes: number): unknown {
  if (signal.aborted) return timeoutError(url);
  if (!(err instanceof ResponseBodyError)) return err;
  if (err.kind === 'too-large')
    return new FetchTextError('TOO_LARGE', `${url.host} sent more than ${maxBytes} bytes.`);
  if (err.kind === 'incomplete')
    return new FetchTextError('INCOMPLETE', `${url.host} closed the connection mid-answer.`);
  return err.cause ?? err;
}

function parseHttpsUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchTextError('NOT_HTTPS', `"${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:')
    throw new FetchTextError(
      'NOT_HTTPS',
      `Only https URLs are fetched, not ${url.protocol}//${url.host}.`,
    );
  if (url.username || url.password)
    throw new FetchTextError('NOT_HTTPS', 'URLs with credentials are not fetched.');
  return url;
}

function timeoutError(url: URL): FetchTextError {
  return new FetchTextError('TIMEOUT', `${url.host} did not answer in time.`);
}
