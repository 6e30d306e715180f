import type { Socket } from 'node:net';
import tls from 'node:tls';
import { createTestCertificate } from './test-certificates.js';

export interface LegacyTlsProxy {
  host: '127.0.0.1';
  /** Speaks TLS 1.0 only, at OpenSSL security level 0, with a `localhost` certificate signed by `ca`. */
  port: number;
  ca: string;
  /** TLS versions the clients negotiated, one per accepted connection. */
  protocols: string[];
  stop(): Promise<void>;
}

/**
 * A server that only speaks TLS 1.0, in front of a real one: it terminates TLS 1.0 and forwards the
 * bytes over modern TLS to an implicit-TLS port (Dovecot's 993-style, smtp-server's 465-style). Clients
 * thus sync and send through a TLS 1.0-only endpoint. Loopback only; stop() closes every socket.
 */
export async function startLegacyTlsProxy(target: {
  port: number;
  /** The CA the target's certificate is signed by. */
  ca: string;
}): Promise<LegacyTlsProxy> {
  const certificate = await createTestCertificate('trusted');
  const sockets = new Set<Socket>();
  const protocols: string[] = [];
  const server = tls.createServer(
    {
      key: certificate.key,
      cert: certificate.cert,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    },
    (client) => {
      protocols.push(client.getProtocol() ?? 'unknown');
      const upstream = tls.connect({
        host: '127.0.0.1',
        port: target.port,
        servername: 'localhost',
        ca: target.ca,
      });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port,
    ca: certificate.ca,
    protocols,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
