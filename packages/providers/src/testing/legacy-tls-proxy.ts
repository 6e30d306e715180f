import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { createTestCertificate } from './test-certificates.js';

/** TLS 1.0 only, at the security level OpenSSL 3 needs for it. */
const TLS_1_0_ONLY = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1',
  ciphers: 'DEFAULT@SECLEVEL=0',
} as const;

export interface LegacyTlsProxy {
  host: '127.0.0.1';
  /**
   * Speaks TLS 1.0 only, at OpenSSL security level 0, with a `localhost` certificate signed by `ca`:
   * from the first byte, or (startLegacyStarttlsProxy) once the client asked for STARTTLS.
   */
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
      ...TLS_1_0_ONLY,
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
  return listenOnLoopback(server, { ca: certificate.ca, protocols, sockets });
}

/**
 * The same for STARTTLS: a server whose STARTTLS only offers TLS 1.0, in front of a real one's STARTTLS
 * port (Dovecot's 143-style, smtp-server's or Postfix's 587-style). Plaintext passes through until the
 * client's STARTTLS (IMAP `tag STARTTLS`, SMTP `STARTTLS`) and the server's answer to it; then the proxy
 * upgrades the server side with modern TLS and offers the client TLS 1.0 only, and relays the rest.
 */
export async function startLegacyStarttlsProxy(target: {
  port: number;
  /** The CA the target's certificate is signed by. */
  ca: string;
}): Promise<LegacyTlsProxy> {
  const certificate = await createTestCertificate('trusted');
  const context = tls.createSecureContext({
    key: certificate.key,
    cert: certificate.cert,
    ...TLS_1_0_ONLY,
  });
  const sockets = new Set<Socket>();
  const protocols: string[] = [];
  const track = (...pair: Socket[]) => {
    for (const socket of pair) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => pair.forEach((s) => s.destroy()));
    }
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: target.port });
    track(client, upstream);
    const relay = (chunk: Buffer) => client.write(chunk);
    upstream.on('data', relay);
    let pending = '';
    const fromClient = (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end + 1);
        pending = pending.slice(end + 1);
        upstream.write(line, 'latin1');
        const starttls = /^(?:(\S+) )?STARTTLS\r?\n$/i.exec(line);
        if (starttls) {
          client.off('data', fromClient);
          upstream.off('data', relay);
          void upgradeAfterReply(starttls[1]);
          return;
        }
      }
    };
    client.on('data', fromClient);

    // The server's answer to STARTTLS goes to the client in plaintext; then both sides turn to TLS.
    const upgradeAfterReply = async (tag: string | undefined) => {
      let reply = '';
      const done = (text: string) =>
        text.split('\r\n').some((l) => (tag ? l.startsWith(`${tag} `) : /^\d{3} /.test(l)));
      await new Promise<void>((resolve) => {
        const collect = (chunk: Buffer) => {
          reply += chunk.toString('latin1');
          if (!done(reply)) return;
          upstream.off('data', collect);
          resolve();
        };
        upstream.on('data', collect);
      });
      client.write(reply, 'latin1');
      const secureUpstream = tls.connect({
        socket: upstream,
        servername: 'localhost',
        ca: target.ca,
      });
      const secureClient = new tls.TLSSocket(client, { isServer: true, secureContext: context });
      track(secureClient, secureUpstream);
      secureClient.on('secure', () => protocols.push(secureClient.getProtocol() ?? 'unknown'));
      secureClient.pipe(secureUpstream).pipe(secureClient);
    };
  });
  return listenOnLoopback(server, { ca: certificate.ca, protocols, sockets });
}

/** Listens on a free loopback port; stop() closes every relayed socket, then the server. */
async function listenOnLoopback(
  server: net.Server,
  facts: { ca: string; protocols: string[]; sockets: Set<Socket> },
): Promise<LegacyTlsProxy> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port,
    ca: facts.ca,
    protocols: facts.protocols,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of facts.sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
