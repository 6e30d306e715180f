import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { ProviderError } from '../core/provider-error.js';
import { connectOptionsFor, resolveAndVet } from './vet-address.js';
import type { AllowPrivate, LookupFn } from './vet-address.js';

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

export type FetchTextErrorCode = 'NOT_HTTPS' | 'TOO_MANY_REDIRECTS' | 'TOO_LARGE' | 'TIMEOUT' | 'INCOMPLETE';

/** A refusal or failure of fetchText itself (network and TLS errors keep Node's own error). */
export class FetchTextError extends Error {
  readonly code: FetchTextErrorCode;
  constructor(code: FetchTextErrorCode, message: string) {
    super(message);
    this.name = 'FetchTextError';
    this.code = code;
  }
}

export interface HttpsFetcherOptions {
  allowPrivate: AllowPrivate;
  lookup?: LookupFn;
  /** Trusted CA certificates (PEM) instead of Node's bundle: for tests with a self-signed server. */
  ca?: string | string[];
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
        if (hop >= maxRedirects) throw new FetchTextError('TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects from ${url}.`);
        current = parseHttpsUrl(new URL(location, current).toString());
        continue;
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        response.resume();
        return { status, body: '', url: current.toString() };
      }
      const body = await readBody(response, maxBytes, current, combined);
      return { status, body, url: current.toString() };
    }
  };

  async function getOnce(url: URL, signal: AbortSignal, timeoutMs: number): Promise<IncomingMessage> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = url.port === '' ? (options.defaultPortOverride ?? 443) : Number(url.port);
    const vetted = await resolveAndVet(host, {
      port,
      allowPrivate: options.allowPrivate,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      timeoutMs,
      signal,
    }).catch((err: unknown) => {
      throw signal.aborted && !(err instanceof ProviderError) ? timeoutError(url) : err;
    });
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({
        ...connectOptionsFor(vetted),
        port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { host: url.host, accept: 'application/xml, text/xml;q=0.9, */*;q=0.1', 'user-agent': 'Inlet' },
        agent: false,
        minVersion: 'TLSv1.2',
        ...(options.ca ? { ca: options.ca } : {}),
        signal,
      });
      req.on('response', resolve);
      req.on('error', (err) => reject(signal.aborted ? timeoutError(url) : err));
      req.end();
    });
  }
}

function readBody(response: IncomingMessage, maxBytes: number, url: URL, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(new FetchTextError('TOO_LARGE', `${url.host} sent more than ${maxBytes} bytes.`));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      response.destroy();
      settle(() => reject(timeoutError(url)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        settle(() => reject(new FetchTextError('TOO_LARGE', `${url.host} sent more than ${maxBytes} bytes.`)));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => settle(() => resolve(Buffer.concat(chunks).toString('utf8'))));
    response.on('error', (err) => settle(() => reject(signal.aborted ? timeoutError(url) : err)));
    response.on('close', () => settle(() => reject(new FetchTextError('INCOMPLETE', `${url.host} closed the connection mid-answer.`))));
  });
}

function parseHttpsUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchTextError('NOT_HTTPS', `"${raw}" is not a URL.`);
  }
  if (url.protocol !== 'https:') throw new FetchTextError('NOT_HTTPS', `Only https URLs are fetched, not ${url.protocol}//${url.host}.`);
  if (url.username || url.password) throw new FetchTextError('NOT_HTTPS', 'URLs with credentials are not fetched.');
  return url;
}

function timeoutError(url: URL): FetchTextError {
  return new FetchTextError('TIMEOUT', `${url.host} did not answer in time.`);
}
