import type {
  FetchMessageObject,
  FetchQueryObject,
  MessageAddressObject,
  MessageEnvelopeObject,
} from 'imapflow';
import { simpleParser } from 'mailparser';
import { failedRecipients, isAutoReply } from '../core/automatic-mail.js';
import { printable } from './classify-imap-error.js';
import { readPartialText } from './partial-text.js';
import { snippetOf } from '../core/snippet.js';
import type { Address, QuarantinedMessage, SyncedMessage } from '../core/sync-store.js';

/** Bytes of the body fetched for the snippet: enough for the first text part of nearly every message. */
export const SNIPPET_BYTES = 2048;

/** Threading headers, plus what a MIME parser needs to decode the partial body into text. */
const HEADER_FIELDS = [
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
  // Automatic replies (RFC 3834 and the common vendor headers).
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'precedence',
];

/**
 * What sync fetches per message. imapflow sends every body section as BODY.PEEK, so fetching never
 * sets \Seen: `UID FETCH <set> (UID FLAGS INTERNALDATE ENVELOPE BODY.PEEK[HEADER.FIELDS (...)] BODY.PEEK[TEXT]<0.2048>)`.
 */
export const METADATA_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  internalDate: true,
  headers: HEADER_FIELDS,
  bodyParts: [{ key: 'TEXT', maxLength: SNIPPET_BYTES }],
};

export type MessageOutcome = { message: SyncedMessage } | { quarantine: QuarantinedMessage };

const MAX_REFERENCES = 100;
const MAX_ID_LENGTH = 998; // RFC 5322 line length

/**
 * Turns one FETCH response into the stored metadata, or into a quarantine entry with the reason when
 * the message cannot be used: no envelope, no readable header at all, or a Date header that is not a
 * date. A missing Date header is allowed (date null). Never throws.
 */
export async function describeMessage(
  folder: string,
  fetched: FetchMessageObject,
): Promise<MessageOutcome> {
  return (await describeMessages(folder, [fetched]))[0]!;
}

/**
 * describeMessage for every row, in order. The envelope is read here; the header fields and partial
 * body (the parse, snippet and References: most of the work) go to `readBodies` in one call, which may
 * run them on a worker thread (body-reader-pool.ts).
 */
export async function describeMessages(
  folder: string,
  rows: readonly FetchMessageObject[],
  readBodies: BodyReader = readBodiesInThread,
): Promise<MessageOutcome[]> {
  return finishMessages(
    rows.map((row) => prepareMessage(folder, row)),
    readBodies,
  );
}

/**
 * What describeMessages keeps of a FETCH response until its batch's bodies are read: its outcome when
 * the envelope already decides it (a quarantine), else the envelope's facts and the body sections.
 * Taken as each response arrives, so imapflow's response object is garbage at once and does not
 * survive (and get copied by) the collections that run while a batch fills.
 */
export type PreparedMessage = MessageOutcome | (EnvelopeFacts & { body: BodyInput });

export function prepareMessage(folder: string, row: FetchMessageObject): PreparedMessage {
  const outcome = readEnvelope(folder, row);
  return 'envelope' in outcome ? { ...outcome, body: bodyInputOf(row, outcome.envelope) } : outcome;
}

/** The outcomes of prepared messages, in order: their bodies read in one call of `readBodies`. */
export async function finishMessages(
  prepared: readonly PreparedMessage[],
  readBodies: BodyReader = readBodiesInThread,
): Promise<MessageOutcome[]> {
  const inputs: BodyInput[] = [];
  for (const p of prepared) if ('body' in p) inputs.push(p.body);
  const bodies = inputs.length > 0 ? await readBodies(inputs) : [];
  let next = 0;
  return prepared.map((p) => ('body' in p ? withBody(p, bodies[next++]!) : p));
}

/** What readBody needs of one message: plain buffers, so it can be handed to another thread. */
export interface BodyInput {
  /** The HEADER.FIELDS section (empty when absent). */
  headers: Buffer;
  /** The first SNIPPET_BYTES of the body (empty when absent). */
  text: Buffer;
  /** Whether the envelope already has these: mailparser supplies them from the header otherwise. */
  envelopeHas: { messageId: boolean; inReplyTo: boolean };
}

/** What the header fields and partial body say. */
export interface BodyFacts {
  references: string[];
  /** From the header, used when the envelope has none. */
  messageId: string | null;
  inReplyTo: string | null;
  snippet: string | null;
  autoReply: boolean;
  failedRecipients: string[];
}

/** Reads many bodies at once; the results are in the order of the inputs. */
export type BodyReader = (inputs: BodyInput[]) => Promise<BodyFacts[]>;

/** Every body read on this thread, one after another. */
export const readBodiesInThread: BodyReader = async (inputs) => {
  const facts: BodyFacts[] = [];
  for (const input of inputs) facts.push(await readBody(input));
  return facts;
};

/** Parses one message's header fields and partial body. Never throws. */
export async function readBody({ headers, text, envelopeHas }: BodyInput): Promise<BodyFacts> {
  const headerText = headers.toString('binary').replace(/(\r?\n)+$/, '');
  const parsed = await parsePartial(headerText, text, envelopeHas);
  const headerLines = parsed?.headerLines ?? [];
  return {
    references: referencesOf(parsed?.headerLines),
    messageId: firstMessageId(parsed?.messageId),
    inReplyTo: firstMessageId(parsed?.inReplyTo),
    snippet: snippetOf(parsed?.text),
    autoReply: isAutoReply(headerLines),
    failedRecipients: failedRecipients(headerLines, text),
  };
}

/** A message whose envelope is usable: everything but what its body says. */
interface EnvelopeFacts {
  envelope: Pick<MessageEnvelopeObject, 'messageId' | 'inReplyTo'>;
  message: Omit<
    SyncedMessage,
    'references' | 'snippet' | 'autoReply' | 'failedRecipients' | 'messageId' | 'inReplyTo'
  >;
}

function readEnvelope(folder: string, fetched: FetchMessageObject): MessageOutcome | EnvelopeFacts {
  const quarantine = (reason: string): MessageOutcome => ({
    quarantine: { folder, uid: fetched.uid, reason },
  });
  const envelope = fetched.envelope;
  if (!envelope) return quarantine('The server returned no envelope for this message.');
  if (!hasAnyHeader(envelope))
    return quarantine(
      'The message has no readable headers (From, To, Subject, Date and Message-ID are all missing).',
    );

  let date: string | null = null;
  if (envelope.date !== undefined && envelope.date !== '') {
    // imapflow keeps the raw string when the Date header does not parse.
    if (!(envelope.date instanceof Date) || Number.isNaN(envelope.date.getTime())) {
      return quarantine(
        `The Date header is not a valid date: "${printable(String(envelope.date), 60)}".`,
      );
    }
    date = envelope.date.toISOString();
  }
  return {
    envelope: { messageId: envelope.messageId, inReplyTo: envelope.inReplyTo },
    message: {
      folder,
      uid: fetched.uid,
      from: addresses(envelope.from)[0] ?? null,
      to: addresses(envelope.to),
      cc: addresses(envelope.cc),
      subject: envelope.subject ? envelope.subject : null,
      date,
      flags: flagList(fetched.flags),
    },
  };
}

function bodyInputOf(fetched: FetchMessageObject, envelope: EnvelopeFacts['envelope']): BodyInput {
  return {
    headers: fetched.headers ?? EMPTY,
    text: fetched.bodyParts?.get('text') ?? EMPTY,
    envelopeHas: { messageId: Boolean(envelope.messageId), inReplyTo: Boolean(envelope.inReplyTo) },
  };
}

const EMPTY = Buffer.alloc(0);

function withBody({ envelope, message }: EnvelopeFacts, body: BodyFacts): MessageOutcome {
  // The same key order as before the split, so stored JSON and snapshots do not change.
  return {
    message: {
      folder: message.folder,
      uid: message.uid,
      messageId: firstMessageId(envelope.messageId) ?? body.messageId,
      inReplyTo: firstMessageId(envelope.inReplyTo) ?? body.inReplyTo,
      references: body.references,
      from: message.from,
      to: message.to,
      cc: message.cc,
      subject: message.subject,
      date: message.date,
      flags: message.flags,
      snippet: body.snippet,
      autoReply: body.autoReply,
      failedRecipients: body.failedRecipients,
    },
  };
}

/** Flags as stored: \Recent is per-session state that changes with every SELECT, so it is left out. */
export function flagList(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((f) => f.toLowerCase() !== '\\recent').sort();
}

function hasAnyHeader(e: MessageEnvelopeObject): boolean {
  return Boolean(
    e.date ||
    e.subject ||
    e.messageId ||
    e.from?.length ||
    e.sender?.length ||
    e.to?.length ||
    e.cc?.length,
  );
}

interface ParsedPartial {
  headerLines: readonly { key: string; line: string }[];
  text?: string;
  messageId?: string;
  inReplyTo?: string;
}

/**
 * Parses the fetched header fields plus the first bytes of the body as one (truncated) message, so the
 * MIME structure and transfer encodings are decoded the same way as for a whole message. The common
 * shapes are read directly (partial-text.ts, the same text as mailparser's); mailparser reads the rest,
 * and a message whose envelope lacks a Message-ID or In-Reply-To its header has (mailparser then
 * supplies it).
 */
async function parsePartial(
  headers: string,
  text: Buffer,
  envelopeHas: { messageId: boolean; inReplyTo: boolean },
): Promise<ParsedPartial | undefined> {
  try {
    const direct = readPartialText(headers, text);
    if (
      direct &&
      (envelopeHas.messageId || !direct.headerLines.some((h) => h.key === 'message-id')) &&
      (envelopeHas.inReplyTo || !direct.headerLines.some((h) => h.key === 'in-reply-to'))
    )
      return direct;
  } catch {
    // whatever the direct reader trips on, mailparser gets its say
  }
  return parseWithMailparser(headers, text);
}

/** mailparser's reading of the partial message: the reference the direct reader is held to. */
export async function parseWithMailparser(
  headers: string,
  text: Buffer,
): Promise<ParsedPartial | undefined> {
  try {
    const source = Buffer.concat([
      Buffer.from(headers ? `${headers}\r\n\r\n` : '\r\n', 'binary'),
      text,
    ]);
    const parsed = await simpleParser(source, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 64 * 1024,
    });
    return {
      headerLines: parsed.headerLines,
      text: parsed.text,
      messageId: parsed.messageId,
      inReplyTo: parsed.inReplyTo,
    };
  } catch {
    return undefined; // the envelope still describes the message; only the snippet and References are lost
  }
}

/** From the raw header: only bracketed ids count (mailparser would bracket any stray word). */
export function referencesOf(
  headerLines: readonly { key: string; line: string }[] | undefined,
): string[] {
  const line =
    headerLines
      ?.filter((h) => h.key === 'references')
      .map((h) => h.line.replace(/^references:/i, ''))
      .join(' ') ?? '';
  return messageIds(line).slice(0, MAX_REFERENCES);
}

function messageIds(raw: string): string[] {
  return [...raw.matchAll(/<[^<>\s]+>/g)]
    .map((m) => m[0])
    .filter((id) => id.length <= MAX_ID_LENGTH);
}

/** "<id@host>" from a header value; a bare id without brackets is bracketed. */
function firstMessageId(raw: string | undefined): string | null {
  if (!raw) return null;
  const bracketed = messageIds(raw)[0];
  if (bracketed) return bracketed;
  const bare = raw.trim();
  return bare && !/\s/.test(bare) && bare.length <= MAX_ID_LENGTH - 2
    ? `<${bare.replace(/[<>]/g, '')}>`
    : null;
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  for (const entry of list ?? []) {
    const address = entry.address?.trim() ?? '';
    // Dovecot writes MISSING_DOMAIN (RFC 3501 style) for an address without a domain.
    if (!/^[^@\s]+@[^@\s]+$/.test(address) || /@MISSING_DOMAIN$/i.test(address)) continue;
    out.push({ name: entry.name?.trim() ? entry.name.trim() : null, address });
  }
  return out;
}
