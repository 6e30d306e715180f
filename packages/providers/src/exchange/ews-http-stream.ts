import type { Agent } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { NtlmProvider } from '@ewsjs/xhr';
import {
  challengesOf,
  HttpFailure,
  maxResponseBytes,
  networkFailure,
  ntlmFailure,
  openPlain,
  pinnedTransport,
  readCapped,
  resolveTarget,
  toResponse,
  type EwsHttpDeps,
  type HttpRequest,
  type HttpResponse,
  type Target,
} from './ews-http.js';

/**
 * sendHttp for an answer that streams (GetStreamingEvents holds its response open for minutes):
 * the same URL checks, SSRF guard, pinned address, TLS settings and authentication. The body of a
 * 200 goes to `onText` chunk by chunk as it arrives (UTF-8 decoded across chunk borders) and the
 * promise resolves, with an empty body, when the server ends it. Any other status is read whole
 * (capped) and returned, so the caller classifies it like every other answer. When `onText`
 * throws, the connection is dropped and the promise rejects with that error.
 */
export async function sendHttpStream(req: HttpRequest, deps: EwsHttpDeps, onText: (text: string) => void): Promise<HttpResponse> {
  const target = await resolveTarget(req, deps);
  if (req.auth.scheme === 'ntlm') return streamWithNtlm(req, req.auth, target, deps, onText);
  const request = openPlain(req, target, deps);
  const answer = awaitAnswer(request, req.signal, target, maxResponseBytes(deps), onText);
  request.end(req.body);
  return answer;
}

/**
 * NTLM: @ewsjs/xhr's provider runs the type 1/2 exchange on a kept-alive agent (through the pinned
 * transport); the request with the type 3 message then goes on that same agent, hence the same
 * connection, and its body is read here as a stream (XhrApi itself would buffer it).
 */
async function streamWithNtlm(
  req: HttpRequest,
  auth: { username: string; password: string },
  target: Target,
  deps: EwsHttpDeps,
  onText: (text: string) => void,
): Promise<HttpResponse> {
  const transport = pinnedTransport(target, deps);
  const maxBytes = maxResponseBytes(deps);
  // preCall fills in this object: the kept-alive agent and the type 3 Authorization header.
  const config: Parameters<NtlmProvider['preCall']>[0] = {
    url: target.url.toString(),
    method: req.method,
    headers: { 'user-agent': 'Inlet', ...req.headers },
    transport,
    proxy: false,
    signal: req.signal,
    maxContentLength: maxBytes,
    rejectUnauthorized: true,
  };
  try {
    try {
      await new NtlmProvider(auth.username, auth.password).preCall(config);
    } catch (err) {
      throw ntlmFailure(err, target);
    }
    const headers = { ...(config.headers as Record<string, string>) };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const path = `${target.url.pathname}${target.url.search}`;
    const request = transport.request({ agent: config.httpsAgent as Agent, path, method: req.method, headers, signal: req.signal });
    const answer = awaitAnswer(request, req.signal, target, maxBytes, onText);
    request.end(req.body);
    return await answer;
  } finally {
    // The agent keeps the handshake's connection alive: close it with the stream.
    (config.httpsAgent as Agent | undefined)?.destroy();
  }
}

function awaitAnswer(request: ClientRequest, signal: AbortSignal, target: Target, maxBytes: number, onText: (text: string) => void): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        readCapped(response, maxBytes, signal).then((body) => resolve(toResponse(target, status, response.headers, challengesOf(response), body)), reject);
        return;
      }
      pipeText(response, signal, onText).then(() => resolve(toResponse(target, status, response.headers, [], '')), reject);
    });
    request.on('error', (err) => reject(networkFailure(err, target)));
  });
}

function pipeText(response: IncomingMessage, signal: AbortSignal, onText: (text: string) => void): Promise<void> {
  response.setEncoding('utf8');
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      response.destroy();
      settle(() => reject(signal.reason instanceof Error ? signal.reason : new HttpFailure('network', 'Aborted.')));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (text: string) => {
      if (settled) return;
      try {
        onText(text);
      } catch (err) {
        response.destroy();
        settle(() => reject(err));
      }
    });
    response.on('end', () => settle(resolve));
    response.on('error', (err) => settle(() => reject(new HttpFailure('network', err.message, (err as NodeJS.ErrnoException).code, { cause: err }))));
    // A connection dropped mid-stream emits no 'end'.
    response.on('close', () => settle(() => reject(new HttpFailure('network', 'The server closed the notification stream.', 'ECONNRESET'))));
  });
}
