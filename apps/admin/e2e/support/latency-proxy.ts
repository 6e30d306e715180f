import { createServer, connect, type Server, type Socket } from 'node:net';

// A TCP relay that can hold back what a server sends, so a browser test can watch a state that
// real loopback servers pass through in milliseconds (for example a first sync). It relays bytes
// untouched (TLS goes end to end), and closing its server side mirrors the server going away.

export interface LatencyProxy {
  host: '127.0.0.1';
  port: number;
  /** Delay before each chunk the server sends, once it is next in line (a slow server); 0 relays at once. */
  setDelay(ms: number): void;
  /**
   * Another server behind the same address, as when a server is replaced: open connections drop, new
   * ones go to `port`.
   */
  retarget(port: number): void;
  /** Stops listening and closes every relayed connection (new connections are refused). Safe to call twice. */
  close(): Promise<void>;
}

export async function startLatencyProxy(
  target: { host: string; port: number },
  initialDelayMs = 0,
): Promise<LatencyProxy> {
  let delayMs = initialDelayMs;
  let targetPort = target.port;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: target.host, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    // Server -> client in order, each chunk after the delay in force when its turn comes.
    let queue = Promise.resolve();
    const later = (work: () => void) => {
      queue = queue
        .then(() =>
          delayMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, delayMs)) : undefined,
        )
        .then(work);
    };
    upstream.on('data', (chunk: Buffer) => later(() => client.destroyed || client.write(chunk)));
    upstream.on('end', () => later(() => client.end()));
    upstream.on('error', () => later(() => client.destroy()));
    upstream.on('close', () => sockets.delete(upstream));
    client.on('data', (chunk: Buffer) => upstream.destroyed || upstream.write(chunk));
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the latency proxy has no port');
  let closed: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port: address.port,
    setDelay(ms) {
      delayMs = ms;
    },
    retarget(port) {
      targetPort = port;
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}
