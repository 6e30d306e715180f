import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './free-port.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

export type HttpsTestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => void;

export interface HttpsTestServer {
  port: number;
  /** The self-signed certificate, to pass as `ca`. */
  ca: string;
  /** "host path?query" of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTPS server (127.0.0.1 only) with a self-signed certificate valid for `hostnames`,
 * localhost and 127.0.0.1. The handler sees the request URL built from the Host header.
 */
export async function startHttpsTestServer(
  hostnames: string[],
  handler: HttpsTestHandler,
): Promise<HttpsTestServer> {
  const pems = await createSelfSignedCertificate(hostnames);
  const requests: string[] = [];
  const server = createServer({ key: pems.key, cert: pems.cert }, (request, response) => {
    const url = new URL(request.url ?? '/', `https://${request.headers.host ?? 'unknown'}`);
    requests.push(`${url.hostname} ${url.pathname}${url.search}`);
    handler(request, response, url);
  });
  const listener = await listenOnLoopback(server);
  return { port: listener.port, ca: pems.cert, requests, close: listener.stop };
}
