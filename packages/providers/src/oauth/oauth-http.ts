import {
  openVettedRequest,
  readBody,
  responseTo,
  vetTarget,
  vetWith,
  type VettedHttpsOptions,
} from '../transport/vetted-https.js';

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

export interface OAuthHttpOptions extends VettedHttpsOptions {
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
    if (url.protocol !== 'https:')
      throw Object.assign(new Error(`OAuth endpoints must use https, not ${url.protocol}`), {
        code: 'ERR_INLET_NOT_HTTPS',
      });
    if (url.username || url.password)
      throw Object.assign(new Error('OAuth endpoint URLs may not carry credentials'), {
        code: 'ERR_INLET_NOT_HTTPS',
      });
    const timeoutMs = req.timeoutMs ?? options.timeoutMs ?? 15_000;
    const signal = AbortSignal.timeout(timeoutMs);
    const target = await vetTarget(url, vetWith(options, timeoutMs, signal), 443);
    const request = openVettedRequest(target, {
      method: req.method,
      headers: { accept: 'application/json', ...req.headers },
      signal,
      ca: options.ca,
    });
    const response = await responseTo(request, req.body);
    // Too large: ERR_INLET_TOO_LARGE, reported like an unreachable provider.
    const body = await readBody(response, maxBytes, signal);
    return {
      status: response.statusCode ?? 0,
      contentType: String(response.headers['content-type'] ?? ''),
      body,
    };
  };
}
