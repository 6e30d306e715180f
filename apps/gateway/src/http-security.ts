import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { GatewayConfig } from './env.js';

/** INLET_PUBLIC_URL is https: the browser reaches Inlet over TLS, whatever the last proxy hop used. */
export function servedOverHttps(config: Pick<GatewayConfig, 'publicUrl'>): boolean {
  return config.publicUrl?.startsWith('https:') ?? false;
}

/**
 * Security headers on every response, the console's above all. The built console (apps/admin/dist)
 * is one module script and one stylesheet from /assets, an inline SVG favicon (a data: URL), and
 * talks only to its own origin (GraphQL over fetch and WebSocket): nothing inline to allow.
 */
export function securityHeaders(config: Pick<GatewayConfig, 'publicUrl'>): RequestHandler {
  const https = servedOverHttps(config);
  return helmet({
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
  });
}
