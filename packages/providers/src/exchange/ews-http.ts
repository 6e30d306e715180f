import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { XhrApi } from '@ewsjs/xhr';
import type { VetHost } from '../core/steps.js';
import {
  openVettedRequest,
  readBody,
  ResponseBodyError,
  responseTo,
  vetTarget,
  vettedConnectOptions,
  type VettedTarget,
} from '../transport/vetted-https.js';
import { hostOf } from './ews-url.js';

/** What the Exchange HTTP layer needs from its caller. */
export interface EwsHttpDeps {
  /** Resolve-and-vet (SSRF guard); the socket goes to the address it returns, never to the name. */
  vet: VetHost;
  /** Extra trust anchors (PEM) on top of Node's roots, e.g. a test CA or the company's CA. */
  ca?: string | readonly string[];
  /**
   * Tests only: the port for a URL without an explicit one, per host, instead of 443 (https) or 80
   * (http), so a loopback server can stand in for https://autodiscover.example.com/.
   */
  defaultPort?: (host: string, protocol: 'https:' | 'http:') => number | undefined;
  /** Bodies above this many bytes are refused; default 2 MiB. */
  maxResponseBytes?: number;
}

export type HttpAuth =
  | { scheme: 'none' }
  | { scheme: 'basic'; username: string; password: string }
  /** NTLM through @ewsjs/xhr: its provider runs the type 1/2/3 handshake on one kept-alive connection. */
  | { scheme: 'ntlm'; username: string; password: string };

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  body?: string;
  headers?: Record<string, string>;
  auth: HttpAuth;
  signal: AbortSignal;
}

export interface HttpResponse {
  url: string;
  /** The vetted address the request went to. */
  address: string;
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Every WWW-Authenticate value, one challenge list per header line where the transport keeps them apart. */
  challenges: string[];
  body: string;
}

export type HttpFailureKind = 'refused-url' | 'too-large' | 'network' | 'ntlm';

/** A request that got no HTTP answer (network, TLS, size) or was refused before it was sent. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
    /** Node's or axios's error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...), when there is one. */
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpFailure';
  }
}

const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/**
 * Sends one HTTP request to Exchange and returns whatever status came back; never follows a
 * redirect (callers decide, hop by hop). The host goes through the SSRF guard and the socket goes
 * to the vetted address with the certificate checked against the name. Credentials only ever go
 * over https: plain http is allowed for the unauthenticated autodiscover redirect probe alone.
 */
export async function sendHttp(req: HttpRequest, deps: EwsHttpDeps): Promise<HttpResponse> {
  const target = await resolveTarget(req, deps);
  const maxBytes = maxResponseBytes(deps);
  if (req.auth.scheme === 'ntlm') return sendWithNtlm(req, req.auth, target, deps, maxBytes);
  return sendPlain(req, target, deps, maxBytes);
}

/** The URL checks and the SSRF guard every request passes (sendHttp and sendHttpStream alike). */
export async function resolveTarget(req: HttpRequest, deps: EwsHttpDeps): Promise<VettedTarget> {
  const host = hostOf(req.url);
  if (!host) throw new HttpFailure('refused-url', `${req.url.hostname} is not a valid host name.`);
  const secure = req.url.protocol === 'https:';
  if (!secure && (req.url.protocol !== 'http:' || req.auth.scheme !== 'none')) {
    throw new HttpFailure(
      'refused-url',
      `Refusing to send credentials to ${req.url.protocol}//${req.url.host}: https is required.`,
    );
  }
  if (req.url.username || req.url.password)
    throw new HttpFailure('refused-url', 'URLs with embedded credentials are not used.');
  const defaultPort = deps.defaultPort?.(host, secure ? 'https:' : 'http:') ?? (secure ? 443 : 80);
  return vetTarget(req.url, deps.vet, defaultPort, host);
}

export function maxResponseBytes(deps: EwsHttpDeps): number {
  return deps.maxResponseBytes ?? MAX_RESPONSE_BYTES;
}

/** Headers of a request without NTLM: preemptive Basic when asked for. */
function plainHeaders(req: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  if (req.auth.scheme === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${req.auth.username}:${req.auth.password}`, 'utf8').toString('base64')}`;
  }
  return headers;
}

/** A request on its own socket (no agent), to the vetted address. */
export function openPlain(
  req: HttpRequest,
  target: VettedTarget,
  deps: EwsHttpDeps,
): ClientRequest {
  return openVettedRequest(target, {
    method: req.method,
    headers: plainHeaders(req),
    signal: req.signal,
    ca: deps.ca,
  });
}

async function sendPlain(
  req: HttpRequest,
  target: VettedTarget,
  deps: EwsHttpDeps,
  maxBytes: number,
): Promise<HttpResponse> {
  const response = await responseTo(openPlain(req, target, deps), req.body).catch(
    (err: unknown) => {
      throw networkFailure(err, target);
    },
  );
  const body = await readCapped(response, maxBytes, req.signal);
  return toResponse(
    target,
    response.statusCode ?? 0,
    response.headers,
    challengesOf(response),
    body,
  );
}

/**
 * NTLM through @ewsjs/xhr's XhrApi. Its provider opens its own kept-alive agent, so the connection
 * is pinned with an axios `transport` that rewrites each request to the vetted address (and adds
 * the CA and TLS floor) while keeping the provider's agent, which NTLM needs: the type 3 message
 * is only valid on the connection that got the type 2 challenge.
 */
async function sendWithNtlm(
  req: HttpRequest,
  auth: { username: string; password: string },
  target: VettedTarget,
  deps: EwsHttpDeps,
  maxBytes: number,
): Promise<HttpResponse> {
  const xhr = new XhrApi({
    transport: pinnedTransport(target, deps),
    proxy: false,
    signal: req.signal,
    maxContentLength: maxBytes,
    maxBodyLength: maxBytes,
    headers: { 'user-agent': 'Inlet' },
    rejectUnauthorized: true,
  }).useNtlmAuthentication(auth.username, auth.password);
  try {
    const answer = await xhr.xhr({
      url: target.url.toString(),
      type: req.method,
      data: req.body,
      headers: { ...req.headers },
    });
    return fromXhr(target, answer);
  } catch (err) {
    // XhrApi throws the response itself for every status but 200.
    if (isXhrResponse(err)) return fromXhr(target, err);
    throw ntlmFailure(err, target);
  }
}

/** An axios `transport` that sends every request of the NTLM exchange to the vetted address, keeping the caller's agent. */
export function pinnedTransport(
  target: VettedTarget,
  deps: EwsHttpDeps,
): { request(options: RequestOptions, callback?: (res: IncomingMessage) => void): ClientRequest } {
  const pinned = vettedConnectOptions(target, deps.ca);
  return {
    request(options, callback) {
      return httpsRequest(
        { ...options, ...pinned, headers: { ...options.headers, host: target.url.host } },
        callback,
      );
    },
  };
}

interface XhrLike {
  status: number;
  responseText?: string;
  headers?: Record<string, unknown>;
}

function isXhrResponse(value: unknown): value is XhrLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as XhrLike).status === 'number' &&
    (value as XhrLike).status > 0 &&
    'headers' in value
  );
}

function fromXhr(target: VettedTarget, answer: unknown): HttpResponse {
  const xhr = answer as XhrLike;
  const headers: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(xhr.headers ?? {})) {
    if (typeof value === 'string' || Array.isArray(value))
      headers[name.toLowerCase()] = value as string | string[];
  }
  const www = headers['www-authenticate'];
  const challenges = www === undefined ? [] : Array.isArray(www) ? www : [www];
  return toResponse(
    target,
    xhr.status,
    headers,
    challenges,
    typeof xhr.responseText === 'string' ? xhr.responseText : '',
  );
}

export function toResponse(
  target: VettedTarget,
  status: number,
  raw: Record<string, string | string[] | undefined>,
  challenges: string[],
  body: string,
): HttpResponse {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw))
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return { url: target.url.toString(), address: target.address, status, headers, challenges, body };
}

/** Node joins repeated WWW-Authenticate headers with ", "; rawHeaders keeps each line apart. */
export function challengesOf(response: IncomingMessage): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
    if (response.rawHeaders[i]!.toLowerCase() === 'www-authenticate')
      values.push(response.rawHeaders[i + 1]!);
  }
  return values;
}

export function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<string> {
  return readBody(response, maxBytes, signal).catch((err: unknown) => {
    throw bodyFailure(err, 'The server closed the connection mid-answer.');
  });
}

/** The shared body reader's failures as HttpFailure (`closed`: what to say when the answer broke off); anything else passes through. */
export function bodyFailure(err: unknown, closed: string): unknown {
  if (!(err instanceof ResponseBodyError)) return err;
  switch (err.kind) {
    case 'too-large':
      return new HttpFailure('too-large', err.message);
    case 'aborted':
      return err.cause instanceof Error ? err.cause : new HttpFailure('network', 'Aborted.');
    case 'incomplete':
      return new HttpFailure('network', closed, err.code);
    case 'failed':
      return new HttpFailure('network', err.message, err.code, { cause: err.cause });
  }
}

export function networkFailure(err: unknown, target: VettedTarget): HttpFailure {
  if (err instanceof HttpFailure) return err;
  const code = codeOf(err);
  return new HttpFailure(
    'network',
    `${target.url.host} (${target.address}): ${code ?? (err as Error).message ?? 'connection failed'}`,
    code,
    { cause: err },
  );
}

export function ntlmFailure(err: unknown, target: VettedTarget): HttpFailure {
  const code = codeOf(err);
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(String((err as Error).message))) {
    return new HttpFailure('too-large', 'The server sent more than the allowed size.', code, {
      cause: err,
    });
  }
  // Network errors carry a Node or axios code; anything else came from the NTLM handshake itself
  // (no challenge in the answer to the type 1 message, a malformed type 2 message, ...).
  if (code && code !== 'ERR_BAD_RESPONSE') return networkFailure(err, target);
  const message = err instanceof Error ? err.message : 'no NTLM challenge';
  return new HttpFailure(
    'ntlm',
    `NTLM handshake with ${target.url.host} failed: ${message}`,
    code,
    { cause: err },
  );
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const own = (err as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
