import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../core/provider-error.js';
import { MemoryStore } from '../testing/sync-test-support.js';
import type { SyncStatus } from '../imap/imap-sync-session.js';
import { ewsSyncFixture, until } from '../testing/ews/ews-sync-fixture.js';
import {
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServerOptions,
} from '../testing/ews/ews-test-server.js';
import { nonDeliveryReport } from '../testing/ews/ews-test-reports.js';
import { itemUid, type EwsSyncSessionOptions } from './ews-sync-session.js';

const HOSTS = [
  'sync1.corp.example',
  'sync2.corp.example',
  'sync3.corp.example',
  'sync4.corp.example',
  'sync5.corp.example',
  'sync6.corp.example',
  'sync7.corp.example',
];
const INBOX = 'AAMkADExchInbox0001';
const SENT = 'AAMkADExchSent00002';
const bob = { name: 'Bob Buyer', address: 'bob@customer.test' };
const jane = { name: 'Jane Doe', address: 'jane@corp.example' };

const ews = ewsSyncFixture(HOSTS);

/** A mailbox with 3 messages in Inbox, 1 in Sent Items and 2 in the folder a rule files invoices into. */
const mailbox = (extra: EwsTestServerOptions = {}) =>
  ews.mailbox({
    items: {
      inbox: [
        {
          subject: 'Re: Your quote',
          from: bob,
          to: [jane],
          cc: [{ address: 'carol@customer.test' }],
          internetMessageId: '<reply-1@customer.test>',
          inReplyTo: '<quote-1@corp.example>',
          references: ['<thread-0@corp.example>', '<quote-1@corp.example>'],
          dateTimeSent: '2026-11-20T09:30:00Z',
          isRead: true,
          body: 'Thanks Jane,\r\n\r\n   the quote   looks good. ' + 'x'.repeat(400),
        },
        { subject: 'Lunch?', from: bob, to: [jane], dateTimeSent: '2026-11-21T12:00:00Z' },
        { subject: 'Newsletter', from: { address: 'news@vendor.test' }, to: [jane] },
      ],
      sentitems: [
        {
          subject: 'Your quote',
          from: jane,
          to: [bob],
          internetMessageId: '<quote-1@corp.example>',
          isRead: true,
        },
      ],
      AAMkFolderInvoices: [
        { subject: 'Invoice 1', from: { address: 'billing@vendor.test' }, to: [jane] },
        { subject: 'Invoice 2', from: { address: 'billing@vendor.test' }, to: [jane] },
      ],
    },
    ...extra,
  });

const session = (
  host: string,
  store: MemoryStore,
  overrides: Partial<EwsSyncSessionOptions> = {},
) =>
  ews.session(host, store, {
    batchSize: 2,
    timing: { pollIntervalMs: 60_000, requestTimeoutMs: 5_000 },
    ...overrides,
  });

describe('EwsSyncSession', () => {
  it('syncs Inbox, Sent Items and the rule folder in pages, storing each folder id and SyncState, then reports CONNECTED', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const s = session(host, store);
    const statuses: SyncStatus[] = [];
    s.on('status', (status) => statuses.push(status));
    await s.start();

    expect(s.syncState).toBe('CONNECTED');
    expect(s.syncedFolders().map((f) => [f.path, f.role])).toEqual([
      ['Inbox', 'inbox'],
      ['Sent Items', 'sent'],
      ['Invoices', 'rule'],
    ]);
    expect(store.subjects('Inbox').sort()).toEqual(['Lunch?', 'Newsletter', 'Re: Your quote']);
    expect(store.subjects('Sent Items')).toEqual(['Your quote']);
    expect(store.subjects('Invoices').sort()).toEqual(['Invoice 1', 'Invoice 2']);

    // FolderState: uidValidity = the EWS folder id, highestModseq = the opaque SyncState.
    expect(store.states.get('Inbox')).toMatchObject({
      path: 'Inbox',
      uidValidity: INBOX,
      uidNext: 0,
      highestModseq: expect.any(String),
    });
    expect(store.states.get('Sent Items')?.uidValidity).toBe(SENT);
    expect(store.states.get('Invoices')?.uidValidity).toBe('AAMkFolderInvoices');
    // 3 Inbox items with MaxChangesReturned 2: two pages, the first one a rebuild.
    const inboxBatches = store.batches.filter((b) => b.folder === 'Inbox');
    expect(inboxBatches.map((b) => [b.upserts.length, b.rebuild ?? false])).toEqual([
      [2, true],
      [1, false],
    ]);
    // Inbox: 2 pages; Sent Items and Invoices: 1 each.
    expect(server.requests.filter((r) => r.operation === 'SyncFolderItems')).toHaveLength(4);

    const reply = store.messages('Inbox').find((m) => m.subject === 'Re: Your quote')!;
    const [replyItem] = server.items('inbox').filter((i) => i.subject === 'Re: Your quote');
    expect(reply).toEqual({
      folder: 'Inbox',
      uid: itemUid(replyItem!.id),
      messageId: '<reply-1@customer.test>',
      inReplyTo: '<quote-1@corp.example>',
      references: ['<thread-0@corp.example>', '<quote-1@corp.example>'],
      from: { name: 'Bob Buyer', address: 'bob@customer.test' },
      to: [{ name: 'Jane Doe', address: 'jane@corp.example' }],
      cc: [{ name: null, address: 'carol@customer.test' }],
      subject: 'Re: Your quote',
      date: '2026-11-20T09:30:00.000Z',
      flags: ['\\Seen'],
      snippet: expect.stringMatching(/^Thanks Jane, the quote looks good\. x+$/),
      autoReply: false,
      failedRecipients: [],
    });
    expect(reply.snippet).toHaveLength(200);
    expect(store.messages('Inbox').find((m) => m.subject === 'Lunch?')?.flags).toEqual([]);

    expect(statuses[0]).toEqual({ state: 'SYNCING', progress: null });
    expect(statuses.some((st) => st.state === 'SYNCING' && st.progress?.folder === 'Inbox')).toBe(
      true,
    );
    expect(statuses.at(-1)).toEqual({ state: 'CONNECTED', progress: null });
    await s.stop();
  });

  it('checkNow picks up a new item, a deleted one (expunged) and a read-flag change, resuming from the stored SyncState', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const s = session(host, store);
    await s.start();
    const [lunch, newsletter] = [
      server.items('inbox').find((i) => i.subject === 'Lunch?')!,
      server.items('inbox').find((i) => i.subject === 'Newsletter')!,
    ];
    const before = store.batches.length;

    server.addItem('inbox', {
      subject: 'New order',
      from: bob,
      to: [jane],
      internetMessageId: '<order-7@customer.test>',
    });
    server.deleteItem(newsletter.id);
    server.setRead(lunch.id, true);
    await s.checkNow();

    expect(store.subjects('Inbox').sort()).toEqual(['Lunch?', 'New order', 'Re: Your quote']);
    expect(store.messages('Inbox').find((m) => m.subject === 'Lunch?')?.flags).toEqual(['\\Seen']);
    // Three changes with MaxChangesReturned 2: two incremental batches.
    const batches = store.batches.slice(before).filter((b) => b.folder === 'Inbox');
    expect(batches).toHaveLength(2);
    expect(batches.every((b) => b.rebuild === undefined)).toBe(true);
    expect(batches.flatMap((b) => b.upserts.map((m) => m.messageId))).toEqual([
      '<order-7@customer.test>',
    ]);
    expect(batches.flatMap((b) => b.expunged)).toEqual([itemUid(newsletter.id)]);
    expect(batches.flatMap((b) => b.flagUpdates)).toEqual([
      { uid: itemUid(lunch.id), flags: ['\\Seen'] },
    ]);
    // Folders without changes wrote nothing.
    expect(store.batches.slice(before).map((b) => b.folder)).toEqual(['Inbox', 'Inbox']);

    // A new session resumes from the stored SyncState: nothing is read again.
    await s.stop();
    const again = session(host, store);
    const count = store.batches.length;
    await again.start();
    expect(store.batches.length).toBe(count);
    await again.stop();
  });

  it('recognises an auto-reply by its internet message headers and reads the failed recipients of a delivery report', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const s = session(host, store);
    await s.start();
    const getItems = () => server.requests.filter((r) => r.operation === 'GetItem').length;
    const before = getItems();
    server.addItem('inbox', {
      subject: 'Out of office',
      from: bob,
      to: [jane],
      internetMessageId: '<ooo-1@customer.test>',
      inReplyTo: '<quote-1@corp.example>',
      headers: [{ name: 'Auto-Submitted', value: 'auto-replied' }],
      body: 'I am away until Monday.',
    });
    server.addItem('inbox', {
      subject: 'Undeliverable: Your quote',
      from: { address: 'postmaster@corp.example' },
      to: [jane],
      internetMessageId: '<ndr-1@corp.example>',
      ...nonDeliveryReport([
        { address: 'Carol@Customer.test', action: 'failed', status: '5.1.1' },
        { address: 'dave@customer.test', action: 'delayed', status: '4.4.1' },
      ]),
    });
    // "Auto-Submitted: no" is an ordinary message.
    server.addItem('inbox', {
      subject: 'Re: Your quote',
      from: bob,
      to: [jane],
      internetMessageId: '<reply-2@customer.test>',
      headers: [{ name: 'Auto-Submitted', value: 'no' }],
    });
    await s.checkNow();

    const byId = (id: string) => store.messages('Inbox').find((m) => m.messageId === id);
    expect(byId('<ooo-1@customer.test>')).toMatchObject({ autoReply: true, failedRecipients: [] });
    expect(byId('<ndr-1@corp.example>')).toMatchObject({
      autoReply: true,
      failedRecipients: ['carol@customer.test'],
    });
    expect(byId('<reply-2@customer.test>')).toMatchObject({
      autoReply: false,
      failedRecipients: [],
    });
    expect(byId('<reply-1@customer.test>')).toMatchObject({ autoReply: false });
    // The whole message is read for the delivery report only: one GetItem more than the metadata's.
    expect(getItems() - before).toBe(3);
    await s.stop();
  });

  it('picks up the folder of a rule added later, and drops a rule folder deleted later, on its polls without a new session', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const s = session(host, store, {
      timing: { pollIntervalMs: 100, folderRefreshEvery: 1, requestTimeoutMs: 5_000 },
    });
    const errors: string[] = [];
    s.on('folderError', ({ folder, error }) => errors.push(`${folder}: ${error.code}`));
    await s.start();

    server.addFolder({ id: 'AAMkFolderProjects', displayName: 'Projects' });
    server.addItem('AAMkFolderProjects', { subject: 'Project kickoff', from: bob, to: [jane] });
    server.setInboxRules([
      { id: 'r1', displayName: 'File invoices', moveToFolder: 'AAMkFolderInvoices' },
      { id: 'r2', displayName: 'Projects', moveToFolder: 'AAMkFolderProjects' },
    ]);
    await until(() => store.subjects('Projects').includes('Project kickoff'));
    expect(s.syncedFolders().map((f) => f.path)).toEqual([
      'Inbox',
      'Sent Items',
      'Invoices',
      'Projects',
    ]);
    expect(store.states.get('Projects')?.uidValidity).toBe('AAMkFolderProjects');

    server.removeFolder('AAMkFolderInvoices');
    await until(() => !s.syncedFolders().some((f) => f.path === 'Invoices'));
    expect(s.syncState).toBe('CONNECTED');
    expect(errors).toEqual([expect.stringMatching(/FOLDER_UNAVAILABLE$/)]);
    await s.stop();
  });

  it('reads a folder again from the start when the server no longer knows the stored SyncState', async () => {
    const { host } = await mailbox();
    const store = new MemoryStore();
    store.states.set('Inbox', {
      path: 'Inbox',
      uidValidity: INBOX,
      uidNext: 0,
      highestModseq: 'bm90LWEtc3RhdGU=',
    });
    const s = session(host, store);
    await s.start();
    expect(store.subjects('Inbox')).toHaveLength(3);
    expect(store.batches.find((b) => b.folder === 'Inbox')?.rebuild).toBe(true);
    await s.stop();
  });

  it('fails with a non-retryable AUTHENTICATION_FAILED on a wrong password, after one refused logon', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const s = session(host, store, {
      ews: {
        url: `https://${host}/EWS/Exchange.asmx`,
        scheme: 'basic',
        username: TEST_EXCHANGE_ACCOUNT.upn,
        password: 'wrong',
      },
    });
    const events: string[] = [];
    let closedWith: ProviderError | null | undefined;
    s.on('error', (e) => events.push(`error ${e.code}`));
    s.on('closed', ({ error }) => (closedWith = error));
    const failure = await s.start().then(
      () => undefined,
      (e: ProviderError) => e,
    );
    expect(failure?.code).toBe('AUTHENTICATION_FAILED');
    expect(failure?.retryable).toBe(false);
    expect(events).toEqual(['error AUTHENTICATION_FAILED']);
    expect(closedWith?.code).toBe('AUTHENTICATION_FAILED');
    expect(server.failedLogons.get(TEST_EXCHANGE_ACCOUNT.upn)).toBe(1);
    expect(store.batches).toHaveLength(0);
  });

  it('reports a retryable failure when the server goes down, at start and during a live session', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const live = session(host, store);
    await live.start();
    const failed = new Promise<ProviderError>((resolve) => live.on('error', resolve));
    const closed = new Promise<void>((resolve) => live.on('closed', () => resolve()));
    await server.stop();
    await live.checkNow();
    const error = await failed;
    await closed;
    expect(error.code).toBe('EXCHANGE_CONNECTION_FAILED');
    expect(error.retryable).toBe(true);

    const fresh = session(host, new MemoryStore());
    const atStart = await fresh.start().then(
      () => undefined,
      (e: ProviderError) => e,
    );
    expect(atStart?.retryable).toBe(true);
    expect(atStart?.code).toBe('EXCHANGE_CONNECTION_FAILED');
  });
});
