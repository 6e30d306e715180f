import net from 'node:net';
import { listenOnLoopback } from './free-port.js';

/** A TCP proxy on 127.0.0.1 that can stop forwarding the server's bytes while keeping every socket open. */
export interface StallProxy {
  port: number;
  /** From now on the client hears nothing more from the server (a hung proxy or backend). */
  stall(): void;
  stop(): Promise<void>;
}

export async function startStallProxy(targetPort: number): Promise<StallProxy> {
  let stalled = false;
  const upstreams = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    upstreams.add(upstream);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!stalled) client.write(chunk);
    });
    upstream.on('close', () => (upstreams.delete(upstream), client.destroy()));
    client.on('close', () => upstream.destroy());
  });
  const listener = await listenOnLoopback(server);
  return {
    port: listener.port,
    stall: () => void (stalled = true),
    stop: async () => {
      for (const s of upstreams) s.destroy();
      await listener.stop();
    },
  };
}
