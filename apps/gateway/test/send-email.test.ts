import { randomUUID } from 'node:crypto';
import { withTestMailbox, type DovecotServer, type SmtpTestServer } from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import type { OutboxRow } from '../src/db/tables/outbox.table.js';
import type { SendEmailInput } from './gql/graphql.js';
import { engines } from './testkit/databases.js';
import { Contacts, Outbox, SendEmail } from './testkit/documents.js';
import type { TestGateway } from './testkit/gateway.js';
import { startImapMailbox, type ImapMailbox } from './testkit/imap-mailbox.js';
import { until } from './testkit/wait.js';

describe.each(engines)('sending one-to-one email on %s', (engine) => {
  const jane = { email: 'jane@send.test', password: 'jane-imap-pass' };
  let dovecot: DovecotServer;
  let smtp: SmtpTestServer;
  let gw: TestGateway;
  let worker: OutboxWorker;
  let cookie: string;
  let connectionId: string;
  let mailbox: ImapMailbox;

  const email = (overrides: Partial<SendEmailInput> = {}): SendEmailInput => ({
    idempotencyKey: randomUUID(),
    connectionId,
    from: jane.email,
    to: [{ address: 'bob@customer.test', name: 'Bob' }],
    subject: 'Your quote',
    text: 'Hello Bob, here is the quote.',
    ...overrides,
  });

  /** Sends `email(overrides)`; the outbox row it queued, or throws with what the gateway said. */
  async function queueEmail(overrides: Partial<SendEmailInput> = {}) {
    const res = await gw.execute(SendEmail, { input: email(overrides) }, { cookie });
    if (res.data?.sendEmail.__typename !== 'OutboxEmail') throw new Error(JSON.stringify(res));
    return res.data.sendEmail;
  }

  /** A QUEUED row as the API queues it, cloned from `earlier` (the per-minute limit is spent by then). */
  const queuedClone = (earlier: OutboxRow, id: string, subject: string): OutboxRow => ({
    ...earlier,
    id,
    idempotency_key: randomUUID(),
    message_id: `<${randomUUID()}@send.test>`,
    message_json: JSON.stringify({ ...JSON.parse(earlier.message_json), subject }),
    status: 'QUEUED',
    attempts: 0,
    last_error_json: null,
    lease_until: null,
    sent_at: null,
    next_attempt_at: new Date().toISOString(),
  });

  async function waitForStatus(id: string, statuses: string[]) {
    for (let i = 0; i < 200; i++) {
      const row = (await gw.execute(Outbox, {}, { cookie })).data?.outbox.find((o) => o.id === id);
      if (row && statuses.includes(row.status)) return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`outbox ${id} never reached ${statuses.join('/')}`);
  }

  beforeAll(async () => {
    mailbox = await startImapMailbox(engine, jane, {
      smtp: {
        rejectRecipients: ['gone@customer.test'],
        greylistRecipients: ['new@greylist.test'],
      },
      env: { INLET_SEND_LIMIT_PER_MINUTE: '6' },
    });
    ({ dovecot, smtp, gw, cookie } = mailbox);
    worker = new OutboxWorker(gw.services, { pollMs: 50, retryBaseMs: 50 });
    await worker.start();
    connectionId = await mailbox.connect();
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await mailbox?.stop();
  });

  it('sends through the user’s server, copies to Sent, and logs the email on the recipient’s timeline', async () => {
    const queued = await queueEmail({ cc: [{ address: 'carol@customer.test' }] });
    const { id, messageId } = queued;
    expect(queued.status).toBe('QUEUED');
    expect((await waitForStatus(id, ['SENT'])).attempts).toBe(1);

    const received = smtp.messages.filter((m) => m.parsed.messageId === messageId);
    expect(received).toHaveLength(1);
    expect(received[0]!.envelope.to.sort()).toEqual(['bob@customer.test', 'carol@customer.test']);
    expect(received[0]!.parsed.from?.value[0]?.address).toBe(jane.email);

    // SENT means the SMTP server accepted it; the copy to Sent is appended right after, so poll (bounded).
    const copies = await withTestMailbox(
      dovecot,
      { user: jane.email, password: jane.password },
      async (client) => {
        const lock = await client.getMailboxLock('Sent');
        try {
          return await until(
            async () =>
              (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [],
            (found) => found.length > 0,
            10_000,
            100,
          );
        } finally {
          lock.release();
        }
      },
    );
    expect(copies).toHaveLength(1);

    const timeline = await gw.execute(Contacts, { search: 'customer.test' }, { cookie });
    const byEmail = Object.fromEntries(
      timeline.data!.contacts.edges.map((e) => [e.node.email, e.node.timeline]),
    );
    expect(byEmail['bob@customer.test']?.edges.map((e) => e.node)).toEqual([
      { type: 'SENT_ONE_TO_ONE', subject: 'Your quote', messageId },
    ]);
    expect(byEmail['carol@customer.test']?.totalCount).toBe(1);
  });

  it('makes a retried mutation a no-op (idempotency key)', async () => {
    const input = email({ subject: 'Only once' });
    const [a, b] = await Promise.all([
      gw.execute(SendEmail, { input }, { cookie }),
      gw.execute(SendEmail, { input }, { cookie }),
    ]);
    if (
      a.data?.sendEmail.__typename !== 'OutboxEmail' ||
      b.data?.sendEmail.__typename !== 'OutboxEmail'
    )
      throw new Error('not queued');
    expect(b.data.sendEmail.id).toBe(a.data.sendEmail.id);
    await waitForStatus(a.data.sendEmail.id, ['SENT']);
    const again = await gw.execute(SendEmail, { input }, { cookie });
    expect(again.data?.sendEmail).toMatchObject({ id: a.data.sendEmail.id, status: 'SENT' });
    expect(smtp.messages.filter((m) => m.parsed.subject === 'Only once')).toHaveLength(1);
  });

  it('marks a rejected recipient as a permanent failure with a clear error', async () => {
    const queued = await queueEmail({
      to: [{ address: 'gone@customer.test' }],
      subject: 'Bounce me',
    });
    const failed = await waitForStatus(queued.id, ['FAILED']);
    expect(failed).toMatchObject({ attempts: 1, error: { code: 'RECIPIENT_REJECTED' } });
  });

  it('reports a partly accepted email per recipient, and logs SENT only for the accepted ones', async () => {
    const { id, messageId } = await queueEmail({
      to: [{ address: 'dave@partial.test' }],
      cc: [{ address: 'gone@customer.test' }],
      subject: 'Partly',
    });
    const sent = await waitForStatus(id, ['SENT', 'FAILED']);
    expect(sent).toMatchObject({
      status: 'SENT',
      recipients: [
        { address: 'dave@partial.test', status: 'ACCEPTED', replyCode: null, reply: null },
        {
          address: 'gone@customer.test',
          status: 'REFUSED',
          replyCode: 550,
          reply: expect.stringContaining('5.1.1'),
        },
      ],
    });
    expect(smtp.messages.find((m) => m.parsed.messageId === messageId)?.envelope.to).toEqual([
      'dave@partial.test',
    ]);

    const activities = await gw.services.db
      .selectFrom('email_activities')
      .innerJoin('contacts', 'contacts.id', 'email_activities.contact_id')
      .select('contacts.email')
      .where('email_activities.message_id', '=', messageId)
      .execute();
    expect(activities.map((a) => a.email)).toEqual(['dave@partial.test']);
  });

  it('retries a recipient the server deferred (4xx at RCPT, greylisting) until it is accepted', async () => {
    const queued = await queueEmail({
      to: [{ address: 'new@greylist.test' }],
      subject: 'Greylisted',
    });
    const sent = await waitForStatus(queued.id, ['SENT', 'FAILED']);
    expect(sent).toMatchObject({
      status: 'SENT',
      attempts: 2,
      recipients: [{ address: 'new@greylist.test', status: 'ACCEPTED' }],
    });
  });

  it('validates the From address and recipients', async () => {
    const res = await gw.execute(
      SendEmail,
      { input: email({ from: 'ceo@send.test', to: [{ address: 'not an address' }], subject: '' }) },
      { cookie },
    );
    if (res.data?.sendEmail.__typename !== 'ValidationFailed')
      throw new Error('expected ValidationFailed');
    expect(res.data.sendEmail.fields.map((f) => f.field).sort()).toEqual([
      'from',
      'subject',
      'to.0',
    ]);
  });

  it('never re-sends an email that was being sent when the process stopped', async () => {
    await worker.stop();
    const queued = await queueEmail({ subject: 'Interrupted' });
    // As if the previous process died mid-send: the row is SENDING with a lease that has run out.
    await gw.services.db
      .updateTable('outbox')
      .set({ status: 'SENDING', lease_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', queued.id)
      .execute();
    worker = new OutboxWorker(gw.services, { pollMs: 50, retryBaseMs: 50 });
    await worker.start();
    const failed = await waitForStatus(queued.id, ['FAILED']);
    expect(failed.error).toMatchObject({
      code: 'SEND_INTERRUPTED',
      hint: expect.stringMatching(/Sent folder/),
    });
    expect(smtp.messages.filter((m) => m.parsed.subject === 'Interrupted')).toHaveLength(0);
  });

  it('does not send an email queued before its sender’s seat became view-only', async () => {
    await worker.stop();
    // Queued as the API queues it (a clone of an earlier row): the per-minute limit is spent by now.
    const earlier = await gw.services.db
      .selectFrom('outbox')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .limit(1)
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    await gw.services.db
      .insertInto('outbox')
      .values(queuedClone(earlier, id, 'Seat gone'))
      .execute();
    const setSeat = (seat: 'FULL' | 'VIEW_ONLY') =>
      gw.services.db.updateTable('users').set({ seat }).where('id', '=', earlier.user_id).execute();
    await setSeat('VIEW_ONLY');
    try {
      worker = new OutboxWorker(gw.services, { pollMs: 50, retryBaseMs: 50 });
      await worker.start();
      const failed = await waitForStatus(id, ['FAILED', 'SENT']);
      expect(failed.error).toMatchObject({
        code: 'SENDER_CANNOT_SEND',
        hint: expect.stringMatching(/full seat/),
      });
      expect(smtp.messages.filter((m) => m.parsed.subject === 'Seat gone')).toHaveLength(0);
    } finally {
      await setSeat('FULL');
    }
  });

  it('sends a connection’s queued emails over one signed-in SMTP connection, each once', async () => {
    const sentRow = () =>
      gw.services.db
        .selectFrom('outbox')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('status', '=', 'SENT')
        .limit(1)
        .executeTakeFirst();
    // Queued as the API queues them (clones of a sent row), not through it: the limit is spent by now.
    if (!(await sentRow())) {
      await waitForStatus((await queueEmail()).id, ['SENT']);
    }
    await worker.stop();
    const earlier = (await sentRow())!;
    const ids = [1, 2, 3].map(() => randomUUID());
    const queue = (rows: string[], first: number) =>
      gw.services.db
        .insertInto('outbox')
        .values(rows.map((id, n) => queuedClone(earlier, id, `Run ${first + n}`)))
        .execute();
    await queue(ids, 0);
    const connectionsBefore = smtp.connections;
    worker = new OutboxWorker(gw.services, { pollMs: 50, retryBaseMs: 50 });
    await worker.start();
    for (const id of ids) await waitForStatus(id, ['SENT']);
    // One queued after that drain ended goes over the connection it left open.
    const later = randomUUID();
    await queue([later], 3);
    await waitForStatus(later, ['SENT']);
    expect(smtp.connections - connectionsBefore).toBe(1);
    expect(
      [0, 1, 2, 3].map((i) => smtp.messages.filter((m) => m.parsed.subject === `Run ${i}`).length),
    ).toEqual([1, 1, 1, 1]);
  });

  it('enforces the per-minute sending limit with the time sending is possible again', async () => {
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(
        await gw.execute(SendEmail, { input: email({ subject: `Burst ${i}` }) }, { cookie }),
      );
    const limited = results.map((r) => r.data?.sendEmail.__typename);
    expect(limited).toContain('SendingLimitReached');
    const reached = results.find((r) => r.data?.sendEmail.__typename === 'SendingLimitReached')
      ?.data?.sendEmail;
    if (reached?.__typename === 'SendingLimitReached') {
      expect(reached.message).toMatch(/6 emails per minute/);
      expect(Date.parse(reached.retryAfter)).toBeGreaterThan(Date.now());
    }
  });
});
