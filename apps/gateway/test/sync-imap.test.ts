import { randomUUID } from 'node:crypto';
import { withTestMailbox, type DovecotServer, type SmtpTestServer } from '@inlet/providers/testing';
import { createProviderRegistry } from '@inlet/providers';
import { type UidValidityGuardOptions } from '@inlet/providers/imap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { engines } from './testkit/databases.js';
import { ConnectionHealth, MessageSynced } from './testkit/documents.js';
import type { TestGateway } from './testkit/gateway.js';
import { startImapMailbox, type ImapMailbox } from './testkit/imap-mailbox.js';
import { subscribeTo } from './testkit/subscriptions.js';
import { quickSupervisor } from './testkit/supervisor.js';
import { until, waitFor } from './testkit/wait.js';

const raw = (subject: string, extra = '', from = 'Bob <bob@customer.test>') =>
  `From: ${from}\r\nTo: jane@sync.test\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@customer.test>\r\nDate: ${new Date().toUTCString()}\r\n${extra}\r\nHello ${subject}\r\n`;

describe.each(engines)('live IMAP sync on %s', (engine) => {
  const jane = { email: 'jane@sync.test', password: 'jane-imap-pass' };
  let dovecot: DovecotServer;
  let smtp: SmtpTestServer;
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let cookie: string;
  let id: string;
  let mailbox: ImapMailbox;

  const newSupervisor = (guard?: UidValidityGuardOptions) =>
    quickSupervisor(gw.services, {
      providers: createProviderRegistry({
        imap: {
          timing: { autoIdleDelayMs: 100, debounceMs: 50 },
          uidValidity: { maxRebuilds: gw.services.config.uidValidityRebuildsPerHour, ...guard },
        },
      }),
      kinds: ['IMAP'],
    });
  const health = async () =>
    (await gw.execute(ConnectionHealth, { id }, { cookie })).data!.connection!;
  const rows = (folder = 'INBOX') =>
    gw.services.db
      .selectFrom('messages')
      .selectAll()
      .where('connection_id', '=', id)
      .where('folder', '=', folder)
      .execute();
  /** The UIDVALIDITY stored for a folder of the connection. */
  const storedUidValidity = async (folder: string) =>
    (
      await gw.services.db
        .selectFrom('folder_state')
        .select('uid_validity')
        .where('connection_id', '=', id)
        .where('path', '=', folder)
        .executeTakeFirst()
    )?.uid_validity;
  const append = (messages: string[], folder = 'INBOX') =>
    withTestMailbox(dovecot, { user: jane.email, password: jane.password }, async (client) => {
      for (const m of messages) await client.append(folder, m);
    });

  beforeAll(async () => {
    mailbox = await startImapMailbox(engine, jane);
    ({ dovecot, smtp, gw, cookie } = mailbox);
    await append(Array.from({ length: 30 }, (_, i) => raw(`Initial ${i}`)));
    await append([raw('Sent earlier', '', 'Jane <jane@sync.test>')], 'Sent');
    supervisor = newSupervisor();
    await supervisor.start();
    id = await mailbox.connect();
  }, 60_000);
  afterAll(async () => {
    await supervisor?.stop();
    await mailbox?.stop();
  });

  it('syncs INBOX and Sent after connecting, then reports CONNECTED with at most 5 server connections', async () => {
    const h = await until(health, (v) => v.status === 'CONNECTED');
    expect(h.status).toBe('CONNECTED');
    expect(h.lastSyncedAt).not.toBeNull();
    expect(h.connectionsInUse).toBeGreaterThan(0);
    expect(h.connectionsInUse).toBeLessThanOrEqual(5);
    expect(Object.fromEntries(h.folders.map((f) => [f.path, f.messageCount]))).toEqual({
      INBOX: 30,
      Sent: 1,
    });
    expect(Object.fromEntries(h.folders.map((f) => [f.path, f.role]))).toEqual({
      INBOX: 'INBOX',
      Sent: 'SENT',
    });
  });

  it('pushes new mail to a graphql-ws subscriber within seconds', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const pushed = subscribeTo(gw.wsClient({ cookie }), MessageSynced, { connectionId: id });
    await new Promise((r) => setTimeout(r, 200));
    await append([raw('Live one')]);
    await waitFor(() => pushed.events.length > 0, 'a push within 5 s', 5000);
    const [event] = pushed.events;
    expect(event).toEqual({
      messageSynced: { subject: 'Live one', from: { address: 'bob@customer.test' } },
    });
  });

  it('moves lastSyncedAt forward when new mail syncs on a CONNECTED connection', async () => {
    const before = (await until(health, (v) => v.status === 'CONNECTED')).lastSyncedAt!;
    await new Promise((r) => setTimeout(r, 20)); // a later millisecond than the last write
    await append([raw('Moves the clock')]);
    const after = await until(health, (v) => v.lastSyncedAt! > before, 15_000);
    expect(after.status).toBe('CONNECTED');
    expect(Date.parse(after.lastSyncedAt!)).toBeGreaterThan(Date.parse(before));
  });

  it('logs a reply to a CRM email exactly once, also across a UIDVALIDITY rebuild', async () => {
    const sentId = `<${randomUUID()}@sync.test>`;
    const contactId = randomUUID();
    const now = new Date().toISOString();
    await gw.services.db
      .insertInto('contacts')
      .values({ id: contactId, email: 'bob@customer.test', name: 'Bob', created_at: now })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    const contact = await gw.services.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'bob@customer.test')
      .executeTakeFirstOrThrow();
    await gw.services.db
      .insertInto('email_activities')
      .values({
        id: randomUUID(),
        contact_id: contact.id,
        connection_id: id,
        type: 'SENT_ONE_TO_ONE',
        message_id: sentId,
        subject: 'Quote',
        snippet: null,
        occurred_at: now,
        created_at: now,
      })
      .execute();
    await append([raw('Re: Quote', `In-Reply-To: ${sentId}\r\nReferences: ${sentId}\r\n`)]);
    const replies = () =>
      gw.services.db
        .selectFrom('email_activities')
        .selectAll()
        .where('type', '=', 'REPLY')
        .execute();
    expect((await until(replies, (r) => r.length > 0)).map((r) => r.subject)).toEqual([
      'Re: Quote',
    ]);

    const before = (await rows()).length;
    await dovecot.doveadm([
      'mailbox',
      'update',
      '--uid-validity',
      '4242',
      '-u',
      jane.email,
      'INBOX',
    ]);
    void supervisor.checkNow(id);
    await until(
      () => storedUidValidity('INBOX'),
      (v) => v === '4242',
    );
    const after = await until(rows, (r) => r.length === before);
    expect(after).toHaveLength(before);
    expect(new Set(after.map((r) => r.uid)).size).toBe(before);
    expect(await replies()).toHaveLength(1);
  });

  it('reconnects once after `doveadm kick`, losing and duplicating nothing', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const count = (await rows()).length;
    await dovecot.doveadm(['kick', jane.email]);
    await append([raw('After kick')]);
    const synced = await until(rows, (r) => r.some((m) => m.subject === 'After kick'));
    expect(synced).toHaveLength(count + 1);
    expect((await until(health, (v) => v.status === 'CONNECTED')).status).toBe('CONNECTED');
  });

  it('shows the outage live while Dovecot is down, then recovers with nothing lost or duplicated', async () => {
    const count = (await rows()).length;
    await dovecot.pause();
    let down;
    let later;
    try {
      // First the open connections drop (CONNECTION_LOST), then reconnects are refused.
      down = await until(
        health,
        (v) => v.status === 'RETRYING' && v.lastError?.code === 'CONNECTION_REFUSED',
      );
      // Each failed try counts: the attempt number grows while the server stays away.
      later = await until(
        health,
        (v) => v.status === 'RETRYING' && (v.retryAttempt ?? 0) > (down!.retryAttempt ?? 0),
      );
    } finally {
      await dovecot.resume();
    }
    expect(down.status).toBe('RETRYING');
    expect(down.lastError?.code).toBe('CONNECTION_REFUSED');
    expect(down.retryAttempt).toBeGreaterThanOrEqual(1);
    expect(Number.isNaN(Date.parse(down.nextRetryAt!))).toBe(false);
    expect(later.retryAttempt).toBeGreaterThan(down.retryAttempt!);
    await append([raw('After outage')]);
    void supervisor.checkNow(id);
    const synced = await until(rows, (r) => r.some((m) => m.subject === 'After outage'), 15_000);
    expect(synced).toHaveLength(count + 1);
    const recovered = await until(health, (v) => v.status === 'CONNECTED');
    expect(recovered.lastError).toBeNull();
    expect([recovered.nextRetryAt, recovered.retryAttempt]).toEqual([null, null]);
  });

  it('"Resync from date" re-reads the folders without logging a reply twice', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const before = (await rows()).length;
    const replies = () =>
      gw.services.db
        .selectFrom('email_activities')
        .select('id')
        .where('type', '=', 'REPLY')
        .execute();
    const logged = (await replies()).length;
    await supervisor.resync(id, new Date(Date.now() - 3600_000));
    const after = await until(rows, (r) => r.length === before);
    expect(after).toHaveLength(before);
    expect(await replies()).toHaveLength(logged);
  });

  it('tells a running resync and its date until the connection is up to date again, also while the server is away', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const from = new Date(Date.now() - 3600_000);
    await dovecot.pause();
    let during;
    try {
      await supervisor.resync(id, from);
      during = await until(health, (v) => v.status === 'RETRYING');
    } finally {
      await dovecot.resume();
    }
    expect(during.status).toBe('RETRYING');
    expect(Date.parse(during.resyncFrom!)).toBe(from.getTime());
    void supervisor.checkNow(id);
    const done = await until(health, (v) => v.status === 'CONNECTED', 15_000);
    expect(done.resyncFrom).toBeNull();
  });

  it('resumes from stored state after a gateway restart without refetching everything', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const before = await rows();
    await supervisor.stop();
    await append([raw('While stopped')]);
    supervisor = newSupervisor();
    await supervisor.start();
    const after = await until(rows, (r) => r.some((m) => m.subject === 'While stopped'));
    expect(after).toHaveLength(before.length + 1);
    const unchanged = after.filter((r) =>
      before.some((b) => b.uid === r.uid && b.synced_at === r.synced_at),
    );
    expect(unchanged).toHaveLength(before.length); // old rows were not fetched again
  });

  it('shows a folder whose UIDVALIDITY keeps changing with its error, while the connection stays CONNECTED and INBOX syncs', async () => {
    await supervisor.stop();
    supervisor = newSupervisor({ maxRebuilds: 1 });
    await supervisor.start();
    await until(health, (v) => v.status === 'CONNECTED');
    const sentValidity = () => storedUidValidity('Sent');
    await dovecot.doveadm([
      'mailbox',
      'update',
      '--uid-validity',
      '5001',
      '-u',
      jane.email,
      'Sent',
    ]);
    // The folder stays selected between syncs (no re-SELECT): the change is found by the next sync of
    // Sent (poll, notification or Check now), where Dovecot ends the session and the new one sees it.
    const sentValidityAfterCheck = async () => (await supervisor.checkNow(id), sentValidity());
    expect(await until(sentValidityAfterCheck, (v) => v === '5001', 20_000)).toBe('5001'); // the one rebuild the budget allows
    await dovecot.doveadm([
      'mailbox',
      'update',
      '--uid-validity',
      '5002',
      '-u',
      jane.email,
      'Sent',
    ]);
    const flagged = await until(
      async () => (await supervisor.checkNow(id), health()),
      (v) =>
        v.folders.some((f) => f.path === 'Sent' && f.error?.code === 'FOLDER_UIDVALIDITY_UNSTABLE'),
      20_000,
    );
    expect(flagged.folders.find((f) => f.path === 'Sent')?.error).toMatchObject({
      code: 'FOLDER_UIDVALIDITY_UNSTABLE',
      hint: expect.any(String),
    });
    expect(flagged.folders.find((f) => f.path === 'INBOX')?.error).toBeNull();
    expect(await sentValidity()).toBe('5001'); // not rebuilt again
    await append([raw('While Sent is paused')]);
    expect(
      (await until(rows, (r) => r.some((m) => m.subject === 'While Sent is paused'), 20_000)).some(
        (m) => m.subject === 'While Sent is paused',
      ),
    ).toBe(true);
    expect((await until(health, (v) => v.status === 'CONNECTED')).status).toBe('CONNECTED');
  }, 60_000);
});
