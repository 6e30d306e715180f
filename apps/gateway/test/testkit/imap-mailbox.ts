import {
  startDovecot,
  startSmtpServer,
  type DovecotServer,
  type SmtpTestServer,
  type SmtpTestServerOptions,
} from '@inlet/providers/testing';
import type { ImapServerSettingsInput } from '../gql/graphql.js';
import { connectImapInbox } from './connections.js';
import type { Engine } from './databases.js';
import { CreateDomainSettings } from './documents.js';
import { startTestGateway, type TestGateway } from './gateway.js';
import { caFile, imapServers } from './mail-servers.js';

/** One user's mailbox on a test Dovecot and SMTP server, and a gateway that trusts them. */
export interface ImapMailbox {
  dovecot: DovecotServer;
  smtp: SmtpTestServer;
  gw: TestGateway;
  /** The super admin's session. */
  cookie: string;
  servers: ImapServerSettingsInput;
  /** Connects the user's inbox as the super admin; the connection id. */
  connect(): Promise<string>;
  /** Closes the gateway and stops the servers (stop the workers a test started first). */
  stop(): Promise<void>;
}

/**
 * Starts Dovecot and an SMTP server with `user`, a gateway on `engine` that trusts their certificates
 * (no ISPDB look-ups), signs in as the super admin and saves domain settings for the user's domain.
 */
export async function startImapMailbox(
  engine: Engine,
  user: { email: string; password: string },
  options: { smtp?: SmtpTestServerOptions; env?: Record<string, string> } = {},
): Promise<ImapMailbox> {
  const users = [{ user: user.email, password: user.password }];
  const [dovecot, smtp] = await Promise.all([
    startDovecot({ users }),
    startSmtpServer({ users, ...options.smtp }),
  ]);
  const gw = await startTestGateway(engine, {
    env: {
      INLET_EXTRA_CA_FILE: caFile(dovecot.ca, smtp.ca),
      INLET_ISPDB_URL: 'off',
      ...options.env,
    },
  });
  const cookie = await gw.signIn();
  const servers = imapServers(dovecot, smtp);
  const domain = user.email.split('@')[1]!;
  await gw.execute(CreateDomainSettings, { input: { domain, imap: servers } }, { cookie });
  return {
    dovecot,
    smtp,
    gw,
    cookie,
    servers,
    connect: () => connectImapInbox(gw, cookie, { ...user, ...servers }),
    async stop() {
      await gw.close();
      await Promise.all([dovecot.stop(), smtp.stop()]);
    },
  };
}
