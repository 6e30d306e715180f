import { randomUUID } from 'node:crypto';
import {
  nonDeliveryReport,
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestItem,
  type EwsTestServer,
} from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { engines } from './testkit/databases.js';
import { CreateSequence, EnrollmentState } from './testkit/documents.js';
import { startExchangeMailbox, type ExchangeMailbox } from './testkit/exchange-mailbox.js';
import type { TestGateway } from './testkit/gateway.js';
import { enrollOne } from './testkit/sequences.js';
import {
  quickExchangeSupervisor,
  startSequenceWorkers,
  type SequenceWorkers,
} from './testkit/supervisor.js';
import { until, waitFor } from './testkit/wait.js';

/**
 * Sequences sent from an Exchange mailbox: a reply, an out-of-office (by its internet message headers)
 * and a non-delivery report (its delivery-status part, read from the MimeContent) arriving through EWS
 * sync end the enrollment as they do on IMAP.
 */
describe.each(engines)('sequences on Exchange (EWS) on %s', (engine) => {
  const { upn } = TEST_EXCHANGE_ACCOUNT;
  let ews: EwsTestServer;
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let mailbox: ExchangeMailbox;
  let workers: SequenceWorkers;
  let cookie: string;
  let connectionId: string;
  // A Tuesday, inside the send window; the scheduler runs on this clock.
  const clock = new Date('2026-12-08T10:00:00.000Z');

  const state = async (id: string) =>
    (await gw.execute(EnrollmentState, { id }, { cookie })).data!.enrollment!;

  async function enrollAndSend(sequenceId: string, email: string): Promise<string> {
    const { id } = await enrollOne(gw, cookie, sequenceId, email, clock);
    await waitFor(async () => {
      await workers.scheduler.runOnce();
      return (await state(id)).timeline.some((e) => e.type === 'SENT');
    }, `the first step to ${email}`);
    return id;
  }

  /** The Message-ID Exchange was asked to send to `to`. */
  const sentTo = (to: string) =>
    ews.sentMessages.find((m) => m.to.includes(to))!.internetMessageId!;

  async function deliver(item: EwsTestItem) {
    ews.addItem('inbox', { to: [{ address: upn }], ...item });
    await supervisor.checkNow(connectionId);
  }

  beforeAll(async () => {
    mailbox = await startExchangeMailbox(engine, { profile: '2016' });
    ({ ews, gw, cookie } = mailbox);
    supervisor = quickExchangeSupervisor(gw.services);
    await supervisor.start();
    connectionId = await mailbox.connect();
    workers = await startSequenceWorkers(gw.services, supervisor, () => clock);
    await waitFor(() => supervisor.owns(connectionId), 'the supervisor to own the mailbox');
  }, 60_000);

  afterAll(async () => {
    await workers?.stop();
    await supervisor?.stop();
    await mailbox?.stop();
  });

  it('ends enrollments on a reply, an out-of-office auto-reply and a non-delivery report', async () => {
    const res = await gw.execute(
      CreateSequence,
      {
        input: {
          name: 'Exchange outreach',
          connectionId,
          timeZone: 'UTC',
          stopOnAutoReply: true,
          steps: [
            {
              subject: 'Hello',
              body: 'A word from {{sender.email}}.',
              delayAmount: 0,
              delayUnit: 'HOURS',
            },
            {
              subject: '',
              body: 'Following up.',
              delayAmount: 2,
              delayUnit: 'BUSINESS_DAYS',
              replyInThread: true,
            },
          ],
        },
      },
      { cookie },
    );
    if (res.data?.createSequence.__typename !== 'Sequence') throw new Error(JSON.stringify(res));
    const sequenceId = res.data.createSequence.id;
    const [replies, away, bounces] = [
      'ron@customer.test',
      'olive@customer.test',
      'nate@customer.test',
    ];
    const ids = {
      replies: await enrollAndSend(sequenceId, replies!),
      away: await enrollAndSend(sequenceId, away!),
      bounces: await enrollAndSend(sequenceId, bounces!),
    };

    await deliver({
      subject: 'Re: Hello',
      from: { address: replies! },
      internetMessageId: `<${randomUUID()}@customer.test>`,
      inReplyTo: sentTo(replies!),
      references: [sentTo(replies!)],
      body: 'Tell me more.',
    });
    await deliver({
      subject: 'Automatic reply: Hello',
      from: { address: away! },
      internetMessageId: `<${randomUUID()}@customer.test>`,
      inReplyTo: sentTo(away!),
      headers: [{ name: 'Auto-Submitted', value: 'auto-replied' }],
      body: 'I am out of the office until Monday.',
    });
    await deliver({
      subject: 'Undeliverable: Hello',
      from: { address: 'postmaster@corp.example' },
      internetMessageId: `<${randomUUID()}@corp.example>`,
      ...nonDeliveryReport([{ address: bounces, action: 'failed', status: '5.1.10' }]),
    });

    const ended = async () => ({
      replies: (await state(ids.replies)).status,
      away: (await state(ids.away)).status,
      bounces: (await state(ids.bounces)).status,
    });
    expect(
      await until(
        ended,
        (s) => s.replies !== 'ACTIVE' && s.away !== 'ACTIVE' && s.bounces !== 'ACTIVE',
      ),
    ).toEqual({ replies: 'REPLIED', away: 'UNENROLLED', bounces: 'BOUNCED' });
    expect((await state(ids.away)).timeline.map((e) => e.type)).toContain('AUTO_REPLY');

    // Nothing more goes out to any of them, even when the follow-up would be due.
    clock.setTime(clock.getTime() + 7 * 86_400_000);
    await workers.scheduler.runOnce();
    for (const to of [replies, away, bounces])
      expect(ews.sentMessages.filter((m) => m.to.includes(to!))).toHaveLength(1);
  });
});
