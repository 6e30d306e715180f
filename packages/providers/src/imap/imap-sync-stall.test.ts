import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from '../core/provider-error.js';
import { startDovecot, type DovecotServer } from '../testing/start-dovecot.js';
import { startStallProxy, type StallProxy } from '../testing/stall-proxy.js';
import {
  daysAgo,
  MemoryStore,
  openClient,
  rawMessage,
  waitFor,
} from '../testing/sync-test-support.js';
import { ImapSyncSession, type SyncStatus } from './imap-sync-session.js';

const account = { user: 'stall@example.test', password: 'stall-password' };

describe('a server that stalls in the middle of a sync', () => {
  let dovecot: DovecotServer;
  let proxy: StallProxy;
  let session: ImapSyncSession | undefined;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: [account] });
    const client = await openClient(dovecot, account);
    for (let i = 0; i < 120; i++)
      await client.append('INBOX', rawMessage({ subject: `m${i}`, date: daysAgo(1) }));
    await client.logout();
    proxy = await startStallProxy(dovecot.imapsPort);
  }, 60_000);
  afterAll(async () => {
    await session?.stop();
    await proxy?.stop();
    await dovecot?.stop();
  });

  it('is noticed within the command timeout and reported as a retryable failure, not left SYNCING', async () => {
    const errors: ProviderError[] = [];
    const statuses: SyncStatus[] = [];
    session = new ImapSyncSession({
      host: 'localhost',
      address: '127.0.0.1',
      port: proxy.port,
      security: 'SSL_TLS',
      username: account.user,
      password: account.password,
      tls: { ca: dovecot.ca },
      folders: { inbox: 'INBOX', sent: null },
      store: new MemoryStore(),
      batchSize: 10,
      // IDLE's silence limit stays long: only the command limit can end this test in time.
      timing: {
        commandTimeoutMs: 1_500,
        socketTimeoutMs: 5 * 60_000,
        debounceMs: 50,
        autoIdleDelayMs: 100,
      },
    });
    session.on('error', (e) => errors.push(e));
    session.on('status', (s) => {
      statuses.push(s);
      if (s.progress && s.progress.done > 0) proxy.stall();
    });
    void session.start().catch(() => undefined);
    const error = await waitFor(() => errors[0], 20_000, 'the stall to be reported');
    expect(statuses.some((s) => s.progress && s.progress.done > 0 && s.progress.done < 120)).toBe(
      true,
    );
    expect(error.retryable).toBe(true);
    expect(error.code).toBe('CONNECTION_TIMEOUT');
  });
});
