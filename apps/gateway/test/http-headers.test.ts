import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from './testkit/client.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

/** The console's script; the build writes it gzip- and brotli-compressed next to it too. */
const script = `export const greeting = '${'hello from the console '.repeat(200)}';`;

/** A stand-in for apps/admin/dist: an index page, a script (also compressed), a stylesheet. */
function consoleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inlet-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Inlet</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(
    join(dir, 'sign-in.html'),
    '<!doctype html><title>Sign in · Inlet</title><div id="root"><form>prerendered</form></div>',
  );
  // Each page's own HTML, preloading its scripts (apps/admin/preload-pages.ts), listed in pages.json.
  mkdirSync(join(dir, 'pages', 'my-email'), { recursive: true });
  writeFileSync(
    join(dir, 'pages', 'my-email', 'connect.html'),
    '<!doctype html><title>Inlet</title><link rel="modulepreload" href="/assets/connect.js">',
  );
  writeFileSync(
    join(dir, 'pages.json'),
    JSON.stringify({
      '/my-email/connect': 'pages/my-email/connect.html',
      '/team': 'pages/gone.html',
    }),
  );
  writeFileSync(join(dir, 'assets', 'app.js'), script);
  writeFileSync(join(dir, 'assets', 'app.js.gz'), gzipSync(script));
  writeFileSync(join(dir, 'assets', 'app.js.br'), brotliCompressSync(script));
  writeFileSync(join(dir, 'assets', 'app.css'), 'body { margin: 0; }');
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

  /** GET with exactly these request headers (fetch would add and undo an encoding itself). */
  function get(url: string, acceptEncoding?: string) {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
      (resolve, reject) => {
        const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
        request(url, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      },
    );
  }

  it('serves the prerendered sign-in page for /sign-in, and the index page for the other routes', async () => {
    for (const path of ['/sign-in', '/sign-in?next=%2Fteam']) {
      const res = await fetch(`${local.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toContain('<form>prerendered</form>');
    }
    for (const path of ['/', '/my-email', '/sign-in/other']) {
      const body = await (await fetch(`${local.url}${path}`)).text();
      expect(body, path).toContain('<title>Inlet</title>');
    }
  });

  it("serves a page's own HTML (its scripts preloaded) for its path, and the index page when the build wrote none", async () => {
    for (const path of ['/my-email/connect', '/my-email/connect?email=a%40b.example']) {
      const res = await fetch(`${local.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy'), path).toBeTruthy();
      expect(await res.text(), path).toContain('/assets/connect.js');
    }
    // Listed, but its file is missing: the index page.
    for (const path of ['/team', '/my-email/connect/other']) {
      const body = await (await fetch(`${local.url}${path}`)).text();
      expect(body, path).not.toContain('modulepreload');
      expect(body, path).toContain('<script type="module" src="/assets/app.js">');
    }
  });

  it('serves the console scripts compressed when the browser accepts it, and plain otherwise', async () => {
    const url = `${local.url}/assets/app.js`;
    const gzip = await get(url, 'gzip, deflate');
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-type']).toMatch(/^text\/javascript/);
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(gzip.headers['cache-control']).toBe('public, max-age=3600');
    expect(gzip.body.length).toBeLessThan(script.length / 4);
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    // Chromium's header: brotli, the smaller, wins over gzip.
    const br = await get(url, 'gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect((await get(url, 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');

    for (const acceptEncoding of [undefined, 'identity', 'gzip;q=0, br;q=0', 'zstd']) {
      const plain = await get(url, acceptEncoding);
      expect(plain.status, acceptEncoding).toBe(200);
      expect(plain.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(plain.headers['content-type'], acceptEncoding).toMatch(/^text\/javascript/);
      expect(plain.headers.vary, acceptEncoding).toMatch(/accept-encoding/i);
      expect(plain.body.toString(), acceptEncoding).toBe(script);
    }

    // A file the build did not compress is served as it is.
    const css = await get(`${local.url}/assets/app.css`, 'gzip, br');
    expect(css.status).toBe(200);
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body.toString()).toBe('body { margin: 0; }');
    // As is a missing one (the console's page, for a client-side route).
    expect((await get(`${local.url}/assets/missing.js`, 'gzip')).headers['content-encoding']).toBe(
      undefined,
    );
  });
});
