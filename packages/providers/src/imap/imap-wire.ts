import type { Duplex } from 'node:stream';
import type { LineReader } from '../transport/line-reader.js';

/** err.code when a server does not speak IMAP (first line is not an untagged OK/PREAUTH/BYE). */
export const NOT_IMAP = 'ERR_INLET_NOT_IMAP';

/** A status response: `* OK [CAPABILITY IMAP4rev1 ...] Dovecot ready.` or `a1 NO [UNAVAILABLE] Try later`. */
export interface ImapStatus {
  tag: string;
  status: 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';
  /** The response code's atom, upper-case (CAPABILITY, UNAVAILABLE, ALERT...). */
  code: string | undefined;
  /** What follows the code's atom inside the brackets. */
  codeArgs: string | undefined;
  text: string;
}

const STATUS_LINE =
  /^(\*|[A-Za-z0-9.]+) (OK|NO|BAD|PREAUTH|BYE)(?: \[([^\]\s]+)(?: ([^\]]*))?\])? ?(.*)$/i;

export function parseStatus(line: string): ImapStatus | undefined {
  const m = STATUS_LINE.exec(line);
  if (!m) return undefined;
  return {
    tag: m[1]!,
    status: m[2]!.toUpperCase() as ImapStatus['status'],
    code: m[3]?.toUpperCase(),
    codeArgs: m[4],
    text: m[5] ?? '',
  };
}

/** Capabilities from a `[CAPABILITY ...]` response code or a `* CAPABILITY ...` line, upper-case. */
export function capabilitiesOf(source: ImapStatus | string): string[] | undefined {
  if (typeof source === 'string') {
    const m = /^\* CAPABILITY (.*)$/i.exec(source);
    return m ? splitCapabilities(m[1]!) : undefined;
  }
  return source.code === 'CAPABILITY' && source.codeArgs
    ? splitCapabilities(source.codeArgs)
    : undefined;
}

function splitCapabilities(list: string): string[] {
  return list
    .trim()
    .split(/\s+/)
    .map((c) => c.toUpperCase());
}

/** Reads the server's first line; it must be an untagged OK, PREAUTH or BYE. */
export async function readGreeting(reader: LineReader): Promise<ImapStatus> {
  const line = await reader.readLine();
  const greeting = parseStatus(line);
  if (!greeting || greeting.tag !== '*' || !['OK', 'PREAUTH', 'BYE'].includes(greeting.status)) {
    throw Object.assign(new Error('The server did not greet like an IMAP server'), {
      code: NOT_IMAP,
    });
  }
  return greeting;
}

export interface ImapReply {
  /** Untagged lines received before the tagged completion. */
  untagged: string[];
  done: ImapStatus;
}

/** Sends one simple command (no literals) and collects the reply, at most `maxLines` lines. */
export async function runImapCommand(
  socket: Duplex,
  reader: LineReader,
  tag: string,
  command: string,
  maxLines = 200,
): Promise<ImapReply> {
  socket.write(`${tag} ${command}\r\n`);
  const untagged: string[] = [];
  for (let i = 0; i < maxLines; i++) {
    const line = await reader.readLine();
    const status = parseStatus(line);
    if (status && status.tag === tag) return { untagged, done: status };
    if (status?.tag === '*' && status.status === 'BYE')
      return { untagged, done: { ...status, tag } };
    untagged.push(line);
  }
  throw Object.assign(new Error(`No reply to ${command}`), { code: NOT_IMAP });
}

/** CAPABILITY: the list from the reply (or from a [CAPABILITY] code on its tagged OK). */
export async function fetchCapabilities(
  socket: Duplex,
  reader: LineReader,
  tag: string,
): Promise<{ capabilities: string[]; reply: ImapReply }> {
  const reply = await runImapCommand(socket, reader, tag, 'CAPABILITY');
  for (const line of reply.untagged) {
    const caps = capabilitiesOf(line);
    if (caps) return { capabilities: caps, reply };
  }
  return { capabilities: capabilitiesOf(reply.done) ?? [], reply };
}
