import net from 'node:net';
import { freePort } from './free-port.js';

export interface Blackhole {
  host: '127.0.0.1';
  port: number;
  stop(): Promise<void>;
}

/** Accepts TCP connections and never sends a byte (a server that hangs, or a middlebox that swallows traffic). */
export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  let stopped: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}

/** A loopback port nothing listens on (connecting gets ECONNREFUSED). */
export function unusedPort(): Promise<number> {
  return freePort();
}
