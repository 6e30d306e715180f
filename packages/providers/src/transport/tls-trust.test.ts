import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCertificate, type TestCertificate } from '../testing/test-certificates.js';
import { verifiedTlsOptions } from './tls-trust.js';

describe('verified TLS with extra trust anchors', () => {
  let certificate: TestCertificate;
  let server: tls.Server;
  let port: number;

  beforeAll(async () => {
    certificate = await createTestCertificate('trusted');
    server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) =>
      socket.end(),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const handshake = (options: tls.ConnectionOptions) =>
    new Promise<{ authorized: boolean; protocol: string | null }>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () => {
        resolve({ authorized: socket.authorized, protocol: socket.getProtocol() });
        socket.destroy();
      });
      socket.once('error', reject);
    });

  it('shares one secure context per anchor set instead of rebuilding Node’s roots for every connection', () => {
    const a = verifiedTlsOptions({ servername: 'localhost', ca: certificate.ca });
    const b = verifiedTlsOptions({ servername: 'other.test', ca: [certificate.ca] });
    const legacy = verifiedTlsOptions({
      servername: 'localhost',
      ca: certificate.ca,
      allowLegacyTls: true,
    });
    expect(a.secureContext).toBeDefined();
    expect(b.secureContext).toBe(a.secureContext);
    expect(legacy.secureContext).not.toBe(a.secureContext);
    expect(verifiedTlsOptions({ servername: 'localhost' }).secureContext).toBeUndefined();
    // The deployment's list (one array for the process) finds its context by identity, per floor.
    const deployment = [certificate.ca];
    const first = verifiedTlsOptions({ servername: 'localhost', ca: deployment });
    expect(first.secureContext).toBe(a.secureContext);
    expect(verifiedTlsOptions({ servername: 'x.test', ca: deployment }).secureContext).toBe(
      a.secureContext,
    );
    expect(
      verifiedTlsOptions({ servername: 'x.test', ca: deployment, allowLegacyTls: true })
        .secureContext,
    ).toBe(legacy.secureContext);
  });

  it('verifies a certificate from the extra CA (public roots kept), with the TLS 1.2 floor', async () => {
    const result = await handshake(
      verifiedTlsOptions({
        servername: 'localhost',
        ca: [...tls.rootCertificates, certificate.ca],
      }),
    );
    expect(result.authorized).toBe(true);
    expect(['TLSv1.2', 'TLSv1.3']).toContain(result.protocol);
  });

  it('still refuses a certificate no anchor vouches for', async () => {
    const stranger = await createTestCertificate('trusted'); // another CA
    await expect(
      handshake(verifiedTlsOptions({ servername: 'localhost', ca: stranger.ca })),
    ).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });
});
