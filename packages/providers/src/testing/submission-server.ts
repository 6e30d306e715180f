import { startPostfix } from './start-postfix.js';
import { startSmtpServer } from './start-smtp-server.js';

/** The SMTP submission servers the tests send through: smtp-server, and Debian's Postfix. */
export const submissionServerKinds = ['smtp-server', 'postfix'] as const;
export type SubmissionServerKind = (typeof submissionServerKinds)[number];

/** A message the server accepted (and, for Postfix, relayed to its sink). */
export interface SubmittedMessage {
  from: string;
  to: string[];
  subject: string | undefined;
  messageId: string | undefined;
}

/** What a test needs of a submission server, whichever it is: its STARTTLS port, its CA, what it passed on. */
export interface SubmissionServer {
  kind: SubmissionServerKind;
  host: '127.0.0.1';
  /** 587-style: STARTTLS, then AUTH PLAIN/LOGIN. */
  port: number;
  /** The test CA that signed its `localhost` certificate. */
  ca: string;
  received(): SubmittedMessage[];
  stop(): Promise<void>;
}

/**
 * Starts a submission server of `kind` with these accounts, for tests that run the same cases against
 * both (Postfix needs root and the postfix, sasl2-bin packages, as scripts/ensure-test-deps.mjs installs).
 */
export async function startSubmissionServer(
  kind: SubmissionServerKind,
  users: { user: string; password: string }[],
): Promise<SubmissionServer> {
  const server = (
    port: number,
    ca: string,
    received: () => SubmittedMessage[],
    stop: () => Promise<void>,
  ) => ({ kind, host: '127.0.0.1', port, ca, received, stop }) as const;
  const message = (
    envelope: { from: string; to: string[] },
    parsed: { subject?: string | undefined; messageId?: string | undefined },
  ): SubmittedMessage => ({ ...envelope, subject: parsed.subject, messageId: parsed.messageId });
  if (kind === 'postfix') {
    const s = await startPostfix({ users });
    const received = () => s.delivered.map((m) => message(m.envelope, m.parsed));
    return server(s.submissionPort, s.ca, received, () => s.stop());
  }
  const s = await startSmtpServer({ users });
  const received = () => s.messages.map((m) => message(m.envelope, m.parsed));
  return server(s.submissionPort, s.ca, received, () => s.stop());
}
