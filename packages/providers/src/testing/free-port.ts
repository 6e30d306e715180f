import net from 'node:net';

/** A test server listening on 127.0.0.1. */
export interface LoopbackListener {
  port: number;
  /** Drops the open connections (a hanging handler keeps its own open), then closes the server. Safe to call twice. */
  stop(): Promise<void>;
}

/** Listens on a port the OS picks on 127.0.0.1 and keeps track of connections, so stop() ends promptly. */
export async function listenOnLoopback(server: net.Server): Promise<LoopbackListener> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  let stopped: Promise<void> | undefined;
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}

/**
 * A loopback port that was free a moment ago (the OS picks it; the listener is closed again).
 * Another process could take it before the caller binds it, so servers that bind it retry.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or rejects after `timeoutMs`. */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the server exited before port ${port} opened`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}
