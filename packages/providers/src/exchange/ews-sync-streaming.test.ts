import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../testing/sync-test-support.js';
import { ewsSyncFixture, until } from '../testing/ews/ews-sync-fixture.js';
import {
  TEST_EXCHANGE_ACCOUNT,
  type EwsTestServer,
  type EwsTestServerOptions,
} from '../testing/ews/ews-test-server.js';
import type { ProviderError } from '../core/provider-error.js';
import type {
  EwsFolderSyncSummary,
  EwsSyncSession,
  EwsSyncSessionOptions,
  EwsSyncTiming,
} from './ews-sync-session.js';

const HOSTS = Array.from({ length: 10 }, (_, i) => `stream${i + 1}.corp.example`);
const bob = { name: 'Bob Buyer', address: 'bob@customer.test' };
const jane = { name: 'Jane Doe', address: 'jane@corp.example' };
/** Far away: within a test only a notification can explain a sync. */
const NO_POLL: EwsSyncTiming = {
  pollIntervalMs: 10 * 60_000,
  requestTimeoutMs: 5_000,
  resubscribeDelayMs: 50,
};

const ews = ewsSyncFixture(HOSTS);

const mailbox = (extra: EwsTestServerOptions = {}) =>
  ews.mailbox({
    items: {
      inbox: [{ subject: 'Hello', from: bob, to: [jane] }],
      sentitems: [{ subject: 'Earlier', from: jane, to: [bob], isRead: true }],
    },
    ...extra,
  });

const session = (
  host: string,
  store: MemoryStore,
  timing: EwsSyncTiming,
  overrides: Partial<EwsSyncSessionOptions> = {},
) => ews.session(host, store, { timing, ...overrides });

const count = (server: EwsTestServer, operation: string) =>
  server.requests.filter((r) => r.operation === operation).length;

/** A started session (no poll) on a fresh mailbox whose stream is open, with the errors it reports. */
async function streamingMailbox(): Promise<{
  server: EwsTestServer;
  store: MemoryStore;
  s: EwsSyncSession;
  errors: ProviderError[];
}> {
  const { server, host } = await mailbox();
  const store = new MemoryStore();
  const s = session(host, store, NO_POLL);
  const errors: ProviderError[] = [];
  s.on('error', (e) => errors.push(e));
  await s.start();
  await until(() => server.openStreams === 1);
  return { server, store, s, errors };
}

describe('EwsSyncSession with streaming notifications', () => {
  it('syncs a folder as soon as the server notifies a change in it, one sync per burst, without waiting for the poll', async () => {
    const { server, store, s } = await streamingMailbox();
    const synced: EwsFolderSyncSummary[] = [];
    // The catch-up sync after subscribing has run (or is queued ahead of this one).
    await s.checkNow();
    s.on('synced', (summary) => synced.push(summary));

    const hello = server.items('inbox')[0]!;
    server.addItem('inbox', { subject: 'New order', from: bob, to: [jane] });
    server.addItem('inbox', { subject: 'Second order', from: bob, to: [jane] });
    server.setRead(hello.id, true);
    await until(() => store.subjects('Inbox').includes('Second order'));
    await new Promise((r) => setTimeout(r, 400));

    expect(store.subjects('Inbox').sort()).toEqual(['Hello', 'New order', 'Second order']);
    expect(store.messages('Inbox').find((m) => m.subject === 'Hello')?.flags).toEqual(['\\Seen']);
    // One notification, one debounced sync of the folder it named, and no other folder.
    expect(synced.map((x) => [x.folder, x.created, x.flagChanges])).toEqual([['Inbox', 2, 1]]);
    expect(s.syncState).toBe('CONNECTED');

    // The rule folder is watched too; a deletion arrives the same way.
    server.addItem('AAMkFolderInvoices', {
      subject: 'Invoice 9',
      from: { address: 'billing@vendor.test' },
      to: [jane],
    });
    await until(() => store.subjects('Invoices').includes('Invoice 9'));
    server.deleteItem(hello.id);
    await until(() => !store.subjects('Inbox').includes('Hello'));
    expect(count(server, 'Subscribe')).toBe(1);
    await s.stop();
  });

  it('opens the stream again when the server closes it at its connection timeout, and keeps delivering', async () => {
    const { server, host } = await mailbox({ streamingTimeoutSeconds: 1 });
    const store = new MemoryStore();
    const s = session(host, store, NO_POLL);
    await s.start();
    await until(() => count(server, 'GetStreamingEvents') >= 2 && server.openStreams === 1, 5_000);
    // Same subscription, a new connection.
    expect(count(server, 'Subscribe')).toBe(1);
    const request = server.requests.find((r) => r.operation === 'GetStreamingEvents');
    expect(request?.authenticatedAs).toBe(TEST_EXCHANGE_ACCOUNT.upn);

    server.addItem('inbox', { subject: 'After the reconnect', from: bob, to: [jane] });
    await until(() => store.subjects('Inbox').includes('After the reconnect'));
    expect(s.syncState).toBe('CONNECTED');
    await s.stop();
  });

  it('subscribes again when the server drops the subscription, catching up on what changed meanwhile', async () => {
    const { server, store, s, errors } = await streamingMailbox();

    server.expireSubscriptions();
    // No subscription exists for this change: the sync after subscribing again finds it.
    server.addItem('inbox', { subject: 'While unsubscribed', from: bob, to: [jane] });
    await until(() => store.subjects('Inbox').includes('While unsubscribed'));
    await until(() => count(server, 'Subscribe') === 2 && server.openStreams === 1);

    server.addItem('inbox', { subject: 'On the new subscription', from: bob, to: [jane] });
    await until(() => store.subjects('Inbox').includes('On the new subscription'));
    expect(errors).toEqual([]);
    expect(s.syncState).toBe('CONNECTED');
    await s.stop();
  });

  it('drops a stream that carries something other than SOAP envelopes, or an oversized one, and opens it again, without failing the session', async () => {
    const { server, store, s, errors } = await streamingMailbox();

    server.writeToStreams('<html><body>Proxy error</body></html>');
    await until(() => count(server, 'GetStreamingEvents') === 2 && server.openStreams === 1);
    server.writeToStreams(
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>${'x'.repeat(1024 * 1024)}`,
    );
    await until(() => count(server, 'GetStreamingEvents') === 3 && server.openStreams === 1);
    // The connection broke, not the subscription: the same one is opened again.
    expect(count(server, 'Subscribe')).toBe(1);

    server.addItem('inbox', { subject: 'Still delivered', from: bob, to: [jane] });
    await until(() => store.subjects('Inbox').includes('Still delivered'));
    expect(errors).toEqual([]);
    expect(s.syncState).toBe('CONNECTED');
    await s.stop();
  });

  it.each([
    ['answers Subscribe with ErrorInvalidRequest', { streaming: false }],
    [
      'refuses the request version of Subscribe',
      { faults: { Subscribe: { code: 'ErrorInvalidServerVersion' } } },
    ],
  ] satisfies Array<[string, EwsTestServerOptions]>)(
    'keeps polling at the short interval and stays CONNECTED when the server %s',
    async (_, extra) => {
      const { server, host } = await mailbox(extra);
      const store = new MemoryStore();
      const s = session(host, store, {
        pollIntervalMs: 150,
        requestTimeoutMs: 5_000,
        resubscribeDelayMs: 50,
      });
      const errors: ProviderError[] = [];
      s.on('error', (e) => errors.push(e));
      await s.start();
      await until(() => count(server, 'Subscribe') === 1);

      server.addItem('inbox', { subject: 'Found by the poll', from: bob, to: [jane] });
      await until(() => store.subjects('Inbox').includes('Found by the poll'));
      await new Promise((r) => setTimeout(r, 300));
      // Streaming is not tried again in this session.
      expect(count(server, 'Subscribe')).toBe(1);
      expect(count(server, 'GetStreamingEvents')).toBe(0);
      expect(errors).toEqual([]);
      expect(s.syncState).toBe('CONNECTED');
      await s.stop();
    },
  );

  it('subscribes again with the new folder list when an inbox rule adds a folder', async () => {
    const { server, host } = await mailbox();
    const store = new MemoryStore();
    const s = session(host, store, NO_POLL);
    await s.start();
    await until(() => server.openStreams === 1);

    server.addFolder({ id: 'AAMkFolderProjects', displayName: 'Projects' });
    server.setInboxRules([
      { id: 'r1', displayName: 'File invoices', moveToFolder: 'AAMkFolderInvoices' },
      { id: 'r2', displayName: 'Projects', moveToFolder: 'AAMkFolderProjects' },
    ]);
    await s.checkNow();
    await until(() => count(server, 'Subscribe') === 2 && server.openStreams === 1);
    server.addItem('AAMkFolderProjects', { subject: 'Project kickoff', from: bob, to: [jane] });
    await until(() => store.subjects('Projects').includes('Project kickoff'));
    await s.stop();
  });

  it('streams through NTLM sign-in as well', async () => {
    const { server, host } = await mailbox({ auth: { basic: false, ntlm: true, negotiate: true } });
    const store = new MemoryStore();
    const s = session(host, store, NO_POLL, {
      ews: {
        url: `https://${host}/EWS/Exchange.asmx`,
        scheme: 'ntlm',
        username: 'CORP\\jane',
        password: TEST_EXCHANGE_ACCOUNT.password,
      },
    });
    await s.start();
    await until(() => server.openStreams === 1);
    server.addItem('inbox', { subject: 'Over NTLM', from: bob, to: [jane] });
    await until(() => store.subjects('Inbox').includes('Over NTLM'));
    expect(
      server.requests
        .filter((r) => r.operation === 'GetStreamingEvents')
        .every((r) => r.authenticatedAs === TEST_EXCHANGE_ACCOUNT.upn),
    ).toBe(true);
    expect(server.failedLogons.size).toBe(0);
    await s.stop();
    await until(() => server.openConnections === 0);
  });

  it('fails with AUTHENTICATION_FAILED, after a single refused logon, when the password stops working while streaming', async () => {
    const account = { ...TEST_EXCHANGE_ACCOUNT };
    const { server, host } = await mailbox({ accounts: [account], streamingTimeoutSeconds: 1 });
    const s = session(host, new MemoryStore(), NO_POLL);
    const failed = new Promise<ProviderError>((resolve) => s.on('error', resolve));
    const closed = new Promise<ProviderError | null>((resolve) =>
      s.on('closed', ({ error }) => resolve(error)),
    );
    await s.start();
    await until(() => server.openStreams === 1);

    // Changed in the directory: the next GetStreamingEvents, when the server ends this stream, is refused.
    account.password = 'Changed-2025!';
    const error = await failed;
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expect(error.retryable).toBe(false);
    expect((await closed)?.code).toBe('AUTHENTICATION_FAILED');
    expect(server.failedLogons.get(account.upn)).toBe(1);
  });

  it('stop() during an open stream resolves promptly and leaves no connection open', async () => {
    const { server, host } = await mailbox();
    const s = session(host, new MemoryStore(), NO_POLL);
    await s.start();
    await until(() => server.openStreams === 1);
    const before = Date.now();
    await s.stop();
    expect(Date.now() - before).toBeLessThan(1_000);
    await until(() => server.openStreams === 0 && server.openConnections === 0, 2_000);
    expect(s.connectionsInUse).toBe(0);
  });
});
