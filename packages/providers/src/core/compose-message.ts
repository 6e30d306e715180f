import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface MailAddress {
  name?: string | null;
  address: string;
}

export interface OutgoingMessage {
  from: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[];
  bcc?: MailAddress[];
  subject: string;
  text?: string | null;
  html?: string | null;
  /** Message-ID of the message this replies to, and that message's References (threading, RFC 5322 §3.6.4). */
  inReplyTo?: string | null;
  references?: readonly string[];
  /** Reuse a Message-ID across retries so a retried send is recognisably the same message. */
  messageId?: string;
}

export interface ComposedMessage {
  messageId: string;
  /** Every recipient (to, cc, bcc): the SMTP envelope. */
  envelope: { from: string; to: string[] };
  /** What is transmitted: no Bcc header. */
  raw: Buffer;
  /** The copy for the Sent folder: keeps Bcc so the sender sees who was blind-copied. */
  sentCopy: Buffer;
}

export function newMessageId(fromAddress: string): string {
  const domain =
    fromAddress.slice(fromAddress.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '') ||
    'inlet.invalid';
  return `<${randomUUID()}@${domain}>`;
}

const format = (a: MailAddress) => (a.name ? { name: a.name, address: a.address } : a.address);

/** Builds the MIME message once; the same bytes are sent and appended to Sent (minus Bcc). */
export async function composeMessage(message: OutgoingMessage): Promise<ComposedMessage> {
  const messageId = message.messageId ?? newMessageId(message.from.address);
  const references = [
    ...(message.references ?? []),
    ...(message.inReplyTo && !message.references?.includes(message.inReplyTo)
      ? [message.inReplyTo]
      : []),
  ];
  const options = {
    from: format(message.from),
    to: message.to.map(format),
    cc: (message.cc ?? []).map(format),
    bcc: (message.bcc ?? []).map(format),
    subject: message.subject,
    text: message.text ?? undefined,
    html: message.html ?? undefined,
    messageId,
    date: new Date(),
    inReplyTo: message.inReplyTo ?? undefined,
    references: references.length > 0 ? references : undefined,
    // Only the user's text goes out: never read files or URLs named in the input.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const build = (keepBcc: boolean) =>
    new Promise<Buffer>((resolve, reject) => {
      const mail = new MailComposer(options).compile();
      mail.keepBcc = keepBcc;
      mail.build((err, buf) => (err ? reject(err) : resolve(buf)));
    });
  const recipients = [...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])].map(
    (a) => a.address,
  );
  return {
    messageId,
    envelope: { from: message.from.address, to: recipients },
    raw: await build(false),
    sentCopy: await build(true),
  };
}
