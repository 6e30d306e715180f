import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { GatewayConfig } from './env.js';

/** INLET_PUBLIC_URL is https: the browser reaches Inlet over TLS, whatever the last proxy hop used. */
export function servedOverHttps(config: Pick<GatewayConfig, 'publicUrl'>): boolean {
  return config.publicUrl?.startsWith('https:') ?? false;
}

/** A middleware of plain Node requests (express takes it, and so does graphql-http.ts). */
export type HeadersMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void;

/**
 * Security headers on every response, the console's above all. The built console (apps/admin/dist)
 * is one module script and one stylesheet from /assets, an inline SVG favicon (a data: URL), and
 * talks only to its own origin (GraphQL over fetch and WebSocket): nothing inline to allow.
 */
export function securityHeaders(config: Pick<GatewayConfig, 'publicUrl'>): HeadersMiddleware {
  const { set, removed } = recordHeaders(helmet(securityHeaderOptions(config)));
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

type HeaderValue = string | number | readonly string[];

/**
 * The headers a middleware sets (and removes), recorded once. Helmet runs a dozen middlewares per
 * request to set the same constant values every time (no directive here depends on the request):
 * issue #15 measured them among the per-request costs of the API. A middleware that does anything else
 * fails here, at start-up.
 */
function recordHeaders(middleware: ReturnType<typeof helmet>): {
  set: [string, HeaderValue][];
  removed: string[];
} {
  const set = new Map<string, HeaderValue>();
  const removed = new Set<string>();
  const recorder = {
    setHeader(name: string, value: HeaderValue) {
      set.set(name, value);
      return recorder;
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.add(name);
    },
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('the security headers middleware did not finish synchronously');
  return { set: [...set], removed: [...removed] };
}

/** Helmet's options: what the security headers are. */
export function securityHeaderOptions(
  config: Pick<GatewayConfig, 'publicUrl'>,
): Parameters<typeof helmet>[0] {
  const https = servedOverHttps(config);
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // 'self' covers ws:/wss: to the same host (CSP Level 3), which graphql-ws uses.
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        // No page may frame the console (a framed, signed-in console invites clickjacking).
        frameAncestors: ["'none'"],
        // Only where the public URL is https: over plain http it would break every request.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
    xFrameOptions: { action: 'deny' },
  };
}
