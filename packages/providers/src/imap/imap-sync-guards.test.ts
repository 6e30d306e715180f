import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderError } from '../core/provider-error.js';
import { startDovecot, type DovecotServer } from '../testing/start-dovecot.js';
import type { FolderSyncSummary } from './imap-folder-sync.js';
import {
  ImapSyncSession,
  type ImapSyncSessionEvents,
  type ImapSyncSessionOptions,
} from './imap-sync-session.js';
import {
  MemoryStore,
  openClient,
  rawMessage,
  sessionsOf,
  waitFor,
} from '../testing/sync-test-support.js';
import { UidValidityGuard } from './uid-validity-guard.js';

// The two guards of a live session against servers that misbehave: a folder whose UIDVALIDITY keeps
// changing, and a per-user connection limit (Dovecot's mail_max_userip_connections).
const userFor = (name: string) => ({ user: `${name}@example.test`, password: `${name}-password` });
const flapping = userFor('flapping');
const recovering = userFor('recovering');
const limited = userFor('limited');
const polled = userFor('polled');
const crowded = userFor('crowded');
/** Mail for the limited users is written here first and copied over with doveadm: they have no slot left for a test client. */
const courier = userFor('courier');

let dovecot: DovecotServer;
/** Allows two connections per user and IP, like a small server (or a user whose phone holds the rest). */
let limitedDovecot: DovecotServer;
const sessions: ImapSyncSession[] = [];
const clients: ImapFlow[] = [];
const timers: NodeJS.Timeout[] = [];

// Dovecot learns of new mail for IDLE through inotify, and falls back to checking every
// mailbox_idle_check_interval (30 s) when the mail user (nobody, shared by every test Dovecot on the
// machine) is out of inotify instances. 1 s keeps IDLE pushes prompt on a busy machine.
const idleCheck = 'mailbox_idle_check_interval = 1 secs';

beforeAll(async () => {
  [dovecot, limitedDovecot] = await Promise.all([
    startDovecot({ users: [flapping, recovering], extraConfig: [idleCheck] }),
    startDovecot({
      users: [limited, polled, crowded, courier],
      extraConfig: ['mail_max_userip_connections = 2', idleCheck],
    }),
  ]);
}, 30_000);

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  await Promise.all(sessions.map((s) => s.stop()));
  await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
  await Promise.all([dovecot?.stop(), limitedDovecot?.stop()]);
}, 30_000);

type SessionEvents = ReturnType<typeof emptyEvents>;

function emptyEvents() {
  return {
    synced: [] as FolderSyncSummary[],
    errors: [] as ProviderError[],
    folderErrors: [] as Array<ImapSyncSessionEvents['folderError'][0]>,
    shed: [] as Array<ImapSyncSessionEvents['connectionShed'][0]>,
    closed: [] as Array<{ error: ProviderError | null }>,
  };
}

function newSession(
  server: DovecotServer,
  who: { user: string; password: string },
  store: MemoryStore,
  extra: Partial<ImapSyncSessionOptions> = {},
  events: SessionEvents = emptyEvents(),
) {
  const session = new ImapSyncSession({
    host: 'localhost',
    address: '127.0.0.1',
    port: server.imapsPort,
    security: 'SSL_TLS',
    username: who.user,
    password: who.password,
    tls: { ca: server.ca },
    folders: { inbox: 'INBOX', sent: 'Sent', others: ['Archive'] },
    store,
    ...extra,
    timing: { debounceMs: 50, autoIdleDelayMs: 100, ...extra.timing },
  });
  sessions.push(session);
  session.on('synced', (s) => events.synced.push(s));
  session.on('error', (e) => events.errors.push(e));
  session.on('folderError', (e) => events.folderErrors.push(e));
  session.on('connectionShed', (e) => events.shed.push(e));
  session.on('closed', (c) => events.closed.push(c));
  return { session, events };
}

/**
 * Sessions of one account run the way the gateway's runner does: a session that failed is replaced by a
 * new one with the same store and the same UIDVALIDITY guard. Needed because Dovecot ends a session
 * whose selected folder gets a new UIDVALIDITY ("IMAP session state is inconsistent, please relogin").
 */
class Supervised {
  readonly events = emptyEvents();
  session!: ImapSyncSession;
  restarts = 0;

  constructor(
    private readonly who: { user: string; password: string },
    readonly store: MemoryStore,
    private readonly extra: Partial<ImapSyncSessionOptions>,
  ) {}

  async start(): Promise<void> {
    this.session = newSession(dovecot, this.who, this.store, this.extra, this.events).session;
    await this.session.start();
  }

  /** Syncs every folder now; a session that has closed is replaced first. */
  async checkNow(): Promise<void> {
    if (this.session.connectionsInUse > 0) return this.session.checkNow();
    this.restarts += 1;
    await this.start();
  }

  /** Sets a new UIDVALIDITY on the server and syncs until the session took it in (rebuilt) or refused it (folderError). */
  async renumber(folder: string, uidValidity: number): Promise<void> {
    const errorsBefore = this.events.folderErrors.length;
    await dovecot.doveadm([
      'mailbox',
      'update',
      '--uid-validity',
      String(uidValidity),
      '-u',
      this.who.user,
      folder,
    ]);
    // Dovecot does not always show a new UIDVALIDITY to the very next SELECT of an open session: poll.
    await waitFor(
      async () => (
        await this.checkNow(),
        this.store.states.get(folder)?.uidValidity === String(uidValidity) ||
          this.events.folderErrors.length > errorsBefore
      ),
      15_000,
      `UIDVALIDITY ${uidValidity} of ${folder} to be seen`,
    );
  }

  connection(role: string) {
    return this.session.connectionInfo().find((c) => c.role === role);
  }
}

async function mailClient(
  server: DovecotServer,
  who: { user: string; password: string },
): Promise<ImapFlow> {
  const client = await openClient(server, who);
  clients.push(client);
  return client;
}

/** Copies the messages of the courier's INBOX matching `subject` into `folder` of a limited user, server-side. */
async function deliver(to: { user: string }, folder: string, subject: string): Promise<void> {
  const writer = await openClient(limitedDovecot, courier);
  try {
    await writer.append('INBOX', rawMessage({ subject }), []);
  } finally {
    await writer.logout().catch(() => writer.close());
  }
  await limitedDovecot.doveadm([
    'copy',
    '-u',
    to.user,
    folder,
    'user',
    courier.user,
    'mailbox',
    'INBOX',
    'subject',
    subject,
  ]);
}

/** Highest connectionsInUse seen, sampled every 5 ms from now until the test ends. */
function sampleConnections(session: ImapSyncSession): { max: number } {
  const seen = { max: session.connectionsInUse };
  const timer = setInterval(() => (seen.max = Math.max(seen.max, session.connectionsInUse)), 5);
  timers.push(timer);
  return seen;
}

describe(
  'ImapSyncSession guards against misbehaving servers (real Dovecot)',
  { timeout: 30_000 },
  () => {
    it('pauses a folder whose UIDVALIDITY keeps changing (FOLDER_UIDVALIDITY_UNSTABLE) without rebuilding it again, while INBOX keeps syncing', async () => {
      const other = await mailClient(dovecot, flapping);
      await other.append('Archive', rawMessage({ subject: 'archived' }), []);
      const guard = new UidValidityGuard({ maxRebuilds: 2, pauseMs: 10 * 60_000 });
      const account = new Supervised(flapping, new MemoryStore(), { uidValidityGuard: guard });
      const { store, events } = account;
      await account.start();

      // Two rebuilds are accepted...
      for (const uidValidity of [5001, 5002]) await account.renumber('Archive', uidValidity);
      expect(store.states.get('Archive')?.uidValidity).toBe('5002');
      expect(events.folderErrors).toEqual([]);

      // ...the third change within the window pauses the folder instead of reading it a third time.
      const batchesBefore = store.batches.length;
      await account.renumber('Archive', 5003);
      expect(events.folderErrors).toEqual([
        {
          folder: 'Archive',
          error: expect.objectContaining({
            code: 'FOLDER_UIDVALIDITY_UNSTABLE',
            retryable: true,
            step: 'sync',
          }),
        },
      ]);
      const error = events.folderErrors[0]!.error;
      expect(error.message).toMatch(/keeps renumbering/);
      expect(error.hint).toMatch(/tries the folder again later/);
      expect(error.detail).toMatch(
        /"Archive" changed 3 times within 1 hour \(now 5003, was 5002\)/,
      );
      // The refused rebuild wrote nothing: the rows of the last accepted UIDVALIDITY stay as they were.
      expect(store.batches.slice(batchesBefore).map((b) => b.folder)).not.toContain('Archive');
      expect(store.states.get('Archive')?.uidValidity).toBe('5002');
      expect(store.subjects('Archive')).toEqual(['archived']);
      expect(events.synced.filter((s) => s.folder === 'Archive' && s.rebuilt)).toHaveLength(3); // first sync + 2 rebuilds
      // The only session failures are Dovecot's kicks of a session that had the folder selected.
      expect(events.errors.filter((e) => e.code !== 'CONNECTION_LOST')).toEqual([]);

      // The connection left the paused folder: alone on its connection, it parks read-only on INBOX and IDLEs there.
      await waitFor(
        () =>
          account.connection('others')?.selected === 'INBOX' &&
          account.connection('others')?.idling,
        15_000,
        'the others connection to park on INBOX',
      );
      const restarts = account.restarts;
      // The session stays up, every other folder keeps syncing, and the paused one is left alone,
      // even when it changes again (no longer selected, so Dovecot has no reason to end the session).
      await dovecot.doveadm([
        'mailbox',
        'update',
        '--uid-validity',
        '5004',
        '-u',
        flapping.user,
        'Archive',
      ]);
      await other.append('Archive', rawMessage({ subject: 'not while paused' }), []);
      await other.append('INBOX', rawMessage({ subject: 'still arriving' }), []);
      await waitFor(
        () => store.subjects('INBOX').includes('still arriving'),
        15_000,
        'new INBOX mail while Archive is paused',
      );
      await account.checkNow();
      expect(account.restarts).toBe(restarts);
      expect(account.session.syncState).toBe('CONNECTED');
      expect(account.session.connectionsInUse).toBe(3);
      expect(store.batches.slice(batchesBefore).map((b) => b.folder)).not.toContain('Archive');
      expect(store.subjects('Archive')).toEqual(['archived']);
      expect(events.folderErrors).toHaveLength(1);

      // A new session of the account (same guard) reports the pause and leaves the folder alone too.
      await account.session.stop();
      await account.checkNow();
      expect(events.folderErrors).toHaveLength(2);
      expect(events.folderErrors[1]).toEqual({
        folder: 'Archive',
        error: expect.objectContaining({
          code: 'FOLDER_UIDVALIDITY_UNSTABLE',
          detail: expect.stringMatching(/tried again at/),
        }),
      });
      expect(account.session.syncState).toBe('CONNECTED');
      expect(store.states.get('Archive')?.uidValidity).toBe('5002');
      await waitFor(
        () =>
          account.connection('others')?.selected === 'INBOX' &&
          account.connection('others')?.idling,
        15_000,
        'the new session to park on INBOX',
      );
    });

    it('tries a paused folder again when the pause ends, with a fresh budget of rebuilds', async () => {
      const other = await mailClient(dovecot, recovering);
      await other.append('Archive', rawMessage({ subject: 'kept' }), []);
      const account = new Supervised(recovering, new MemoryStore(), {
        uidValidityGuard: new UidValidityGuard({ maxRebuilds: 1, pauseMs: 500 }),
      });
      const { store, events } = account;
      await account.start();

      await account.renumber('Archive', 6001);
      expect(store.states.get('Archive')?.uidValidity).toBe('6001');
      await account.renumber('Archive', 6002);
      expect(events.folderErrors.length).toBeGreaterThanOrEqual(1);
      expect(
        events.folderErrors.every(
          (e) => e.folder === 'Archive' && e.error.code === 'FOLDER_UIDVALIDITY_UNSTABLE',
        ),
      ).toBe(true);

      // When the pause is over the folder may be rebuilt once more: it catches up with the server.
      await waitFor(
        async () => (await account.checkNow(), store.states.get('Archive')?.uidValidity === '6002'),
        15_000,
        'the paused folder to be retried and rebuilt',
      );
      // The retry syncs at once (leading edge); a checkNow racing it may add an empty sync after it.
      expect(events.synced.filter((s) => s.folder === 'Archive' && s.rebuilt).at(-1)).toMatchObject(
        { rebuilt: true, fetched: 1, state: { uidValidity: '6002' } },
      );
      expect(store.subjects('Archive')).toEqual(['kept']);
      await other.append('Archive', rawMessage({ subject: 'after the pause' }), []);
      await waitFor(
        async () => (
          await account.checkNow(),
          store.subjects('Archive').includes('after the pause')
        ),
        15_000,
        'Archive to sync again',
      );
      expect(events.errors.filter((e) => e.code !== 'CONNECTION_LOST')).toEqual([]);
    });

    it('sheds the third connection when the server allows two per user, keeps INBOX on IDLE, and never holds more than two', async () => {
      const before = await mailClient(limitedDovecot, limited);
      await before.append('Archive', rawMessage({ subject: 'archived before' }), []);
      await before.logout();
      await waitFor(
        async () => (await sessionsOf(limitedDovecot, limited.user)) === 0,
        15_000,
        'the seeding client to log out',
      );

      const store = new MemoryStore();
      const { session, events } = newSession(limitedDovecot, limited, store); // default poll: 5 min, so only IDLE delivers
      await session.start();
      // Sampled from here on: during start() the refused third login counted while it was connecting.
      const inUse = sampleConnections(session);

      expect(session.syncState).toBe('CONNECTED');
      expect(events.errors).toEqual([]);
      expect(events.shed).toEqual([
        {
          role: 'others',
          folders: ['Archive'],
          servedBy: 'sent',
          error: expect.objectContaining({ code: 'TOO_MANY_CONNECTIONS', retryable: true }),
        },
      ]);
      expect(events.shed[0]!.error.detail).toMatch(/mail_max_userip_connections=2/);
      expect(session.connectionsInUse).toBe(2);
      expect(session.connectionInfo().map((c) => [c.role, c.folders, c.polledFolders])).toEqual([
        ['inbox', ['INBOX'], []],
        ['sent', ['Sent'], ['Archive']],
      ]);
      // The other folder was synced on the Sent connection, which then went back to Sent to IDLE there.
      expect(store.subjects('Archive')).toEqual(['archived before']);
      await waitFor(
        () => session.connectionInfo().every((c) => c.idling && c.selected === c.folders[0]),
        15_000,
        'both connections to IDLE on their own folder',
      );

      await deliver(limited, 'INBOX', 'pushed to INBOX');
      await waitFor(
        () => store.subjects('INBOX').includes('pushed to INBOX'),
        15_000,
        'the new INBOX message (IDLE)',
      );
      await deliver(limited, 'Sent', 'pushed to Sent');
      await waitFor(
        () => store.subjects('Sent').includes('pushed to Sent'),
        15_000,
        'the new Sent message (IDLE)',
      );

      expect(await sessionsOf(limitedDovecot, limited.user)).toBe(2);
      expect(inUse.max).toBeLessThanOrEqual(2);
      expect(events.errors).toEqual([]);
      expect(events.folderErrors).toEqual([]);
      await session.stop();
      expect(events.closed).toEqual([{ error: null }]);
    });

    it('syncs the folders of a shed connection through the poll on the Sent connection', async () => {
      const store = new MemoryStore();
      const { session, events } = newSession(limitedDovecot, polled, store, {
        timing: { pollIntervalMs: 300 },
      });
      await session.start();
      const inUse = sampleConnections(session);
      expect(events.shed).toHaveLength(1);

      await deliver(polled, 'Archive', 'found by the poll');
      await waitFor(
        () => store.subjects('Archive').includes('found by the poll'),
        15_000,
        'the polled Archive message',
      );
      // Between polls the Sent connection is back on Sent, and Sent still gets its mail.
      await deliver(polled, 'Sent', 'sent meanwhile');
      await waitFor(
        () => store.subjects('Sent').includes('sent meanwhile'),
        15_000,
        'the new Sent message',
      );
      await waitFor(
        () =>
          session
            .connectionInfo()
            .find((c) => c.role === 'sent' && c.selected === 'Sent' && c.idling),
        15_000,
        'the Sent connection to IDLE on Sent again',
      );

      expect(inUse.max).toBeLessThanOrEqual(2);
      expect(await sessionsOf(limitedDovecot, polled.user)).toBeLessThanOrEqual(2);
      expect(events.errors).toEqual([]);
      expect(events.folderErrors).toEqual([]);
      expect(session.syncState).toBe('CONNECTED');
    });

    it('fails as a retryable TOO_MANY_CONNECTIONS when even the Sent connection is refused', async () => {
      // Another mail app holds one of the two slots.
      const phone = await mailClient(limitedDovecot, crowded);
      const store = new MemoryStore();
      const { session, events } = newSession(limitedDovecot, crowded, store);
      const failure = await session.start().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toMatchObject({ code: 'TOO_MANY_CONNECTIONS', retryable: true });
      expect(events.errors).toEqual([failure]);
      expect(events.closed).toEqual([{ error: failure }]);
      expect(events.shed).toEqual([]);
      expect(session.connectionsInUse).toBe(0);
      expect(phone.usable).toBe(true);
    });
  },
);
