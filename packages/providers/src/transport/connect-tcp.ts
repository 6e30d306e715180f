import net from 'node:net';
import { requireVettedAddress } from './vet-address.js';

/** Opens a TCP connection to an already vetted IP address (no name resolution happens here). */
export function connectTcp(
  address: string,
  port: number,
  signal: AbortSignal,
): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    requireVettedAddress(address); // a throw here rejects the promise
    const socket = net.connect({ host: address, port });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const onError = (err: Error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      // Later errors are read by whoever uses the socket next; never leave 'error' without a listener.
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}
