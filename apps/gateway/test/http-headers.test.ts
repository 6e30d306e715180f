import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from './testkit/client.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

/** A stand-in for apps/admin/dist: an index page and one asset. */
function consoleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inlet-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Inlet</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  return dir;
}

async function signInCookie(
  gw: TestGateway,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await gw.request(
    'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }',
    { e: ADMIN.email, p: ADMIN.password },
    { headers },
  );
  return res.headers.get('set-cookie') ?? '';
}

describe('headers and cookies', () => {
  let local: TestGateway;
  let public_: TestGateway;
  beforeAll(async () => {
    const dir = consoleDir();
    local = await startTestGateway('sqlite', { env: { INLET_CONSOLE_DIR: dir } });
    public_ = await startTestGateway('sqlite', {
      env: { INLET_CONSOLE_DIR: dir, INLET_PUBLIC_URL: 'https://inlet.example.com' },
    });
  });
  afterAll(async () => {
    await local?.close();
    await public_?.close();
  });

  it('serves the console with a CSP that allows only its own scripts and styles, and forbids framing', async () => {
    for (const path of ['/', '/my-email', '/assets/app.js']) {
      const res = await fetch(`${local.url}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values.join(' ')]),
      );
      expect(directives).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'connect-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('makes the session cookie Secure whenever INLET_PUBLIC_URL is https, whatever the proxy hop says', async () => {
    expect(await signInCookie(local)).not.toMatch(/;\s*Secure/i);
    expect(await signInCookie(local, { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    // TLS ended at an outer proxy; the hop in front of the gateway is plain http.
    expect(await signInCookie(public_)).toMatch(/;\s*Secure/i);
    expect(await signInCookie(public_, { 'x-forwarded-proto': 'http' })).toMatch(/;\s*Secure/i);
  });

  it('behind an https public URL, also HSTS and upgrade-insecure-requests', async () => {
    const res = await fetch(`${public_.url}/`);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
