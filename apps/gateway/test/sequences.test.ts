import { randomUUID } from 'node:crypto';
import { withTestMailbox, type DovecotServer, type SmtpTestServer } from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import { SequenceScheduler } from '../src/engine/sequences/scheduler.js';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { graphql } from './gql/index.js';
import type { SequenceInput } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { CreateSequence, Enroll, EnrollmentState } from './testkit/documents.js';
import type { TestGateway } from './testkit/gateway.js';
import { enrollOne } from './testkit/sequences.js';
import { startImapMailbox, type ImapMailbox } from './testkit/imap-mailbox.js';
import { subscribeTo } from './testkit/subscriptions.js';
import { quickImapSupervisor, startSequenceWorkers } from './testkit/supervisor.js';
import { until, waitFor } from './testkit/wait.js';

const UpdateContact = graphql(`
  mutation SeqUpdateContact($input: ContactDetailsInput!) {
    updateContactDetails(input: $input) {
      __typename
    }
  }
`);

const Resume = graphql(`
  mutation SeqResume($id: ID!) {
    resumeEnrollment(id: $id) {
      __typename
      ... on Enrollment {
        status
      }
    }
  }
`);

const Figures = graphql(`
  query SeqFigures($id: ID!) {
    sequence(id: $id) {
      figures {
        enrolled
        active
        replied
        replyRate
        bounced
      }
    }
  }
`);

const Changed = graphql(`
  subscription SeqChanged($sequenceId: ID) {
    enrollmentChanged(sequenceId: $sequenceId) {
      id
      status
    }
  }
`);

describe.each(engines)('sequences on %s', (engine) => {
  const jane = { email: 'jane@seq.test', password: 'jane-imap-pass' };
  let dovecot: DovecotServer;
  let smtp: SmtpTestServer;
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let outbox: OutboxWorker;
  let scheduler: SequenceScheduler;
  let cookie: string;
  let connectionId: string;
  let mailbox: ImapMailbox;
  // The scheduler's clock: a Tuesday, 10:00 UTC. Tests move it; nothing sleeps for hours.
  let clock = new Date('2026-12-08T10:00:00.000Z');
  const advance = (hours: number) => (clock = new Date(clock.getTime() + hours * 3_600_000));

  const sequenceInput = (overrides: Partial<SequenceInput> = {}): SequenceInput => ({
    name: `Outreach ${randomUUID().slice(0, 6)}`,
    connectionId,
    timeZone: 'UTC',
    windowStartMinute: 9 * 60,
    windowEndMinute: 17 * 60,
    businessDaysOnly: true,
    steps: [
      {
        subject: 'Hello {{first_name}}',
        body: 'Hi {{first_name}}, a word from {{sender.email}}.',
        delayAmount: 0,
        delayUnit: 'HOURS',
      },
      {
        subject: '',
        body: 'Following up, {{first_name}}.',
        delayAmount: 2,
        delayUnit: 'BUSINESS_DAYS',
        replyInThread: true,
      },
    ],
    ...overrides,
  });

  async function createSequence(overrides: Partial<SequenceInput> = {}): Promise<string> {
    const res = await gw.execute(CreateSequence, { input: sequenceInput(overrides) }, { cookie });
    if (res.data?.createSequence.__typename !== 'Sequence') throw new Error(JSON.stringify(res));
    return res.data.createSequence.id;
  }

  async function enroll(sequenceId: string, email: string, name: string | null = 'Bob Stone') {
    const enrolled = await enrollOne(gw, cookie, sequenceId, email, clock);
    if (name)
      await gw.execute(
        UpdateContact,
        { input: { contactId: enrolled.contact.id, name } },
        { cookie },
      );
    return enrolled.id;
  }

  const state = async (id: string) =>
    (await gw.execute(EnrollmentState, { id }, { cookie })).data!.enrollment!;
  const received = (to: string) => smtp.messages.filter((m) => m.envelope.to.includes(to));

  const appendToInbox = (raw: string) =>
    withTestMailbox(dovecot, { user: jane.email, password: jane.password }, (client) =>
      client.append('INBOX', raw),
    );

  /** Runs the scheduler until the step it queued is sent and settled (the outbox sends with the real clock). */
  async function sendDueStep(id: string) {
    await scheduler.runOnce();
    await waitFor(async () => {
      await scheduler.runOnce();
      return (await state(id)).timeline.some((e) => e.type === 'SENT' || e.type === 'FAILED');
    }, 'the step to be sent');
  }

  beforeAll(async () => {
    mailbox = await startImapMailbox(engine, jane);
    ({ dovecot, smtp, gw, cookie } = mailbox);
    supervisor = quickImapSupervisor(gw.services);
    await supervisor.start();
    connectionId = await mailbox.connect();
    ({ outbox, scheduler } = await startSequenceWorkers(gw.services, supervisor, () => clock));
    await waitFor(() => supervisor.owns(connectionId), 'the supervisor to own the inbox');
  }, 60_000);

  afterAll(async () => {
    await scheduler?.stop();
    await outbox?.stop();
    await supervisor?.stop();
    await mailbox?.stop();
  });

  it('refuses an unknown template token when the sequence is saved', async () => {
    const res = await gw.execute(
      CreateSequence,
      {
        input: sequenceInput({
          steps: [
            {
              subject: 'Hi',
              body: 'Hello {{favourite_colour}}',
              delayAmount: 0,
              delayUnit: 'HOURS',
            },
          ],
        }),
      },
      { cookie },
    );
    expect(res.data?.createSequence).toMatchObject({
      __typename: 'ValidationFailed',
      fields: [{ field: 'steps.0.body', message: expect.stringContaining('{{favourite_colour}}') }],
    });
  });

  it('sends the first step, ends with "replied" when the contact replies, and sends nothing more', async () => {
    const sequenceId = await createSequence();
    const changes = subscribeTo(gw.wsClient({ cookie }), Changed, { sequenceId });
    // No name yet: {{first_name}} has no value, so the enrollment pauses instead of sending "Hi ,".
    const id = await enroll(sequenceId, 'bob@customer.test', null);
    await scheduler.runOnce();
    expect(await state(id)).toMatchObject({
      status: 'PAUSED',
      pauseReason: 'MISSING_TOKEN',
      pauseDetail: expect.stringContaining('{{first_name}}'),
    });
    expect(received('bob@customer.test')).toHaveLength(0);

    const contactId = (
      await gw.services.db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'bob@customer.test')
        .executeTakeFirstOrThrow()
    ).id;
    await gw.execute(UpdateContact, { input: { contactId, name: 'Bob Stone' } }, { cookie });
    expect((await gw.execute(Resume, { id }, { cookie })).data?.resumeEnrollment).toMatchObject({
      status: 'ACTIVE',
    });
    await sendDueStep(id);

    const [first] = received('bob@customer.test');
    expect(received('bob@customer.test')).toHaveLength(1);
    expect(first!.parsed.subject).toBe('Hello Bob');
    expect(first!.parsed.text?.trim()).toBe('Hi Bob, a word from jane@seq.test.');
    const afterFirst = await state(id);
    expect(afterFirst).toMatchObject({ status: 'ACTIVE', nextStep: { position: 1 } });
    // Two business days after the real send time (a Tuesday): Thursday.
    expect(new Date(afterFirst.nextRunAt!).getUTCDay()).toBe(4);

    // Bob answers in the thread; sync logs it and ends the enrollment before the next step.
    await withTestMailbox(dovecot, { user: jane.email, password: jane.password }, (client) =>
      client.append(
        'INBOX',
        `From: Bob Stone <bob@customer.test>\r\nTo: ${jane.email}\r\nSubject: Re: Hello Bob\r\n` +
          `Message-ID: <${randomUUID()}@customer.test>\r\nIn-Reply-To: ${first!.parsed.messageId}\r\n` +
          `References: ${first!.parsed.messageId}\r\nDate: ${new Date(clock.getTime() + 3_600_000).toUTCString()}\r\n\r\nNot now, thanks.\r\n`,
      ),
    );
    const replied = await until(
      () => state(id),
      (s) => s.status === 'REPLIED',
    );
    expect(replied.status).toBe('REPLIED');
    expect(replied.nextStep).toBeNull();

    advance(24 * 7);
    await scheduler.runOnce();
    await scheduler.runOnce();
    expect(received('bob@customer.test')).toHaveLength(1);
    expect((await state(id)).timeline.map((e) => e.type)).toEqual([
      'ENROLLED',
      'PAUSED',
      'RESUMED',
      'SCHEDULED',
      'SENT',
      'REPLIED',
    ]);
    const figures = await gw.execute(Figures, { id: sequenceId }, { cookie });
    expect(figures.data?.sequence?.figures).toEqual({
      enrolled: 1,
      active: 0,
      replied: 1,
      replyRate: 1,
      bounced: 0,
    });
    await waitFor(
      () => changes.events.some((e) => e.enrollmentChanged.status === 'REPLIED'),
      'the REPLIED event over graphql-ws',
    );
    changes.stop();

    // Enrolling Bob again asks first: he replied within the last days.
    const again = await gw.execute(
      Enroll,
      { input: { sequenceId, emails: ['bob@customer.test'] } },
      { cookie },
    );
    expect(again.data?.enrollContacts).toMatchObject({
      enrolled: [],
      refused: [{ email: 'bob@customer.test', code: 'RECENTLY_REPLIED' }],
    });
  });

  it('threads a follow-up onto the previous step, its delay counted from the real send time', async () => {
    clock = new Date('2026-12-14T10:00:00.000Z'); // a Monday
    const sequenceId = await createSequence();
    const id = await enroll(sequenceId, 'carol@customer.test', 'Carol Reed');
    await sendDueStep(id);
    const [first] = received('carol@customer.test');

    // One business day later it is not due yet.
    advance(24);
    await scheduler.runOnce();
    expect(received('carol@customer.test')).toHaveLength(1);

    advance(48);
    await scheduler.runOnce();
    await waitFor(async () => {
      await scheduler.runOnce();
      return (await state(id)).status === 'COMPLETED';
    }, 'the follow-up');
    const sent = received('carol@customer.test');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.parsed.subject).toBe('Re: Hello Carol');
    expect(sent[1]!.parsed.inReplyTo).toBe(first!.parsed.messageId);
    expect(sent[1]!.parsed.references).toEqual(first!.parsed.messageId);

    // A reply to the last step still counts: the completed enrollment becomes "replied".
    await appendToInbox(
      `From: carol@customer.test\r\nTo: ${jane.email}\r\nSubject: Re: Hello Carol\r\n` +
        `Message-ID: <${randomUUID()}@customer.test>\r\nIn-Reply-To: ${sent[1]!.parsed.messageId}\r\n` +
        `Date: ${new Date().toUTCString()}\r\n\r\nThanks.\r\n`,
    );
    expect(
      (
        await until(
          () => state(id),
          (s) => s.status === 'REPLIED',
        )
      ).status,
    ).toBe('REPLIED');

    // A contact is in one active sequence of a user at a time; a finished one does not count.
    const dup = await gw.execute(
      Enroll,
      {
        input: {
          sequenceId,
          emails: ['carol@customer.test', 'carol2@customer.test'],
          confirmRecentReplies: true,
        },
      },
      { cookie },
    );
    expect(dup.data?.enrollContacts).toMatchObject({ refused: [] });
    const third = await gw.execute(
      Enroll,
      { input: { sequenceId: await createSequence(), emails: ['carol2@customer.test'] } },
      { cookie },
    );
    expect(third.data?.enrollContacts).toMatchObject({
      enrolled: [],
      refused: [{ email: 'carol2@customer.test', code: 'ALREADY_ENROLLED' }],
    });
  });

  it('sends only inside the send window', async () => {
    clock = new Date('2026-12-19T10:00:00.000Z'); // a Saturday
    const sequenceId = await createSequence();
    const id = await enroll(sequenceId, 'dan@customer.test', 'Dan Moss');
    await scheduler.runOnce();
    expect(received('dan@customer.test')).toHaveLength(0);
    // Moved to the window's next opening: Monday 09:00 in the sequence's time zone.
    expect((await state(id)).nextRunAt).toBe('2026-12-21T09:00:00.000Z');

    clock = new Date('2026-12-21T08:59:00.000Z');
    await scheduler.runOnce();
    expect(received('dan@customer.test')).toHaveLength(0);
    clock = new Date('2026-12-21T09:00:00.000Z');
    await sendDueStep(id);
    expect(received('dan@customer.test')).toHaveLength(1);
  });

  it('pauses while the sending inbox is unhealthy and resumes by itself when it recovers', async () => {
    clock = new Date('2026-12-22T10:00:00.000Z');
    const sequenceId = await createSequence();
    const id = await enroll(sequenceId, 'erin@customer.test', 'Erin Holt');
    const setStatus = (status: 'NEEDS_REAUTH' | 'CONNECTED') =>
      gw.services.db
        .updateTable('connections')
        .set({ status })
        .where('id', '=', connectionId)
        .execute();
    await setStatus('NEEDS_REAUTH');
    try {
      await scheduler.runOnce();
      expect(await state(id)).toMatchObject({
        status: 'PAUSED',
        pauseReason: 'CONNECTION_UNHEALTHY',
        pauseDetail: expect.stringContaining('NEEDS_REAUTH'),
      });
      expect(received('erin@customer.test')).toHaveLength(0);
    } finally {
      await setStatus('CONNECTED');
    }
    await sendDueStep(id);
    expect(received('erin@customer.test')).toHaveLength(1);
    expect((await state(id)).timeline.map((e) => [e.type, e.code])).toEqual([
      ['ENROLLED', null],
      ['PAUSED', 'CONNECTION_UNHEALTHY'],
      ['RESUMED', 'CONNECTION_RECOVERED'],
      ['SCHEDULED', null],
      ['SENT', null],
    ]);
  });

  it('after an unhealthy inbox held a step back, counts the next delay from the real send time', async () => {
    clock = new Date('2026-12-29T10:00:00.000Z'); // a Tuesday
    const sequenceId = await createSequence();
    const id = await enroll(sequenceId, 'kim@customer.test', 'Kim Ng');
    const setStatus = (status: 'RETRYING' | 'CONNECTED') =>
      gw.services.db
        .updateTable('connections')
        .set({ status })
        .where('id', '=', connectionId)
        .execute();
    await setStatus('RETRYING');
    try {
      await scheduler.runOnce();
      expect(await state(id)).toMatchObject({
        status: 'PAUSED',
        pauseReason: 'CONNECTION_UNHEALTHY',
      });
      // A day later the inbox is still retrying: nothing is sent, the enrollment waits.
      advance(24);
      await scheduler.runOnce();
      expect((await state(id)).status).toBe('PAUSED');
      expect(received('kim@customer.test')).toHaveLength(0);
    } finally {
      await setStatus('CONNECTED');
    }
    // Recovered on Wednesday: the first step goes out now, and the follow-up's two business days
    // run from this send (Friday), not from the Tuesday it was first due (which would be Thursday).
    await sendDueStep(id);
    expect(received('kim@customer.test')).toHaveLength(1);
    expect(await state(id)).toMatchObject({
      status: 'ACTIVE',
      nextStep: { position: 1 },
      nextRunAt: '2027-01-01T10:00:00.000Z',
    });
  });

  it('ends with "bounced" when a delivery-status notification reports a sequence email failed', async () => {
    clock = new Date('2026-12-24T10:00:00.000Z');
    const sequenceId = await createSequence();
    const id = await enroll(sequenceId, 'gina@customer.test', 'Gina Park');
    await sendDueStep(id);
    await appendToInbox(
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
        `To: ${jane.email}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${randomUUID()}@mx.customer.test>`,
        `Date: ${new Date().toUTCString()}`,
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn1"',
        '',
        '--dsn1',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '',
        '--dsn1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.customer.test',
        '',
        'Final-Recipient: rfc822; gina@customer.test',
        'Action: failed',
        'Status: 5.1.1',
        '',
        '--dsn1--',
        '',
      ].join('\r\n'),
    );
    expect(
      (
        await until(
          () => state(id),
          (s) => s.status === 'BOUNCED',
        )
      ).status,
    ).toBe('BOUNCED');
    advance(24 * 7);
    await scheduler.runOnce();
    expect(received('gina@customer.test')).toHaveLength(1);
    const figures = await gw.execute(Figures, { id: sequenceId }, { cookie });
    expect(figures.data?.sequence?.figures).toMatchObject({ enrolled: 1, bounced: 1, active: 0 });
  });

  it('ends on an out-of-office auto-reply only when the sequence says so', async () => {
    clock = new Date('2026-12-28T10:00:00.000Z');
    const keeps = await enroll(await createSequence(), 'hank@customer.test', 'Hank Ruiz');
    const stops = await enroll(
      await createSequence({ stopOnAutoReply: true }),
      'ivy@customer.test',
      'Ivy Chen',
    );
    for (const id of [keeps, stops]) await sendDueStep(id);
    for (const to of ['hank@customer.test', 'ivy@customer.test']) {
      const [sent] = received(to);
      await appendToInbox(
        `From: ${to}\r\nTo: ${jane.email}\r\nSubject: Out of office\r\n` +
          `Message-ID: <${randomUUID()}@customer.test>\r\nIn-Reply-To: ${sent!.parsed.messageId}\r\n` +
          `Auto-Submitted: auto-replied\r\nDate: ${new Date().toUTCString()}\r\n\r\nI am away.\r\n`,
      );
    }
    expect(
      (
        await until(
          () => state(stops),
          (s) => s.status === 'UNENROLLED',
        )
      ).status,
    ).toBe('UNENROLLED');
    const kept = await until(
      () => state(keeps),
      (s) => s.timeline.some((e) => e.type === 'AUTO_REPLY'),
    );
    expect(kept.status).toBe('ACTIVE');
    expect(kept.timeline.map((e) => e.type)).toContain('AUTO_REPLY');
  });

  it('sends each step exactly once across a restart and between two racing schedulers', async () => {
    clock = new Date('2026-12-23T10:00:00.000Z');
    const sequenceId = await createSequence();
    const id = await enroll(sequenceId, 'fay@customer.test', 'Fay Lin');
    await outbox.stop();
    // Two scheduler processes (the one before a restart and its successor) take the same due step.
    const second = new SequenceScheduler(gw.services, {
      ownerId: supervisor.worker.id,
      pollMs: 3_600_000,
      now: () => clock,
    });
    await Promise.all([scheduler.runOnce(), second.runOnce()]);
    // The first "crashes" with the step queued but unsent; a new one continues.
    await scheduler.stop();
    scheduler = second;
    await scheduler.runOnce();
    const rows = await gw.services.db
      .selectFrom('outbox')
      .select('idempotency_key')
      .where('idempotency_key', 'like', `sequence:${id}:%`)
      .execute();
    expect(rows).toEqual([{ idempotency_key: `sequence:${id}:0` }]);

    outbox = new OutboxWorker(gw.services, {
      pollMs: 50,
      ownerId: supervisor.worker.id,
      now: () => clock,
    });
    await outbox.start();
    await sendDueStep(id);
    await scheduler.runOnce();
    expect(received('fay@customer.test')).toHaveLength(1);
    expect((await state(id)).timeline.filter((e) => e.type === 'SENT')).toHaveLength(1);
  });

  it('holds back the steps over the sending limit within one pass', async () => {
    // Steps of earlier tests due by now go first; the limited pass starts a minute window later.
    clock = new Date('2027-02-02T09:58:00.000Z');
    await scheduler.runOnce();
    clock = new Date('2027-02-02T10:00:00.000Z');
    const sequenceId = await createSequence();
    const ids = [
      await enroll(sequenceId, 'gus@customer.test', 'Gus Hall'),
      await enroll(sequenceId, 'hal@customer.test', 'Hal Ito'),
      await enroll(sequenceId, 'ida@customer.test', 'Ida Roy'),
    ];
    const sendLimits = { perMinute: 2, perDay: 1000 };
    const limited = new SequenceScheduler(
      { ...gw.services, config: { ...gw.services.config, sendLimits } },
      { ownerId: supervisor.worker.id, pollMs: 3_600_000, now: () => clock },
    );
    await limited.runOnce();
    await limited.stop();
    const states = await Promise.all(ids.map(state));
    const scheduled = states.filter((s) => s.timeline.some((e) => e.type === 'SCHEDULED'));
    expect(scheduled).toHaveLength(2);
    // The third waits for the minute window to free a slot: one minute after the first was queued.
    const waiting = states.filter((s) => !scheduled.includes(s));
    expect(waiting.map((s) => s.nextRunAt)).toEqual(['2027-02-02T10:01:00.000Z']);
  });
});
