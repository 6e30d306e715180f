import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../core/provider-error.js';
import { startDovecot, type DovecotServer } from '../testing/start-dovecot.js';
import { createTestCertificate } from '../testing/test-certificates.js';
import type { FolderSyncSummary } from './imap-folder-sync.js';
import { sharedBodyReaderThreads } from './body-reader-pool.js';
import {
  ImapSyncSession,
  MAX_SYNC_CONNECTIONS,
  type ImapSyncSessionOptions,
  type SyncStatus,
} from './imap-sync-session.js';
import {
  daysAgo,
  MemoryStore,
  openClient,
  rawMessage,
  sessionsOf,
  waitFor,
} from '../testing/sync-test-support.js';

const users = [
  'start',
  'live',
  'uidvalidity',
  'kick',
  'idle',
  'folders',
  'tls',
  'outage',
  'poll',
  'idlepoll',
  'worker',
].map((name) => ({ user: `${name}@example.test`, password: `${name}-password` }));
const userNamed = (name: string) => users.find((u) => u.user.startsWith(`${name}@`))!;

let dovecot: DovecotServer;
/** Its own instance: Dovecot slows every later login from an IP after a failed one. */
let authDovecot: DovecotServer;
const sessions: ImapSyncSession[] = [];
const clients: ImapFlow[] = [];

beforeAll(async () => {
  [dovecot, authDovecot] = await Promise.all([startDovecot({ users }), startDovecot()]);
}, 30_000);

let finished = false;

afterAll(async () => {
  finished = true;
  await Promise.all(sessions.map((s) => s.stop()));
  await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
  await Promise.all([dovecot?.stop(), authDovecot?.stop()]);
}, 30_000);

function newSession(name: string, store: MemoryStore, extra: Partial<ImapSyncSessionOptions> = {}) {
  const { user, password } = userNamed(name);
  const session = new ImapSyncSession({
    host: 'localhost',
    address: '127.0.0.1',
    port: dovecot.imapsPort,
    security: 'SSL_TLS',
    username: user,
    password,
    tls: { ca: dovecot.ca },
    folders: { inbox: 'INBOX', sent: 'Sent' },
    store,
    timing: { debounceMs: 50, autoIdleDelayMs: 100 },
    ...extra,
  });
  sessions.push(session);
  const events = {
    status: [] as SyncStatus[],
    synced: [] as FolderSyncSummary[],
    errors: [] as ProviderError[],
    closed: [] as Array<{ error: ProviderError | null }>,
    maxConnections: 0,
  };
  const sample = () =>
    (events.maxConnections = Math.max(events.maxConnections, session.connectionsInUse));
  session.on('status', (s) => (events.status.push(s), sample()));
  session.on('synced', (s) => (events.synced.push(s), sample()));
  session.on('error', (e) => events.errors.push(e));
  session.on('closed', (c) => events.closed.push(c));
  return { session, events };
}

async function mailClient(name: string): Promise<ImapFlow> {
  const client = await openClient(dovecot, userNamed(name));
  clients.push(client);
  return client;
}

// Generous per-test bound for loaded machines; the waits inside are bounded on their own (about 3 s).
describe('ImapSyncSession against Dovecot', { timeout: 20_000 }, () => {
  it('reads the bodies of a large first sync on the shared worker thread, stores the same rows as without it, and ends the thread on stop', async () => {
    // Sessions of other tests stopped: the shared pool is this test's alone.
    await Promise.all(sessions.map((s) => s.stop()));
    const other = await mailClient('worker');
    for (let i = 0; i < 40; i++)
      await other.append(
        'INBOX',
        rawMessage({
          subject: `bulk ${i}`,
          date: daysAgo(1),
          text: i % 2 ? `Reply ${i}\r\n> quoted line` : `Caf=C3=A9 ${i}`,
          ...(i % 3 === 0 ? { references: ['<root@example.test>', `<r${i}@example.test>`] } : {}),
        }),
        [],
        daysAgo(1),
      );
    const onWorker = new MemoryStore();
    const threadsWhileSaving: number[] = [];
    const save = onWorker.saveBatch.bind(onWorker);
    onWorker.saveBatch = async (batch) => {
      threadsWhileSaving.push(sharedBodyReaderThreads());
      await save(batch);
    };
    const { session } = newSession('worker', onWorker);
    await session.start();
    const inThread = new MemoryStore();
    const { session: plain } = newSession('worker', inThread, { bodyWorker: false });
    await plain.start();
    await plain.stop();

    expect(onWorker.messages('INBOX')).toHaveLength(40);
    expect(onWorker.messages('INBOX')[1]?.snippet).toBe('Reply 1');
    expect(onWorker.messages('INBOX')).toEqual(inThread.messages('INBOX'));
    expect(Math.max(...threadsWhileSaving)).toBe(1);
    await session.stop();
    expect(sharedBodyReaderThreads()).toBe(0);
  });

  it('syncs INBOX, Sent and the other folders on start, reports progress then CONNECTED, and uses at most 3 connections', async () => {
    const other = await mailClient('start');
    await other.append(
      'INBOX',
      rawMessage({ subject: 'recent', date: daysAgo(2) }),
      [],
      daysAgo(2),
    );
    await other.append(
      'INBOX',
      rawMessage({ subject: 'two months', date: daysAgo(60) }),
      [],
      daysAgo(60),
    );
    await other.append(
      'Sent',
      rawMessage({ subject: 'sent recently', date: daysAgo(3) }),
      ['\\Seen'],
      daysAgo(3),
    );
    await other.append(
      'Archive',
      rawMessage({ subject: 'archived', date: daysAgo(4) }),
      ['\\Seen'],
      daysAgo(4),
    );
    await other.logout();

    const store = new MemoryStore();
    const { session, events } = newSession('start', store, {
      folders: { inbox: 'INBOX', sent: 'Sent', others: ['Archive', 'Drafts'] },
    });
    await session.start();

    expect(events.status[0]).toEqual({ state: 'SYNCING', progress: null });
    expect(events.status).toContainEqual({
      state: 'SYNCING',
      progress: { folder: 'INBOX', done: 1, total: 1 },
    });
    expect(events.status.at(-1)).toEqual({ state: 'CONNECTED', progress: null });
    expect(events.synced.map((s) => s.folder).sort()).toEqual([
      'Archive',
      'Drafts',
      'INBOX',
      'Sent',
    ]);
    expect(store.subjects('INBOX')).toEqual(['recent']);
    expect(store.subjects('Sent')).toEqual(['sent recently']);
    expect(store.subjects('Archive')).toEqual(['archived']);

    expect(session.connectionsInUse).toBe(MAX_SYNC_CONNECTIONS);
    expect(events.maxConnections).toBeLessThanOrEqual(MAX_SYNC_CONNECTIONS);
    expect(await sessionsOf(dovecot, userNamed('start').user)).toBe(3);
    expect(session.connectionInfo().map((c) => [c.role, c.folders])).toEqual([
      ['inbox', ['INBOX']],
      ['sent', ['Sent']],
      ['others', ['Archive', 'Drafts']],
    ]);

    await session.stop();
    expect(session.connectionsInUse).toBe(0);
    expect(events.closed).toEqual([{ error: null }]);
    expect(events.errors).toEqual([]);
    await waitFor(
      async () => (await sessionsOf(dovecot, userNamed('start').user)) === 0,
      15_000,
      'Dovecot to see every session logged out',
    );

    // Without other folders there is no third connection.
    const { session: twoFolders } = newSession('start', new MemoryStore());
    await twoFolders.start();
    expect(twoFolders.connectionsInUse).toBe(2);
    await twoFolders.stop();
  });

  it('picks up new mail, flag changes, expunges and malformed messages through IDLE', async () => {
    const store = new MemoryStore();
    const { session } = newSession('live', store);
    await session.start();
    const other = await mailClient('live');

    await other.append(
      'INBOX',
      rawMessage({ subject: 'pushed', messageId: '<pushed@example.test>' }),
      [],
    );
    await waitFor(
      () => store.subjects('INBOX').includes('pushed'),
      15_000,
      'the new INBOX message',
    );
    // Announced by EXISTS during IDLE: stored by a batch of its own right after DONE + UID FETCH, before
    // the sync asks for the folder's HIGHESTMODSEQ (that batch keeps the stored one).
    const inboxBatches = store.batches.filter((b) => b.folder === 'INBOX');
    const pushedAt = inboxBatches.findIndex((b) => b.upserts.some((m) => m.subject === 'pushed'));
    expect(pushedAt).toBeGreaterThan(0);
    expect(inboxBatches[pushedAt]?.state.highestModseq).toBe(
      inboxBatches[pushedAt - 1]?.state.highestModseq,
    );
    // IDLE push: the Sent connection is idling (a change between commands is the poll's job, tested below).
    await waitFor(
      () => session.connectionInfo().find((c) => c.role === 'sent')?.idling,
      15_000,
      'the Sent connection to IDLE',
    );
    await other.append('Sent', rawMessage({ subject: 'sent from phone' }), ['\\Seen']);
    await waitFor(
      () => store.subjects('Sent').includes('sent from phone'),
      15_000,
      'the new Sent message',
    );

    await other.mailboxOpen('INBOX');
    await other.messageFlagsAdd({ header: { 'message-id': 'pushed@example.test' } }, ['\\Flagged']);
    await waitFor(
      () => store.messages('INBOX')[0]?.flags.includes('\\Flagged'),
      15_000,
      'the flag change',
    );

    await other.append('INBOX', 'no headers here, only \x00 garbage\r\n', []);
    await other.append('INBOX', rawMessage({ subject: 'after the garbage' }), []);
    await waitFor(
      () => store.subjects('INBOX').includes('after the garbage'),
      15_000,
      'the message after the malformed one',
    );
    expect(store.quarantined('INBOX')).toEqual([
      { folder: 'INBOX', uid: 2, reason: expect.stringMatching(/no readable headers/) },
    ]);

    await other.messageDelete('1', { uid: true });
    await waitFor(() => !store.subjects('INBOX').includes('pushed'), 15_000, 'the expunge');
    expect(store.subjects('INBOX')).toEqual(['after the garbage']);
    expect(session.connectionsInUse).toBe(2);
  });

  it('rebuilds a folder whose UIDVALIDITY changed while connected, without duplicate rows', async () => {
    const other = await mailClient('uidvalidity');
    for (const subject of ['x', 'y', 'z']) await other.append('INBOX', rawMessage({ subject }), []);
    const store = new MemoryStore();
    let { session, events } = newSession('uidvalidity', store);
    await session.start();
    const first = store.states.get('INBOX')!;

    await dovecot.doveadm([
      'mailbox',
      'update',
      '--uid-validity',
      '777',
      '-u',
      userNamed('uidvalidity').user,
      'INBOX',
    ]);
    events.status.length = 0;
    const batches = store.batches.length;
    let replaced = false;
    // Dovecot does not always show a new UIDVALIDITY to the very next SELECT of an open session: poll.
    // It may also end the session that IDLEs in the folder ("IMAP session state is inconsistent, please
    // relogin"): then, as the supervisor would, a new session on the same store does the rebuild.
    await waitFor(
      async () => {
        if (events.closed.length > 0 && !replaced) {
          expect(events.errors).toEqual([
            expect.objectContaining({ code: 'CONNECTION_LOST', retryable: true }),
          ]);
          ({ session, events } = newSession('uidvalidity', store));
          replaced = true;
          await session.start();
        } else {
          await session.checkNow();
        }
        return store.states.get('INBOX')?.uidValidity === '777';
      },
      15_000,
      'the new UIDVALIDITY',
    );

    expect(first.uidValidity).not.toBe('777');
    expect(store.states.get('INBOX')?.uidValidity).toBe('777');
    expect(events.synced.filter((s) => s.folder === 'INBOX').at(-1)).toMatchObject({
      rebuilt: true,
      fetched: 3,
    });
    // The live session reports the rebuild as SYNCING with progress, then CONNECTED (a new one starts with SYNCING and no progress).
    expect(events.status.map((s) => s.state)).toEqual(
      replaced
        ? ['SYNCING', 'SYNCING', 'SYNCING', 'CONNECTED']
        : ['SYNCING', 'SYNCING', 'CONNECTED'],
    );
    expect(store.batches.slice(batches).map((b) => [b.folder, b.rebuild])).toEqual([
      ['INBOX', true],
    ]);
    const rows = store.messages('INBOX');
    expect(rows.map((m) => m.subject)).toEqual(['x', 'y', 'z']);
    expect(new Set(rows.map((m) => m.messageId)).size).toBe(3);
  });

  it('reports a kick as a retryable error and closes; a new session resumes and fetches only what is new', async () => {
    const other = await mailClient('kick');
    for (const subject of ['k1', 'k2']) await other.append('INBOX', rawMessage({ subject }), []);
    await other.logout();
    const store = new MemoryStore();
    const { session, events } = newSession('kick', store);
    await session.start();
    expect(store.subjects('INBOX')).toEqual(['k1', 'k2']);

    await dovecot.doveadm(['kick', userNamed('kick').user]);
    await waitFor(() => events.closed.length > 0, 15_000, 'the session to close');
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBeInstanceOf(ProviderError);
    expect(events.errors[0]).toMatchObject({ code: 'CONNECTION_LOST', retryable: true });
    expect(events.closed).toEqual([{ error: events.errors[0] }]);
    expect(session.connectionsInUse).toBe(0);

    // While nobody is connected: two new messages and a flag change.
    const later = await mailClient('kick');
    await later.append('INBOX', rawMessage({ subject: 'k3' }), []);
    await later.append('INBOX', rawMessage({ subject: 'k4' }), []);
    await later.mailboxOpen('INBOX');
    await later.messageFlagsAdd('1', ['\\Answered'], { uid: true });

    const batchesBefore = store.batches.length;
    const { session: resumed, events: resumedEvents } = newSession('kick', store);
    await resumed.start();
    const inbox = resumedEvents.synced.find((s) => s.folder === 'INBOX');
    expect(inbox).toMatchObject({ rebuilt: false, fetched: 2, updated: 1, expunged: 0 });
    expect(resumedEvents.synced.find((s) => s.folder === 'Sent')).toMatchObject({
      rebuilt: false,
      fetched: 0,
    });
    expect(
      store.batches.slice(batchesBefore).flatMap((b) => b.upserts.map((m) => m.subject)),
    ).toEqual(['k3', 'k4']);
    expect(store.messages('INBOX')[0]?.flags).toEqual(['\\Answered']);
  });

  it('treats a server outage as retryable: the live session fails, a new one cannot connect, and one started after it comes back resumes', async () => {
    const store = new MemoryStore();
    const other = await mailClient('outage');
    await other.append('INBOX', rawMessage({ subject: 'before' }), []);
    await other.logout();
    const { session, events } = newSession('outage', store);
    await session.start();

    await dovecot.pause();
    try {
      await waitFor(() => events.closed.length > 0, 15_000, 'the session to notice the outage');
      expect(events.errors[0]).toMatchObject({ code: 'CONNECTION_LOST', retryable: true });
      const { session: during } = newSession('outage', store);
      await expect(during.start()).rejects.toMatchObject({
        code: 'CONNECTION_REFUSED',
        retryable: true,
      });
      expect(during.connectionsInUse).toBe(0);
    } finally {
      // After a timeout this may run once afterAll stopped the server: resuming then would orphan a Dovecot.
      if (!finished) await dovecot.resume();
    }

    const { session: after, events: afterEvents } = newSession('outage', store);
    await after.start();
    expect(afterEvents.synced.find((s) => s.folder === 'INBOX')).toMatchObject({
      rebuilt: false,
      fetched: 0,
    });
    expect(store.subjects('INBOX')).toEqual(['before']);
  });

  it('polls INBOX and Sent too, so a change is caught even when no IDLE notification comes', async () => {
    const store = new MemoryStore();
    // IDLE never starts (auto-IDLE delay far away): only the poll can see the new message.
    const { session } = newSession('poll', store, {
      timing: { autoIdleDelayMs: 10 * 60_000, pollIntervalMs: 300, debounceMs: 10 },
    });
    await session.start();
    const other = await mailClient('poll');
    await other.append('Sent', rawMessage({ subject: 'found by the poll' }), ['\\Seen']);
    await waitFor(
      () => store.subjects('Sent').includes('found by the poll'),
      15_000,
      'the polled Sent message',
    );
    expect(session.connectionInfo().every((c) => !c.idling)).toBe(true);
    await session.stop();
  });

  it('confirms a folder its connection IDLEs on at every poll without a command, and re-issues IDLE every idlePollInterval', async () => {
    const store = new MemoryStore();
    const { session, events } = newSession('idlepoll', store, {
      folders: { inbox: 'INBOX', sent: null },
      timing: { autoIdleDelayMs: 50, pollIntervalMs: 100, idlePollIntervalMs: 60_000 },
    });
    await session.start();
    const inbox = () => session.connectionInfo()[0]!;
    await waitFor(() => inbox().idling, 15_000, 'IDLE');
    const write = inbox().lastClientWrite;
    const synced = events.synced.length;
    const batches = store.batches.length;
    // Poll ticks: INBOX is idling, so each one confirms it (a `synced` event, which moves "last synced")
    // and sends nothing: no DONE, NOOP, STATUS or SELECT, the IDLE goes on.
    await waitFor(() => events.synced.length >= synced + 3, 15_000, 'confirmations');
    expect(inbox()).toMatchObject({ idling: true, lastClientWrite: write });
    expect(events.synced.slice(synced)).toEqual(
      events.synced
        .slice(synced)
        .map(() => expect.objectContaining({ folder: 'INBOX', fetched: 0 })),
    );
    expect(store.batches.length).toBe(batches);
    await session.stop();

    // The safety net of an idling folder is the IDLE restart: every idlePollInterval, DONE + IDLE.
    const restarted = newSession('idlepoll', new MemoryStore(), {
      folders: { inbox: 'INBOX', sent: null },
      timing: { autoIdleDelayMs: 50, pollIntervalMs: 60_000, idlePollIntervalMs: 300 },
    });
    await restarted.session.start();
    const info = () => restarted.session.connectionInfo()[0]!;
    await waitFor(() => info().idling, 15_000, 'IDLE');
    const first = info().lastClientWrite ?? 0;
    await waitFor(() => (info().lastClientWrite ?? 0) > first, 15_000, 'IDLE to be re-issued');
    await restarted.session.stop();
  });

  it('re-issues IDLE every maxIdleTime without any sync in between', async () => {
    const store = new MemoryStore();
    const { session, events } = newSession('idle', store, {
      folders: { inbox: 'INBOX', sent: null },
      timing: { maxIdleTimeMs: 700, autoIdleDelayMs: 100 },
    });
    await session.start();
    const inbox = () => session.connectionInfo()[0]!;
    await waitFor(() => inbox().idling, 15_000, 'IDLE');
    const synced = events.synced.length;

    // Each restart writes DONE and IDLE: the last client write moves on while the connection stays idle.
    let write = inbox().lastClientWrite ?? 0;
    for (let restart = 0; restart < 2; restart++) {
      const next = await waitFor(
        () =>
          (inbox().lastClientWrite ?? 0) > write
            ? (inbox().lastClientWrite ?? undefined)
            : undefined,
        15_000,
        'IDLE to be re-issued',
      );
      write = next;
    }
    await waitFor(() => inbox().idling, 15_000, 'IDLE after the restart');
    expect(events.synced.length).toBe(synced);
    expect(session.connectionsInUse).toBe(1);
  });

  it('skips a folder that does not exist and keeps syncing the others', async () => {
    const other = await mailClient('folders');
    await other.append('Archive', rawMessage({ subject: 'kept' }), []);
    const store = new MemoryStore();
    const { session, events } = newSession('folders', store, {
      folders: { inbox: 'INBOX', sent: 'Sent', others: ['Gone', 'Archive'] },
    });
    const folderErrors: Array<{ folder: string; error: ProviderError }> = [];
    session.on('folderError', (e) => folderErrors.push(e));
    await session.start();

    expect(folderErrors).toEqual([
      {
        folder: 'Gone',
        error: expect.objectContaining({ code: 'FOLDER_UNAVAILABLE', retryable: false }),
      },
    ]);
    expect(store.subjects('Archive')).toEqual(['kept']);
    expect(events.status.at(-1)?.state).toBe('CONNECTED');
    await other.append('Archive', rawMessage({ subject: 'polled' }), []);
    await session.checkNow();
    expect(store.subjects('Archive')).toEqual(['kept', 'polled']);
    expect(session.connectionsInUse).toBe(3);
  });

  it('trusts a pinned certificate whatever its name, and refuses an unverified name before logging in', async () => {
    const pinned = {
      pem: dovecot.certificate.cert,
      fingerprint: dovecot.certificate.fingerprint256,
    };
    const { session } = newSession('tls', new MemoryStore(), {
      host: 'mail.other-name.test',
      tls: { pinned },
    });
    await session.start();
    expect(session.syncState).toBe('CONNECTED');
    await session.stop();

    const { session: unpinned, events } = newSession('tls', new MemoryStore(), {
      host: 'mail.other-name.test',
    });
    await expect(unpinned.start()).rejects.toMatchObject({
      code: 'CERTIFICATE_NAME_MISMATCH',
      retryable: false,
    });
    expect(events.closed).toEqual([
      { error: expect.objectContaining({ code: 'CERTIFICATE_NAME_MISMATCH' }) },
    ]);
  });

  it('names both fingerprints when the server no longer presents the pinned certificate', async () => {
    // Pinned at connect time: another certificate than the one the server presents now.
    const earlier = await createTestCertificate('self-signed');
    const { session } = newSession('tls', new MemoryStore(), {
      tls: { pinned: { pem: earlier.cert, fingerprint: earlier.fingerprint256 } },
    });
    await expect(session.start()).rejects.toMatchObject({
      code: 'CERTIFICATE_CHANGED',
      step: 'tls',
      retryable: false,
      // The chain check refused it unread; a credential-free handshake read the one presented.
      certificate: {
        trustedFingerprint: earlier.fingerprint256,
        presentedFingerprint: dovecot.certificate.fingerprint256,
      },
    });
  });

  it('turns a wrong password into a non-retryable AUTHENTICATION_FAILED after a single login attempt', async () => {
    const session = new ImapSyncSession({
      host: 'localhost',
      address: '127.0.0.1',
      port: authDovecot.imapsPort,
      security: 'SSL_TLS',
      username: 'jane@example.test',
      password: 'not-the-password',
      tls: { ca: authDovecot.ca },
      folders: { inbox: 'INBOX', sent: 'Sent', others: ['Archive'] },
      store: new MemoryStore(),
    });
    sessions.push(session);
    const errors: ProviderError[] = [];
    const closed: Array<{ error: ProviderError | null }> = [];
    session.on('error', (e) => errors.push(e));
    session.on('closed', (c) => closed.push(c));

    const failure = await session.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      code: 'AUTHENTICATION_FAILED',
      retryable: false,
      field: 'password',
    });
    expect(errors).toEqual([failure]);
    expect(closed).toEqual([{ error: failure }]);
    expect(session.connectionInfo().map((c) => c.role)).toEqual(['inbox']); // Sent and Archive never tried
    expect(session.connectionsInUse).toBe(0);
  });
});
