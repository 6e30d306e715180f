import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  startSmtpServer,
  type ReceivedSmtpMessage,
  type SmtpTestServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { gatewayClient } from '../testkit/client.js';
import { engines } from '../testkit/databases.js';
import { ADMIN, startTestGateway, TEST_KEY_ENTRY, type TestGateway } from '../testkit/gateway.js';
import { caFile } from '../testkit/mail-servers.js';
import { killHard, spawnProcess, type Spawned } from '../testkit/processes.js';
import { imapSettings, insertConnection } from '../testkit/seed.js';
import { waitFor } from '../testkit/wait.js';
import { storeSecret } from '../../src/vault/secret-store.js';

const SendAndRead = graphql(`
  mutation KillDuringSendSendEmail($input: SendEmailInput!) {
    sendEmail(input: $input) {
      __typename
      ... on OutboxEmail {
        id
        status
        messageId
        error {
          code
          message
          hint
        }
      }
    }
  }
`);

const EMAILS = 20;
/** The send lease of both processes: the longest an email may stay SENDING after its sender died. */
const SEND_LEASE_S = 3;
/** The message the receiver holds unanswered until the sender has been killed (1-based). */
const HELD = 6;

const bare = (id: string) => id.replace(/^<|>$/g, '').toLowerCase();

describe.each(engines)('a gateway killed with kill -9 while it sends, on %s', (engine) => {
  const account = { user: `sender-${engine}@kill.test`, password: 'kill-send-password-1' };
  let smtp: SmtpTestServer;
  let seeder: TestGateway;
  let releaseHeld: (() => void) | undefined;
  let held: Promise<void>;
  const spawned: Spawned[] = [];

  beforeAll(async () => {
    let heldArrived!: () => void;
    held = new Promise<void>((resolve) => (heldArrived = resolve));
    let arrived = 0;
    smtp = await startSmtpServer({
      users: [account],
      // The HELD-th email is received in full, then left waiting for its 250 until the sender is gone:
      // the server keeps it (it was delivered), but the sender never learns so.
      beforeAccept: async () => {
        if (++arrived !== HELD) return;
        heldArrived();
        await new Promise<void>((resolve) => (releaseHeld = resolve));
      },
    });
    seeder = await startTestGateway(engine);
  }, 60_000);

  afterAll(async () => {
    releaseHeld?.();
    await Promise.all(spawned.map(killHard));
    await seeder?.close();
    await smtp?.stop();
  });

  it('delivers every email once or marks it SEND_INTERRUPTED within the lease, none stuck SENDING', async () => {
    const { db, vault } = seeder.services;
    const admin = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', ADMIN.email)
      .executeTakeFirstOrThrow();
    const settings = imapSettings(account.user, 1);
    settings.smtp = { host: '127.0.0.1', port: smtp.submissionPort, security: 'STARTTLS' };
    // ERROR: parked, so sync leaves it alone (nothing answers on its IMAP port); sending does not need sync.
    const connection = await insertConnection(seeder.services, admin.id, account.user, {
      settings_json: JSON.stringify(settings),
      status: 'ERROR',
    });
    await storeSecret(db, vault, connection.id, 'password', account.password);

    const port = await freePort();
    const env = {
      DATABASE_URL: seeder.services.config.databaseUrl,
      PORT: String(port),
      INLET_SYNC: 'embedded',
      INLET_WORKER_ID: `kill-send-${engine}-${randomBytes(3).toString('hex')}`,
      INLET_SEND_LEASE_SECONDS: String(SEND_LEASE_S),
      INLET_SEND_LIMIT_PER_MINUTE: '100',
      INLET_ENCRYPTION_KEYS: TEST_KEY_ENTRY,
      INLET_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${smtp.submissionPort}`,
      INLET_EXTRA_CA_FILE: caFile(smtp.ca),
      INLET_ISPDB_URL: 'off',
      INLET_CONSOLE_DIR: join(tmpdir(), 'inlet-no-console'),
      LOG_LEVEL: 'warn',
    };
    /** Up, or fails with what the process wrote (a process that died says why). */
    const listening = async (gateway: Spawned) => {
      const up = () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
      const deadline = Date.now() + 60_000;
      while (!(await up())) {
        if (gateway.child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the gateway is not listening:\n${gateway.output.join('')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const first = spawnProcess('src/main.ts', env);
    spawned.push(first);
    const client = gatewayClient(`http://127.0.0.1:${port}`);
    await listening(first);
    const cookie = await client.signIn(ADMIN.email, ADMIN.password);
    const keys = Array.from({ length: EMAILS }, (_, i) => `kill-send-${engine}-${i}-${port}`);
    const send = async (key: string, i: number) => {
      const { data, errors } = await client.execute(
        SendAndRead,
        {
          input: {
            connectionId: connection.id,
            idempotencyKey: key,
            from: account.user,
            to: [{ address: `r${i}@customer.test` }],
            subject: `Fault ${i}`,
            text: `Email ${i} of ${EMAILS}`,
          },
        },
        { cookie },
      );
      expect(errors).toBeUndefined();
      return data!.sendEmail;
    };
    for (const [i, key] of keys.entries())
      expect((await send(key, i)).__typename).toBe('OutboxEmail');

    // kill -9 while the HELD-th email is on the wire: its row is SENDING, the server has its data.
    await held;
    const sending = await db
      .selectFrom('outbox')
      .select(['id', 'message_id'])
      .where('connection_id', '=', connection.id)
      .where('status', '=', 'SENDING')
      .execute();
    expect(sending).toHaveLength(1);
    await killHard(first);
    releaseHeld!(); // the server now answers a sender that is gone: delivered, but never confirmed

    const second = spawnProcess('src/main.ts', env);
    spawned.push(second);

    const rows = () =>
      db
        .selectFrom('outbox')
        .select(['id', 'idempotency_key', 'status', 'message_id', 'last_error_json', 'attempts'])
        .where('connection_id', '=', connection.id)
        .execute();
    const interruptedRow = () =>
      db
        .selectFrom('outbox')
        .select(['status', 'last_error_json'])
        .where('id', '=', sending[0]!.id)
        .executeTakeFirstOrThrow();
    // Resolved by the running process once the lease has passed, not left SENDING: bounded by the lease
    // plus the restart and a poll, far below the 5-minute default lease this test would otherwise need.
    await waitFor(
      async () => (await interruptedRow()).status !== 'SENDING',
      'the interrupted send to be resolved',
      SEND_LEASE_S * 1000 + 30_000,
      100,
    );
    await waitFor(
      async () => (await rows()).every((r) => r.status === 'SENT' || r.status === 'FAILED'),
      'every email to be sent or failed',
      60_000,
      200,
    );

    // Ground truth: the receiver's messages by Message-ID against the outbox rows.
    const receipts = new Map<string, ReceivedSmtpMessage[]>();
    for (const m of smtp.messages) {
      const id = bare(m.parsed.messageId ?? '');
      receipts.set(id, [...(receipts.get(id) ?? []), m]);
    }
    const final = await rows();
    expect(final).toHaveLength(EMAILS);
    for (const row of final) {
      const delivered = receipts.get(bare(row.message_id))?.length ?? 0;
      if (row.status === 'SENT') {
        expect(delivered, `${row.idempotency_key} SENT`).toBe(1);
      } else {
        expect(row.status).toBe('FAILED');
        expect(JSON.parse(row.last_error_json!)).toMatchObject({ code: 'SEND_INTERRUPTED' });
        expect(delivered, `${row.idempotency_key} interrupted`).toBeLessThanOrEqual(1);
        expect(row.attempts).toBe(1); // never tried again
      }
    }
    // Nothing lost, nothing doubled: every email reached the receiver exactly once, the held one too.
    expect(smtp.messages).toHaveLength(EMAILS);
    expect([...receipts.values()].every((list) => list.length === 1)).toBe(true);
    const interrupted = final.filter((r) => r.status === 'FAILED');
    expect(interrupted.map((r) => r.id)).toEqual([sending[0]!.id]);

    // A retry with the same idempotency key answers what is true now, on the restarted process.
    await listening(second);
    const again = await client.signIn(ADMIN.email, ADMIN.password);
    const retried = await client.execute(
      SendAndRead,
      {
        input: {
          connectionId: connection.id,
          idempotencyKey: interrupted[0]!.idempotency_key,
          from: account.user,
          to: [{ address: 'r@customer.test' }],
          subject: 'Fault retry',
          text: 'retry',
        },
      },
      { cookie: again },
    );
    expect(retried.data?.sendEmail).toMatchObject({
      __typename: 'OutboxEmail',
      id: interrupted[0]!.id,
      status: 'FAILED',
      error: {
        code: 'SEND_INTERRUPTED',
        hint: 'Check the recipient or your Sent folder before sending it again.',
      },
    });
    const sent = final.find((r) => r.status === 'SENT')!;
    const retriedSent = await client.execute(
      SendAndRead,
      {
        input: {
          connectionId: connection.id,
          idempotencyKey: sent.idempotency_key,
          from: account.user,
          to: [{ address: 'r@customer.test' }],
          subject: 'Fault retry',
          text: 'retry',
        },
      },
      { cookie: again },
    );
    expect(retriedSent.data?.sendEmail).toMatchObject({ id: sent.id, status: 'SENT', error: null });
    expect(smtp.messages).toHaveLength(EMAILS);
  }, 150_000);
});
