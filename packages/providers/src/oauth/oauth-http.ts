import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { connectOptionsFor, resolveAndVet, type AllowPrivate, type LookupFn } from '../transport/vet-address.js';

/** One HTTPS exchange with an OAuth endpoint (token, userinfo, provider APIs). */
export interface OAuthHttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface OAuthHttpResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends one request and returns the answer whatever its status. Network, TLS and SSRF-guard failures
 * reject (the caller classifies them as "provider unreachable"); redirects are not followed.
 * Injected so the gateway's guard and CA list apply, and so tests can reach a loopback provider.
 */
export type OAuthHttp = (req: OAuthHttpRequest) => Promise<OAuthHttpResponse>;

export interface OAuthHttpOptions {
  allowPrivate: AllowPrivate;
  lookup?: LookupFn;
  /** Trusted CAs (PEM) instead of Node's bundle. */
  ca?: string | string[];
  /** Default 15 s per request. */
  timeoutMs?: number;
  /** Bodies above this are refused; default 256 KB. */
  maxBytes?: number;
}

/** An OAuthHttp over node:https: https only, the host vetted by resolveAndVet, the socket to the vetted address. */
export function createOAuthHttp(options: OAuthHttpOptions): OAuthHttp {
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return async (req) => {
    const url = new URL(req.url);
    if (url.protocol !== 'https:') throw Object.assign(new Error(`OAuth endpoints must use https, not ${url.protocol}`), { code: 'ERR_INLET_NOT_HTTPS' });
    if (url.username || url.password) throw Object.assign(new Error('OAuth endpoint URLs may not carry credentials'), { code: 'ERR_INLET_NOT_HTTPS' });
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 15_000;
    const signal = AbortSignal.timeout(timeoutMs);
    const port = url.port === '' ? 443 : Number(url.port);
    const vetted = await resolveAndVet(url.hostname.replace(/^\[(.*)\]$/, '$1'), {
      port,
      allowPrivate: options.allowPrivate,
      ...(options.lookup ? { lookup: options.lookup } : {}),
      timeoutMs,
      signal,
    });
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const r = request({
        ...connectOptionsFor(vetted),
        port,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers: { host: url.host, 'user-agent': 'Inlet', accept: 'application/json', ...req.headers },
        agent: false,
        minVersion: 'TLSv1.2',
        ...(options.ca ? { ca: options.ca } : {}),
        signal,
      });
      r.on('response', resolve);
      r.on('error', reject);
      r.end(req.body);
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.destroy();
        throw Object.assign(new Error(`${url.host} sent more than ${maxBytes} bytes`), { code: 'ERR_INLET_TOO_LARGE' });
      }
      chunks.push(chunk as Buffer);
    }
    return { status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') };
  };
}
