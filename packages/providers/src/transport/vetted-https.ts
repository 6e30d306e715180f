import {
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type tls from 'node:tls';
import { verifiedTlsOptions } from './tls-trust.js';
import {
  requireVettedAddress,
  resolveAndVet,
  type AllowPrivate,
  type LookupFn,
  type VettedAddress,
} from './vet-address.js';

/**
 * The one way an HTTP request leaves providers (detection's documents, OAuth endpoints, Exchange): the
 * URL's host is vetted, the socket goes to the vetted address, TLS is verified against the host with the
 * shared trust settings (tls-trust: TLS 1.2 floor, extra anchors on top of Node's roots), each request has
 * a socket of its own, and bodies are read with a size bound. Callers keep their own URL rules, redirects
 * and error types.
 */

/** What the vetting HTTPS clients (createHttpsFetcher, createOAuthHttp) are built with. */
export interface VettedHttpsOptions {
  /** Which hosts may reach private addresses (the operator allow-list). */
  allowPrivate: AllowPrivate;
  lookup?: LookupFn;
  /** Extra trust anchors (PEM) on top of Node's roots: a company CA, or a test CA. */
  ca?: string | readonly string[];
}

/** Resolve-and-vet with these options, bounded by `timeoutMs` and `signal`. */
export function vetWith(
  options: VettedHttpsOptions,
  timeoutMs: number,
  signal?: AbortSignal,
): (host: string, port: number) => Promise<VettedAddress> {
  return (host, port) =>
    resolveAndVet(host, {
      port,
      allowPrivate: options.allowPrivate,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      timeoutMs,
      ...(signal ? { signal } : {}),
    });
}

/** Where one request goes: the URL names the server (Host header, TLS name), the socket goes to `address`. */
export interface VettedTarget {
  url: URL;
  /** The host as it was vetted: the URL's host name, an IPv6 literal without its brackets. */
  host: string;
  /** What resolve-and-vet returned for `host`: the only address connected to. */
  address: string;
  port: number;
}

/** The URL's host name as resolve-and-vet takes it (no brackets around an IPv6 literal). */
export function hostOfUrl(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Vets `host` (by default the URL's) and returns the target; `defaultPort` applies when the URL names none. */
export async function vetTarget(
  url: URL,
  vet: (host: string, port: number) => Promise<{ address: string }>,
  defaultPort: number,
  host = hostOfUrl(url),
): Promise<VettedTarget> {
  // Allowances are per port: the port connected to is the one vetted.
  const port = url.port ? Number(url.port) : defaultPort;
  const { address } = await vet(host, port);
  return { url, host, address, port };
}

/**
 * Socket options for node:https (or node:http for a plain-http URL): the vetted address, and for https
 * the TLS options of tls-trust with the URL's host as the name (an IP literal gets no SNI and is checked
 * as the address). Also for a library's own requests, such as the NTLM handshake's kept-alive agent.
 */
export function vettedConnectOptions(
  target: VettedTarget,
  ca?: string | readonly string[],
): RequestOptions & tls.ConnectionOptions {
  requireVettedAddress(target.address);
  const secure = target.url.protocol === 'https:';
  return {
    ...(secure ? verifiedTlsOptions({ servername: target.host, ...(ca ? { ca } : {}) }) : {}),
    hostname: target.address,
    port: target.port,
  };
}

export interface VettedRequestInit {
  method: string;
  /** Added to Host (the URL's host) and User-Agent. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  ca?: string | readonly string[];
}

/** Opens a request to the target on a socket of its own (no agent, so nothing is reused across hosts); the caller ends it. */
export function openVettedRequest(target: VettedTarget, init: VettedRequestInit): ClientRequest {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return send({
    ...vettedConnectOptions(target, init.ca),
    path: `${target.url.pathname}${target.url.search}`,
    method: init.method,
    headers: { host: target.url.host, 'user-agent': 'Inlet', ...init.headers },
    agent: false,
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

/** Sends the request with `body` and resolves with the response head; network and TLS errors reject as Node reports them. */
export function responseTo(request: ClientRequest, body?: string): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    request.on('response', resolve);
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * How reading a body failed: larger than allowed, aborted by the signal (cause: its reason), the stream
 * failed (cause: Node's error, whose code it keeps) or the connection closed before the end (ECONNRESET).
 */
export class ResponseBodyError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly kind: 'too-large' | 'aborted' | 'failed' | 'incomplete',
    message: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(message, options);
    this.name = 'ResponseBodyError';
    this.code = kind === 'failed' ? options?.code : RESPONSE_BODY_CODES[kind];
  }
}

const RESPONSE_BODY_CODES = {
  'too-large': 'ERR_INLET_TOO_LARGE',
  aborted: 'ABORT_ERR',
  incomplete: 'ECONNRESET',
};

/**
 * Hands the body to `onChunk` as it arrives and resolves at its end. Rejects with a ResponseBodyError, or
 * with what `onChunk` threw; either way the response is destroyed.
 */
export function consumeBody(
  response: IncomingMessage,
  signal: AbortSignal | undefined,
  onChunk: (chunk: Buffer | string) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err === undefined) return resolve();
      response.destroy();
      reject(err);
    };
    const onAbort = (): void =>
      settle(new ResponseBodyError('aborted', 'Aborted.', { cause: signal?.reason }));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer | string) => {
      if (settled) return;
      try {
        onChunk(chunk);
      } catch (err) {
        settle(err);
      }
    });
    response.on('end', () => settle());
    response.on('error', (err: NodeJS.ErrnoException) =>
      settle(
        new ResponseBodyError('failed', err.message, {
          cause: err,
          ...(err.code ? { code: err.code } : {}),
        }),
      ),
    );
    // A connection closed mid-answer emits no 'end'.
    response.on('close', () =>
      settle(
        new ResponseBodyError(
          'incomplete',
          'The server closed the connection before the end of its answer.',
        ),
      ),
    );
  });
}

/** The whole body as UTF-8, refused past `maxBytes`: by Content-Length before reading, or on the way. */
export async function readBody(
  response: IncomingMessage,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string> {
  const tooLarge = () =>
    new ResponseBodyError('too-large', `The server sent more than ${maxBytes} bytes.`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  await consumeBody(response, signal, (chunk) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(bytes);
  });
  return Buffer.concat(chunks).toString('utf8');
}
