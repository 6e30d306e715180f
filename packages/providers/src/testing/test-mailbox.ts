import { ImapFlow } from 'imapflow';

/** A test Dovecot as a test reaches it: its implicit-TLS port and the CA of its test certificate. */
export interface TestMailboxServer {
  imapsPort: number;
  ca: string;
}

export interface TestMailboxAccount {
  user: string;
  password: string;
}

/** An IMAP client (not yet connected) for a test Dovecot, trusting its test CA: to put mail in or look at it. */
export function testMailboxClient(
  server: TestMailboxServer,
  account: TestMailboxAccount,
): ImapFlow {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: server.imapsPort,
    secure: true,
    servername: 'localhost',
    auth: { user: account.user, pass: account.password },
    tls: { ca: [server.ca] },
    logger: false,
  });
  // A dropped socket then fails the pending command instead of crashing the run with an unhandled 'error' event.
  client.on('error', () => undefined);
  return client;
}

/** Signs in to a test Dovecot as `account`, runs `use`, and logs out. */
export async function withTestMailbox<T>(
  server: TestMailboxServer,
  account: TestMailboxAccount,
  use: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = testMailboxClient(server, account);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}
