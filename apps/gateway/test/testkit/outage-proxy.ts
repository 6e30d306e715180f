import net from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of a server, whose link can be cut (refused, dropped) and restored. */
export interface OutageProxy {
  port: number;
  /** Drops every connection and refuses new ones, as an unreachable server would. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOutageProxy(
  targetHost: string,
  targetPort: number,
): Promise<OutageProxy> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: targetHost, port: targetPort });
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen(port, '127.0.0.1', () => resolve()),
    );
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const dropAll = () => sockets.forEach((s) => s.destroy());
  return {
    port,
    cut: async () => {
      const closed = close();
      dropAll();
      await closed;
    },
    restore: () => listen(port),
    stop: async () => {
      const closed = server.listening ? close() : Promise.resolve();
      dropAll();
      await closed;
    },
  };
}
