import type { Duplex } from 'node:stream';

/** err.code of a reply line longer than the reader accepts (not a mail server, or a hostile one). */
export const LINE_TOO_LONG = 'ERR_INLET_LINE_TOO_LONG';

/**
 * Reads CRLF-terminated lines from a socket, bounded in size, for the few text exchanges a check does
 * itself (IMAP greeting/CAPABILITY/STARTTLS, SMTP greeting/EHLO/STARTTLS). detach() hands the socket on
 * (to a TLS handshake) and returns bytes that arrived but were not read.
 */
export class LineReader {
  private buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private waiter: { resolve: (line: string) => void; reject: (err: Error) => void } | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.deliver();
  };
  private readonly onEnd = () =>
    this.fail(Object.assign(new Error('The server closed the connection'), { code: 'ECONNRESET' }));
  private readonly onError = (err: Error) => this.fail(err);

  constructor(
    private readonly socket: Duplex,
    private readonly maxLineBytes = 64 * 1024,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  readLine(): Promise<string> {
    if (this.waiter) return Promise.reject(new Error('readLine() is already waiting'));
    return new Promise<string>((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.deliver();
    });
  }

  /** Stops reading; returns what arrived after the last line read. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  private deliver(): void {
    if (!this.waiter) return;
    const end = this.buffer.indexOf('\r\n');
    if (end >= 0) {
      const line = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 2);
      this.settle().resolve(line);
    } else if (this.buffer.length > this.maxLineBytes) {
      this.fail(
        Object.assign(new Error('The server sent an overlong line'), { code: LINE_TOO_LONG }),
      );
    } else if (this.failure) {
      this.settle().reject(this.failure);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    if (this.waiter) this.settle().reject(this.failure);
  }

  private settle() {
    const waiter = this.waiter!;
    this.waiter = undefined;
    return waiter;
  }
}
