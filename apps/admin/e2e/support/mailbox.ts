import { ImapFlow } from 'imapflow';

/** Signs in to a test Dovecot as `account` (trusting its test CA), runs `use`, and logs out. */
export async function withMailbox<T>(
  server: { imapsPort: number; ca: string },
  account: { user: string; password: string },
  use: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: server.imapsPort,
    secure: true,
    servername: 'localhost',
    auth: { user: account.user, pass: account.password },
    tls: { ca: [server.ca] },
    logger: false,
  });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}
