import type net from 'node:net';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import { connectTcp } from '../transport/connect-tcp.js';
import { LineReader } from '../transport/line-reader.js';
import { startTlsHandshake } from '../transport/tls-handshake.js';
import type { CertificateInfo, MailSecurity, TlsTrust } from '../transport/tls-trust.js';

/** err.code of an SMTP exchange that went wrong before TLS; `responseCode`/`response` carry the reply. */
export const SMTP_PROBE_REPLY = 'ERR_INLET_SMTP_REPLY';

/** EHLO name nodemailer would use too: the host name when it is qualified, else an address literal. */
export function defaultClientName(): string {
  const name = hostname();
  return name.includes('.') ? name : '[127.0.0.1]';
}

interface SmtpReply {
  code: number;
  lines: string[];
}

async function readReply(reader: LineReader): Promise<SmtpReply> {
  const lines: string[] = [];
  for (let i = 0; i < 100; i++) {
    const line = await reader.readLine();
    lines.push(line);
    const m = /^(\d{3})(-| |$)/.exec(line);
    if (!m) throw replyError('The server did not answer like an SMTP server', 0, line);
    if (m[2] !== '-') return { code: Number(m[1]), lines };
  }
  throw replyError('The server sent an endless reply', 0, lines.at(-1) ?? '');
}

async function command(socket: Duplex, reader: LineReader, line: string): Promise<SmtpReply> {
  socket.write(`${line}\r\n`);
  return readReply(reader);
}

function replyError(message: string, responseCode: number, response: string): Error {
  return Object.assign(new Error(message), {
    code: SMTP_PROBE_REPLY,
    responseCode: responseCode || undefined,
    response,
  });
}

/**
 * Looks at an SMTP server's certificate before nodemailer connects, for trust-any and pinned checks:
 * a certificate that no CA vouches for can only be pinned once it has been seen. Implicit TLS, or
 * greeting + EHLO + STARTTLS. No credentials are sent; the connection is closed afterwards.
 */
export async function probeSmtpCertificate(
  address: string,
  port: number,
  security: MailSecurity,
  trust: TlsTrust,
  clientName: string,
  signal: AbortSignal,
): Promise<CertificateInfo> {
  const raw: net.Socket = await connectTcp(address, port, signal);
  try {
    if (security === 'STARTTLS') {
      const reader = new LineReader(raw);
      const greeting = await readReply(reader);
      if (greeting.code !== 220)
        throw replyError(
          'The server refused the connection',
          greeting.code,
          greeting.lines.join('\n'),
        );
      const ehlo = await command(raw, reader, `EHLO ${clientName}`);
      if (ehlo.code !== 250) throw replyError('EHLO failed', ehlo.code, ehlo.lines.join('\n'));
      if (!ehlo.lines.some((l) => /^250[ -]STARTTLS\b/i.test(l))) {
        throw Object.assign(new Error('The server does not offer STARTTLS'), {
          code: 'ERR_INLET_NO_STARTTLS',
        });
      }
      const starttls = await command(raw, reader, 'STARTTLS');
      if (starttls.code !== 220)
        throw replyError('STARTTLS refused', starttls.code, starttls.lines.join('\n'));
      if (reader.detach().length > 0)
        throw Object.assign(new Error('Data after the STARTTLS reply'), {
          code: 'ERR_INLET_NO_STARTTLS',
        });
    }
    const session = await startTlsHandshake(raw, trust, signal);
    session.socket.end('QUIT\r\n');
    session.socket.destroy();
    return session.certificate;
  } finally {
    raw.destroy();
  }
}
