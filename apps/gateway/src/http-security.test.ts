import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { securityHeaderOptions, securityHeaders } from './http-security.js';

/** The headers a middleware leaves on a response that starts with X-Powered-By set. */
function headersAfter(middleware: (req: never, res: never, next: () => void) => void) {
  const headers = new Map<string, unknown>([['x-powered-by', 'Express']]);
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let nextCalled = false;
  middleware({} as IncomingMessage as never, res as unknown as ServerResponse as never, () => {
    nextCalled = true;
  });
  expect(nextCalled).toBe(true);
  return Object.fromEntries(headers);
}

describe('securityHeaders', () => {
  for (const publicUrl of [undefined, 'https://inlet.example.com']) {
    it(`sets what helmet sets itself, per request (public URL ${publicUrl ?? 'unset'})`, () => {
      const ours = headersAfter(securityHeaders({ publicUrl }));
      const theirs = headersAfter(helmet(securityHeaderOptions({ publicUrl })));
      expect(ours).toEqual(theirs);
      expect(ours['x-powered-by']).toBeUndefined();
      expect(ours['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(Boolean(ours['strict-transport-security'])).toBe(Boolean(publicUrl));
    });
  }
});
