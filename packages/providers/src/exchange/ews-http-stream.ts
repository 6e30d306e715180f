import type { Agent } from 'node:https';
import type { ClientRequest } from 'node:http';
import { NtlmProvider } from '@ewsjs/xhr';
import { consumeBody, responseTo, type VettedTarget } from '../transport/vetted-https.js';
import {
  bodyFailure,
  challengesOf,
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
} from './ews-http.js';

/**
 * sendHttp for an answer that streams (GetStreamingEvents holds its response open for minutes):
 * the same URL checks, SSRF guard, pinned address, TLS settings and authentication. The body of a
 * 200 goes to `onText` chunk by chunk as it arrives (UTF-8 decoded across chunk borders) and the
 * promise resolves, with an empty body, when the server ends it. Any other status is read whole
 * (capped) and returned, so the caller classifies it like every other answer. When `onText`
 * throws, the connection is dropped and the promise rejects with that error.
 */
export async function sendHttpStream(
  req: HttpRequest,
  deps: EwsHttpDeps,
  onText: (text: string) => void,
): Promise<HttpResponse> {
  const target = await resolveTarget(req, deps);
  if (req.auth.scheme === 'ntlm') return streamWithNtlm(req, req.auth, target, deps, onText);
  return awaitAnswer(openPlain(req, target, deps), req, target, maxResponseBytes(deps), onText);
}

/**
 * NTLM: @ewsjs/xhr's provider runs the type 1/2 exchange on a kept-alive agent (through the pinned
 * transport); the request with the type 3 message then goes on that same agent, hence the same
 * connection, and its body is read here as a stream (XhrApi itself would buffer it).
 */
async function streamWithNtlm(
  req: HttpRequest,
  auth: { username: string; password: string },
  target: VettedTarget,
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
    const request = transport.request({
      agent: config.httpsAgent as Agent,
      path,
      method: req.method,
      headers,
      signal: req.signal,
    });
    return await awaitAnswer(request, req, target, maxBytes, onText);
  } finally {
    // The agent keeps the handshake's connection alive: close it with the stream.
    (config.httpsAgent as Agent | undefined)?.destroy();
  }
}

/** Sends the request; a 200's body goes to `onText`, any other answer is read whole. */
async function awaitAnswer(
  request: ClientRequest,
  req: HttpRequest,
  target: VettedTarget,
  maxBytes: number,
  onText: (text: string) => void,
): Promise<HttpResponse> {
  const response = await responseTo(request, req.body).catch((err: unknown) => {
    throw networkFailure(err, target);
  });
  const status = response.statusCode ?? 0;
  if (status !== 200)
    return toResponse(
      target,
      status,
      response.headers,
      challengesOf(response),
      await readCapped(response, maxBytes, req.signal),
    );
  response.setEncoding('utf8');
  await consumeBody(response, req.signal, (text) => onText(text as string)).catch(
    (err: unknown) => {
      throw bodyFailure(err, 'The server closed the notification stream.');
    },
  );
  return toResponse(target, status, response.headers, [], '');
}
