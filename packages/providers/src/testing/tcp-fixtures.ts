import net from 'node:net';
import { freePort, listenOnLoopback } from './free-port.js';

export interface Blackhole {
  host: '127.0.0.1';
  port: number;
  stop(): Promise<void>;
}

/** Accepts TCP connections and never sends a byte (a server that hangs, or a middlebox that swallows traffic). */
export async function startBlackhole(): Promise<Blackhole> {
  const server = net.createServer((socket) => socket.on('error', () => socket.destroy()));
  return { host: '127.0.0.1', ...(await listenOnLoopback(server)) };
}

/** A loopback port nothing listens on (connecting gets ECONNREFUSED). */
export function unusedPort(): Promise<number> {
  return freePort();
}
