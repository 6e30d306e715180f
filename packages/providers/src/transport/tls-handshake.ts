import type net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import {
  inspectCertificate,
  probeTlsOptions,
  type CertificateInfo,
  type TlsTrust,
} from './tls-trust.js';

export interface TlsSession {
  socket: tls.TLSSocket;
  certificate: CertificateInfo;
  /** Negotiated protocol, e.g. TLSv1.3. */
  protocol: string;
  cipher: string;
}

/** What the server sent instead of a TLS handshake, judged from its first bytes (never from error text). */
export type PlaintextReply = 'IMAP greeting' | 'SMTP greeting' | 'HTTP response' | 'text';

/** A failed handshake; `plaintextReply` is set when the server answered in clear text. */
export interface HandshakeFailure extends Error {
  plaintextReply?: PlaintextReply;
  /** The certificate the server presented, when verification refused it. */
  cert?: tls.PeerCertificate;
}

/**
 * Starts TLS on a connected socket (implicit TLS, or after a STARTTLS reply) with the check's trust
 * settings and describes the certificate. The first bytes the server sends are recorded on the way in,
 * so a clear-text answer on a TLS port is recognised from the bytes themselves.
 */
export async function startTlsHandshake(
  raw: net.Socket,
  trust: TlsTrust,
  signal: AbortSignal,
): Promise<TlsSession> {
  const recorder = new FirstBytesRecorder(raw);
  // `host` is only used to check an IP-literal name (no SNI then); the socket is already connected.
  const socket = tls.connect({
    socket: recorder,
    host: trust.servername,
    ...probeTlsOptions(trust),
  });
  // Runs before Node's own verification, which destroys the socket on a refusal: keeps the certificate
  // the refusal is about, so an expired one can be reported with its date.
  let presented: tls.PeerCertificate | undefined;
  socket.prependOnceListener('secure', () => {
    presented = socket.getPeerCertificate(false) ?? undefined;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () =>
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('secureConnect', () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
      socket.once('error', (err: HandshakeFailure) => {
        signal.removeEventListener('abort', onAbort);
        const plaintext = plaintextReply(recorder.firstBytes);
        if (plaintext) err.plaintextReply = plaintext;
        if (presented && !err.cert) err.cert = presented;
        reject(err);
      });
    });
    // Later errors are read by whoever uses the socket next; never leave 'error' without a listener.
    socket.on('error', () => {});
    const cipher = socket.getCipher();
    return {
      socket,
      certificate: inspectCertificate(socket, trust),
      protocol: socket.getProtocol() ?? 'unknown',
      cipher: cipher.standardName ?? cipher.name,
    };
  } catch (err) {
    socket.destroy();
    raw.destroy();
    throw err;
  }
}

/** Text where a TLS record (first byte 0x14-0x17, second 0x03) was expected. */
export function plaintextReply(bytes: Buffer): PlaintextReply | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0]! >= 0x14 && bytes[0]! <= 0x17 && bytes[1] === 0x03) return undefined;
  const head = bytes.toString('latin1');
  if (!/^[\x09\x0a\x0d\x20-\x7e]+$/.test(head)) return undefined;
  if (/^\* (OK|PREAUTH|BYE)\b/i.test(head)) return 'IMAP greeting';
  if (/^\d{3}[ -]/.test(head)) return 'SMTP greeting';
  if (/^HTTP\/\d/.test(head)) return 'HTTP response';
  return 'text';
}

/** Passes a socket's bytes through unchanged and keeps the first 32 received. */
class FirstBytesRecorder extends Duplex {
  firstBytes = Buffer.alloc(0);

  constructor(private readonly raw: net.Socket) {
    super();
    raw.on('data', (chunk: Buffer) => {
      if (this.firstBytes.length < 32)
        this.firstBytes = Buffer.concat([this.firstBytes, chunk]).subarray(0, 32);
      if (!this.push(chunk)) raw.pause();
    });
    // End (not destroy) on close, so bytes already passed on, such as a TLS alert, are still read.
    let ended = false;
    const end = () => {
      if (!ended) this.push(null);
      ended = true;
    };
    raw.once('end', end);
    raw.once('close', end);
    raw.once('error', (err) => this.destroy(err));
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.raw.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}
