import { randomUUID } from 'node:crypto';
import {
  startDovecot,
  startSubmissionServer,
  submissionServerKinds,
  type DovecotServer,
  type SubmissionServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import { graphql } from './gql/index.js';
import type { ConnectImapInput } from './gql/graphql.js';
import { ConnectImap, CreateDomainSettings, Outbox, SendEmail } from './testkit/documents.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';
import { caFile, imapServers } from './testkit/mail-servers.js';
import { until } from './testkit/wait.js';

/**
 * The gateway's SMTP verification, test email and outbox send against both submission servers the
 * suite runs: smtp-server and a real Postfix (STARTTLS + SASL AUTH). SQLite only: the database plays no
 * part in what differs between the two (connect-imap and send-email cover the rest on both engines).
 */
describe.each(submissionServerKinds)('SMTP through the gateway to %s', (kind) => {
  const jane = { email: 'jane@submit.test', password: 'jane-mail-pass' };
  let dovecot: DovecotServer;
  let smtp: SubmissionServer;
  let gw: TestGateway;
  let worker: OutboxWorker;
  let cookie: string;

  const input = (overrides: Partial<ConnectImapInput> = {}): ConnectImapInput => ({
    email: jane.email,
    password: jane.password,
    ...imapServers(dovecot, { submissionPort: smtp.port }),
    ...overrides,
  });
  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([
      startDovecot({ users: [{ user: jane.email, password: jane.password }] }),
      startSubmissionServer(kind, [{ user: jane.email, password: jane.password }]),
    ]);
    gw = await startTestGateway('sqlite', {
      env: {
        INLET_EXTRA_CA_FILE: caFile(dovecot.ca, smtp.ca),
        INLET_ISPDB_URL: 'off',
        INLET_BCC_LOGGING_ADDRESS: 'log@crm.test',
      },
    });
    worker = new OutboxWorker(gw.services, { pollMs: 50, retryBaseMs: 50 });
    await worker.start();
    cookie = await gw.signIn();
    await gw.execute(
      CreateDomainSettings,
      {
        input: { domain: 'submit.test', imap: imapServers(dovecot, { submissionPort: smtp.port }) },
      },
      { cookie },
    );
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await gw?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('refuses a wrong SMTP password at the SMTP step, at its field', async () => {
    const res = await gw.execute(
      ConnectImap,
      {
        input: input({
          smtpSameCredentials: false,
          smtpUsername: jane.email,
          smtpPassword: 'not-the-password',
        }),
      },
      { cookie },
    );
    expect(res.data?.connectImap).toMatchObject({
      __typename: 'ConnectionFailed',
      code: 'SMTP_AUTHENTICATION_FAILED',
      step: 'SMTP',
      field: 'smtpPassword',
    });
  });

  it('verifies SMTP and sends the test email, which arrives, then sends from the outbox to two recipients', async () => {
    const res = await gw.execute(ConnectImap, { input: input() }, { cookie });
    if (res.data?.connectImap.__typename !== 'Connection') throw new Error(JSON.stringify(res));
    const connectionId = res.data.connectImap.id;
    // Postfix passes it on to its sink a moment after accepting it.
    const test = await until(
      async () => smtp.received().find((m) => m.to.includes('log@crm.test')),
      (found) => found !== undefined,
      10_000,
      100,
    );
    expect(test).toMatchObject({ from: jane.email, to: ['log@crm.test'] });

    const queued = await gw.execute(
      SendEmail,
      {
        input: {
          idempotencyKey: randomUUID(),
          connectionId,
          from: jane.email,
          to: [{ address: 'bob@customer.test' }],
          cc: [{ address: 'amy@customer.test' }],
          subject: `Quote via ${kind}`,
          text: 'Hello',
        },
      },
      { cookie },
    );
    if (queued.data?.sendEmail.__typename !== 'OutboxEmail')
      throw new Error(JSON.stringify(queued));
    const { id, messageId } = queued.data.sendEmail;
    const sent = await until(
      async () => (await gw.execute(Outbox, {}, { cookie })).data?.outbox.find((o) => o.id === id),
      (row) => row?.status === 'SENT' || row?.status === 'FAILED',
      20_000,
    );
    expect(sent).toMatchObject({
      status: 'SENT',
      recipients: [
        { address: 'bob@customer.test', status: 'ACCEPTED' },
        { address: 'amy@customer.test', status: 'ACCEPTED' },
      ],
    });
    const delivered = await until(
      async () => smtp.received().find((m) => m.subject === `Quote via ${kind}`),
      (found) => found !== undefined,
      10_000,
      100,
    );
    expect(delivered?.messageId).toBe(messageId);
    expect([...(delivered?.to ?? [])].sort()).toEqual(['amy@customer.test', 'bob@customer.test']);
  });
});
