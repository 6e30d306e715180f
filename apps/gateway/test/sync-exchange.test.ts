import { randomUUID } from 'node:crypto';
import { TEST_EXCHANGE_ACCOUNT, type EwsTestServer } from '@inlet/providers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../src/engine/outbox-worker.js';
import type { SyncSupervisor } from '../src/engine/supervisor.js';
import { storeSecret } from '../src/vault/secret-store.js';
import { engines } from './testkit/databases.js';
import { ConnectionHealth, Contacts, Outbox, SendEmail } from './testkit/documents.js';
import { startExchangeMailbox, type ExchangeMailbox } from './testkit/exchange-mailbox.js';
import type { TestGateway } from './testkit/gateway.js';
import { EWS_INVOICES_RULE } from './testkit/mail-servers.js';
import { quickExchangeSupervisor } from './testkit/supervisor.js';
import { until } from './testkit/wait.js';

describe.each(engines)('Exchange (EWS) sync and send on %s', (engine) => {
  const { upn } = TEST_EXCHANGE_ACCOUNT;
  const bob = { name: 'Bob Buyer', address: 'bob@customer.test' };
  let mailbox: ExchangeMailbox;
  let ews: EwsTestServer;
  let gw: TestGateway;
  let supervisor: SyncSupervisor;
  let worker: OutboxWorker;
  let cookie: string;
  let id: string;

  const health = async () =>
    (await gw.execute(ConnectionHealth, { id }, { cookie })).data!.connection!;
  const counts = (h: Awaited<ReturnType<typeof health>>) =>
    Object.fromEntries(h.folders.map((f) => [f.path, f.messageCount]));

  beforeAll(async () => {
    mailbox = await startExchangeMailbox(engine, {
      profile: '2016',
      ...EWS_INVOICES_RULE,
      items: {
        inbox: [
          { subject: 'Hello', from: bob, to: [{ address: upn }] },
          { subject: 'Meeting', from: bob, to: [{ address: upn }], isRead: true },
        ],
        sentitems: [{ subject: 'Earlier', from: { address: upn }, to: [bob], isRead: true }],
        'folder-invoices': [
          {
            subject: 'Invoice 1',
            from: { address: 'billing@vendor.test' },
            to: [{ address: upn }],
          },
        ],
      },
    });
    ({ ews, gw, cookie } = mailbox);
    supervisor = quickExchangeSupervisor(gw.services);
    await supervisor.start();
    worker = new OutboxWorker(gw.services, {
      ownerId: supervisor.worker.id,
      pollMs: 50,
      retryBaseMs: 50,
    });
    await worker.start();
    id = await mailbox.connect();
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await supervisor?.stop();
    await mailbox?.stop();
  });

  it('syncs Inbox, Sent Items and the inbox-rule folder after connecting, then reports CONNECTED with folder counts', async () => {
    const h = await until(health, (v) => v.status === 'CONNECTED');
    expect(h.status).toBe('CONNECTED');
    expect(h.lastSyncedAt).not.toBeNull();
    expect(h.connectionsInUse).toBe(1);
    expect(counts(h)).toEqual({
      Inbox: 2,
      'Sent Items': ews.items('sentitems').length,
      Invoices: 1,
    });
    expect(Object.fromEntries(h.folders.map((f) => [f.path, f.role]))).toEqual({
      Inbox: 'INBOX',
      'Sent Items': 'SENT',
      Invoices: 'OTHER',
    });
    const state = await gw.services.db
      .selectFrom('folder_state')
      .selectAll()
      .where('connection_id', '=', id)
      .where('path', '=', 'Inbox')
      .executeTakeFirstOrThrow();
    expect(state.uid_validity).toBe('AAMkADExchInbox0001');
    expect(state.highest_modseq).toEqual(expect.any(String));
  });

  it('sends through Exchange (SendAndSaveCopy, no IMAP append), logs SENT_ONE_TO_ONE, then logs a reply in Inbox once as REPLY', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const res = await gw.execute(
      SendEmail,
      {
        input: {
          idempotencyKey: randomUUID(),
          connectionId: id,
          from: upn,
          to: [bob],
          subject: 'Your quote',
          text: 'Hello Bob, here is the quote.',
        },
      },
      { cookie },
    );
    if (res.data?.sendEmail.__typename !== 'OutboxEmail') throw new Error(JSON.stringify(res));
    const { id: outboxId, messageId } = res.data.sendEmail;
    const row = await until(
      async () =>
        (await gw.execute(Outbox, {}, { cookie })).data?.outbox.find((o) => o.id === outboxId),
      (o) => o?.status === 'SENT' || o?.status === 'FAILED',
    );
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, error: null });

    const sent = ews.sentMessages.filter((m) => m.subject === 'Your quote');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      disposition: 'SendAndSaveCopy',
      from: upn,
      to: [bob.address],
      internetMessageId: messageId,
      authenticatedAs: upn,
    });
    // Exchange's own copy in Sent Items is synced like any other item.
    const sentRows = () =>
      gw.services.db
        .selectFrom('messages')
        .select(['message_id'])
        .where('connection_id', '=', id)
        .where('folder', '=', 'Sent Items')
        .execute();
    expect(
      (await until(sentRows, (r) => r.some((m) => m.message_id === messageId))).some(
        (m) => m.message_id === messageId,
      ),
    ).toBe(true);

    const timeline = async () => {
      const t = await gw.execute(Contacts, { search: 'bob@customer.test' }, { cookie });
      return (
        t
          .data!.contacts.edges.find((e) => e.node.email === bob.address)
          ?.node.timeline.edges.map((e) => e.node) ?? []
      );
    };
    expect(await timeline()).toEqual([
      { type: 'SENT_ONE_TO_ONE', subject: 'Your quote', messageId },
    ]);

    const replyId = `<${randomUUID()}@customer.test>`;
    ews.addItem('inbox', {
      subject: 'Re: Your quote',
      from: bob,
      to: [{ address: upn }],
      internetMessageId: replyId,
      inReplyTo: messageId!,
      references: [messageId!],
      body: 'Sounds good.',
    });
    void supervisor.checkNow(id);
    const withReply = await until(timeline, (t) => t.some((a) => a.type === 'REPLY'));
    expect(withReply.filter((a) => a.type === 'REPLY')).toEqual([
      { type: 'REPLY', subject: 'Re: Your quote', messageId: replyId },
    ]);

    // Later syncs (polls, checkNow, an update of the item) never log it twice.
    const [item] = ews.items('inbox').filter((i) => i.internetMessageId === replyId);
    ews.setRead(item!.id, true);
    void supervisor.checkNow(id);
    const flags = () =>
      gw.services.db
        .selectFrom('messages')
        .select('flags_json')
        .where('connection_id', '=', id)
        .where('message_id', '=', replyId)
        .executeTakeFirst();
    expect((await until(flags, (r) => r?.flags_json === '["\\\\Seen"]'))?.flags_json).toBe(
      '["\\\\Seen"]',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await timeline()).filter((a) => a.type === 'REPLY')).toHaveLength(1);
    expect(counts(await health()).Inbox).toBe(3);
  });

  it('marks the connection NEEDS_REAUTH when Exchange refuses the stored password, without retrying', async () => {
    await until(health, (v) => v.status === 'CONNECTED');
    const refusedBefore = ews.failedLogons.get(upn) ?? 0;
    // The password changed on the server side: simulate by storing a wrong one.
    await storeSecret(gw.services.db, gw.services.vault, id, 'password', 'not-the-password');
    void supervisor.ensure(id);
    const h = await until(health, (v) => v.status === 'NEEDS_REAUTH');
    expect(h.status).toBe('NEEDS_REAUTH');
    expect(h.lastError?.code).toBe('AUTHENTICATION_FAILED');
    await new Promise((r) => setTimeout(r, 500));
    expect((ews.failedLogons.get(upn) ?? 0) - refusedBefore).toBe(1);
  });
});
