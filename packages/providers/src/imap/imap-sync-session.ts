import { isIP } from 'node:net';
import type { ImapFlow } from 'imapflow';
import { SessionLifecycle } from '../core/session-lifecycle.js';
import type { SessionState } from '../core/sync-session.js';
import { isProviderError, ProviderError } from '../core/provider-error.js';
import {
  createImapClient,
  logOut,
  setSilenceLimit,
  type ImapClientTrust,
} from '../transport/imap-client.js';
import type { MailSecurity } from '../transport/tls-trust.js';
import {
  classifyConnectError,
  classifySyncError,
  connectionLost,
  isConnectionRefusedForLoad,
  type SyncErrorContext,
} from './classify-sync-error.js';
import { acquireBodyReader } from './body-reader-pool.js';
import { FolderSyncQueue } from './folder-sync-queue.js';
import {
  syncFolder,
  type FolderSyncProgress,
  type FolderSyncSummary,
  type UidValidityChange,
} from './imap-folder-sync.js';
import type { SyncStore } from '../core/sync-store.js';
import { UidValidityGuard } from './uid-validity-guard.js';
import { UnreadableMessageGuard } from './unreadable-message-guard.js';
import { probeImapServer } from './verify-imap-account.js';

/** Long-lived IMAP connections one account may use: INBOX IDLE, Sent IDLE, one for the other folders. */
export const MAX_SYNC_CONNECTIONS = 3;

export interface ImapSyncTiming {
  /** IDLE is ended and re-issued after this long (RFC 2177: before 29 minutes). Default 25 min. */
  maxIdleTimeMs?: number;
  /** Quiet time after a command before IDLE starts again. Default 1 s. */
  autoIdleDelayMs?: number;
  /** How often the folders other than INBOX and Sent are checked (and INBOX and Sent when not idling). Default 5 min. */
  pollIntervalMs?: number;
  /**
   * The safety net of a folder its connection IDLEs on (IDLE already reports its changes): IDLE is
   * re-issued this often (DONE + IDLE: the server checks the folder again), instead of a poll. Default 15 min.
   */
  idlePollIntervalMs?: number;
  /**
   * A change notification after this long without any (and without a sync) syncs at once; later ones
   * are coalesced into one more sync, run once none has come for this long (at most 4x this after the
   * first of them). Default 1.5 s: longer than the auto-IDLE delay plus the server's own notification
   * delay (Dovecot: 0.5 s), so a burst of new mail costs one or two syncs, not one per notification.
   */
  debounceMs?: number;
  /** Connect, TLS and greeting budget. Default 30 s. */
  connectionTimeoutMs?: number;
  /** A connection silent for this long is dead. Default 5 min (IDLE keeps it busy: servers send keepalives). */
  socketTimeoutMs?: number;
  /**
   * While a sync command runs (SELECT, SEARCH, FETCH), a server silent for this long has stalled (a proxy
   * that stopped forwarding, a hung backend): the session fails, retryable, instead of showing frozen
   * progress until the socket timeout. Default 60 s.
   */
  commandTimeoutMs?: number;
}

export interface ImapSyncSessionOptions {
  /** The server name the user typed: the TLS name to verify. */
  host: string;
  /** The vetted address (resolve-and-vet) that is connected to. */
  address: string;
  port: number;
  security: MailSecurity;
  username: string;
  /** Exactly one of password and accessToken (XOAUTH2). */
  password?: string;
  accessToken?: string;
  /** Extra trust anchors, the certificate the user chose to trust (every connection accepts exactly that one), legacy TLS. */
  tls?: ImapClientTrust;
  folders: { inbox: string; sent: string | null; others?: readonly string[] };
  store: SyncStore;
  /** Aborting it stops the session (same as stop()). */
  signal?: AbortSignal;
  initialWindowDays?: number;
  /** Rebuilds read from this date instead of the initial window ("resync from date"). */
  since?: Date;
  batchSize?: number;
  /**
   * Read fetched bodies (snippet, References) of large batches on the process's shared worker thread,
   * beside imapflow's parsing on this one (default true). False: everything on this thread.
   */
  bodyWorker?: boolean;
  /** Use QRESYNC when the server offers it (default true). */
  qresync?: boolean;
  /**
   * Counts rebuilds caused by a changed UIDVALIDITY and pauses a folder that keeps changing
   * (FOLDER_UIDVALIDITY_UNSTABLE; the other folders keep syncing). Default: a new one for this session
   * (3 rebuilds per hour, 1 hour pause). Pass the same instance to every session of an account so the
   * count survives reconnects: Dovecot ends a session whose selected folder changes UIDVALIDITY.
   */
  uidValidityGuard?: UidValidityGuard;
  /** Messages whose fetch keeps ending the connection: keep one per account across its sessions. */
  unreadableMessages?: UnreadableMessageGuard;
  timing?: ImapSyncTiming;
}

export type SyncSessionState = SessionState;

export interface SyncProgress {
  folder: string;
  done: number;
  total: number;
}

export interface SyncStatus {
  /** SYNCING from start until every folder is caught up, and again while a folder is rebuilt; then CONNECTED. */
  state: SyncSessionState;
  progress: SyncProgress | null;
}

export interface ImapSyncSessionEvents {
  status: [status: SyncStatus];
  /** After every sync of a folder (initial, on change notifications, polls, checkNow). */
  synced: [summary: FolderSyncSummary];
  /**
   * One folder stopped syncing; the rest keeps syncing and the session stays up. FOLDER_UNAVAILABLE: a
   * folder other than INBOX cannot be opened (renamed, deleted), skipped for the whole session.
   * FOLDER_UIDVALIDITY_UNSTABLE (retryable): the server keeps changing the folder's UIDVALIDITY; it is
   * paused until the guard's pause ends, then tried again (a later `synced` for it means it is back).
   * Reported again by every session that starts while the pause lasts.
   */
  folderError: [event: { folder: string; error: ProviderError }];
  /**
   * The server refused a connection the session can do without (the third one, for the other folders)
   * because the account has too many open ([LIMIT], e.g. Dovecot's mail_max_userip_connections). Not a
   * failure: those folders are synced by the poll on the `servedBy` connection instead of their own.
   */
  connectionShed: [
    event: {
      role: SyncConnectionRole;
      folders: string[];
      servedBy: SyncConnectionRole;
      error: ProviderError;
    },
  ];
  /** The session failed and is closing; `retryable` tells the supervisor to reconnect (with backoff) or to ask the user. */
  error: [error: ProviderError];
  /** Emitted once, when every connection is closed: `error` is null after stop(). */
  closed: [event: { error: ProviderError | null }];
}

export type SyncConnectionRole = 'inbox' | 'sent' | 'others';

export interface SyncConnectionInfo {
  role: SyncConnectionRole;
  folders: string[];
  /** Folders of a shed connection that this one syncs by polling (it returns to its own folder after each). */
  polledFolders: string[];
  /** The folder selected right now, null when none. */
  selected: string | null;
  open: boolean;
  idling: boolean;
  /** When the client last wrote to the server (ms epoch): servers log out sessions that stay silent. */
  lastClientWrite: number | null;
}

const DEFAULTS = {
  maxIdleTimeMs: 25 * 60_000,
  autoIdleDelayMs: 1_000,
  pollIntervalMs: 5 * 60_000,
  idlePollIntervalMs: 15 * 60_000,
  debounceMs: 1_500,
  connectionTimeoutMs: 30_000,
  socketTimeoutMs: 5 * 60_000,
  commandTimeoutMs: 60_000,
} satisfies Required<ImapSyncTiming>;

/** One imapflow client and what the session knows about it. */
class SyncConnection {
  ready = false;
  /** Closed on purpose (its folders are unavailable): its close is not a failure. */
  retired = false;
  /** Folders of a shed connection, synced here when polled; `folders[0]` is selected again after each. */
  readonly guests: string[] = [];
  lastError: unknown;
  readonly closed: Promise<void>;
  private markClosedOnce: () => void = () => {};

  constructor(
    readonly role: SyncConnectionRole,
    readonly folders: string[],
    readonly client: ImapFlow,
    onClosed: () => void,
  ) {
    this.closed = new Promise<void>((resolve) => {
      let done = false;
      this.markClosedOnce = () => {
        if (done) return;
        done = true;
        onClosed();
        resolve();
      };
    });
  }

  markClosed(): void {
    this.markClosedOnce();
  }

  /** LOGOUT when the connection still works (polite, frees the server slot now), else just the socket. */
  async close(graceMs: number): Promise<void> {
    if (this.client.usable) {
      const timer = setTimeout(() => this.client.close(), graceMs);
      await logOut(this.client);
      clearTimeout(timer);
    } else {
      this.client.close();
    }
    // imapflow emits 'close' for every connection it opened; one that never connected has nothing to wait for.
    if (!this.ready) this.markClosed();
    await this.closed;
  }
}

/**
 * Live sync of one IMAP account. At most three connections: one IDLEs on INBOX, one on Sent, and a
 * third exists only when other folders are synced (it polls them, and IDLEs on the last one polled).
 * start() syncs every folder, then each connection IDLEs; EXISTS, EXPUNGE/VANISHED and FETCH FLAGS
 * notifications trigger an incremental sync of that folder (debounced, one at a time per folder).
 *
 * When the server refuses the third connection for the account's connection limit ([LIMIT]), it is shed:
 * the other folders are polled on the Sent (else INBOX) connection, which selects its own folder again
 * after each (`connectionShed`). A refused INBOX or Sent connection fails the session as
 * TOO_MANY_CONNECTIONS (retryable). A folder whose UIDVALIDITY keeps changing is paused on its own
 * (`folderError` FOLDER_UIDVALIDITY_UNSTABLE) instead of being rebuilt over and over.
 *
 * The session never reconnects: on any failure it emits `error` (classified, retryable or not), closes
 * every connection and emits `closed`. The supervisor decides when to build a new session, which
 * resumes from the store's state. Sessions are single-use, like imapflow clients.
 */
export class ImapSyncSession extends SessionLifecycle<ImapSyncSessionEvents> {
  private readonly connections = new Map<SyncConnectionRole, SyncConnection>();
  private readonly queue: FolderSyncQueue;
  private readonly timing: Required<ImapSyncTiming>;
  private readonly folders: { inbox: string; sent: string | null; others: string[] };
  /** Folders not synced: unavailable for the session, or paused (UIDVALIDITY unstable) until their retry timer. */
  private readonly disabled = new Set<string>();
  private readonly guard: UidValidityGuard;
  private readonly unreadableMessages: UnreadableMessageGuard;
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly rebuilding = new Set<string>();
  /** Folders whose sync has begun but not yet selected the folder: notifications for them are already covered. */
  private readonly selecting = new Set<string>();
  /** Folders a change notification arrived for since their last sync began: their next sync expects a change. */
  private readonly notified = new Set<string>();
  /** New messages announced (EXISTS growth) per folder since its last sync began. */
  private readonly announced = new Map<string, number>();
  /** Each folder's last sync: its state is what the store holds (a confirmation reports it again). */
  private readonly lastSynced = new Map<string, FolderSyncSummary>();
  private readonly errorContext: SyncErrorContext;
  private openCount = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  /** The shared body reader, held from start() until the session closes. */
  private bodies: ReturnType<typeof acquireBodyReader> | undefined;

  constructor(private readonly options: ImapSyncSessionOptions) {
    super();
    if (Boolean(options.password) === Boolean(options.accessToken)) {
      throw new TypeError('ImapSyncSession needs exactly one of password and accessToken');
    }
    this.timing = { ...DEFAULTS, ...definedOnly(options.timing ?? {}) };
    const inbox = normalizeFolder(options.folders.inbox);
    const sent = options.folders.sent === null ? null : normalizeFolder(options.folders.sent);
    const others = [...new Set((options.folders.others ?? []).map(normalizeFolder))].filter(
      (f) => f !== inbox && f !== sent,
    );
    this.folders = { inbox, sent: sent === inbox ? null : sent, others };
    this.errorContext = {
      host: options.host,
      security: options.security,
      pinnedFingerprint: options.tls?.pinned?.fingerprint,
    };
    this.guard = options.uidValidityGuard ?? new UidValidityGuard();
    this.unreadableMessages = options.unreadableMessages ?? new UnreadableMessageGuard();
    this.queue = new FolderSyncQueue((folder) => this.syncOne(folder), this.timing.debounceMs);
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /**
   * A changed pinned certificate that the chain check refused before its fingerprint could be read: one
   * more handshake, without credentials (the probe of "Test these settings"), reads it, so the error
   * names both fingerprints. Any other error, or a probe that sees something else, is left as it is.
   */
  private async withPresentedCertificate(error: ProviderError): Promise<ProviderError> {
    const { host, port, security, address, tls } = this.options;
    if (error.code !== 'CERTIFICATE_CHANGED' || error.certificate?.presentedFingerprint)
      return error;
    if (!tls?.pinned) return error;
    const probe = await probeImapServer(
      {
        host,
        port,
        security,
        pinnedFingerprint: tls.pinned.fingerprint,
        allowLegacyTls: tls.allowLegacyTls,
      },
      {
        vet: async (name) => ({ host: name, address, family: isIP(address) === 6 ? 6 : 4 }),
        ca: tls.ca,
      },
    ).catch(() => undefined);
    return probe && !probe.ok && probe.error.certificate?.presentedFingerprint
      ? probe.error
      : error;
  }

  /** Open IMAP connections (connecting or connected). Never more than MAX_SYNC_CONNECTIONS. */
  get connectionsInUse(): number {
    return this.openCount;
  }

  connectionInfo(): SyncConnectionInfo[] {
    return [...this.connections.values()].map((c) => ({
      role: c.role,
      folders: [...c.folders],
      polledFolders: [...c.guests],
      selected: c.client.mailbox ? c.client.mailbox.path : null,
      open: c.client.usable,
      idling: c.client.idling,
      lastClientWrite: c.client.lastClientWrite,
    }));
  }

  /**
   * Connects, syncs every folder and starts listening. Resolves once every folder is caught up
   * (status CONNECTED). On failure it rejects with the classified ProviderError, after emitting
   * `error` and `closed` like any later failure.
   */
  async start(): Promise<void> {
    if (this.phase !== 'new')
      throw new Error('An ImapSyncSession starts once; create a new one to reconnect.');
    if (this.options.signal?.aborted) return this.stop();
    this.phase = 'starting';
    if (this.options.bodyWorker !== false) this.bodies = acquireBodyReader();
    this.setStatus('SYNCING', null);
    // Folders an earlier session paused stay paused (and are reported again) until the pause ends.
    const pausedAtStart = this.allFolders().filter((folder) => {
      const until = this.guard.pausedUntil(folder);
      if (until !== null)
        this.pauseFolder(
          folder,
          unstableFolder(
            `Inlet paused this folder because its UIDVALIDITY kept changing; it is tried again at ${new Date(until).toISOString()}.`,
          ),
          until,
        );
      return until !== null;
    });
    try {
      // INBOX alone first: a wrong password then costs one failed login, not three (servers and fail2ban
      // count them). Then one at a time, so a per-user connection limit always refuses the optional third
      // connection (which is shed), never Sent.
      await this.open('inbox', [this.folders.inbox]);
      const syncAll = async (connection: SyncConnection) => {
        // Polled guests first: the connection ends on its own folder, where it IDLEs.
        for (const folder of [...connection.guests, ...connection.folders])
          await this.queue.now(folder);
      };
      // Once the login worked, INBOX syncs while the other connections open. Only when Sent exists:
      // folders of a shed third connection become guests of Sent then, never of INBOX.
      const inbox = this.folders.sent ? this.connections.get('inbox') : undefined;
      const early = inbox ? syncAll(inbox) : undefined;
      early?.catch(() => undefined); // awaited below
      try {
        if (this.folders.sent) await this.open('sent', [this.folders.sent]);
        if (this.folders.others.length > 0) await this.openOthers();
      } catch (err) {
        await early?.catch(() => undefined);
        throw err;
      }
      await Promise.all([
        early,
        ...[...this.connections.values()].filter((c) => c !== inbox).map(syncAll),
      ]);
      // A connection whose folders are all paused would sit with nothing selected: no IDLE, dropped at socketTimeout.
      for (const folder of pausedAtStart) await this.moveOff(folder);
    } catch (err) {
      await this.fail(
        await this.withPresentedCertificate(classifyConnectError(err, this.errorContext)),
      );
    }
    if (this.failure) throw this.failure;
    if (this.phase !== 'starting') return; // stopped meanwhile
    this.phase = 'running';
    if (this.rebuilding.size === 0) this.setStatus('CONNECTED', null);
    // Other folders are only polled. INBOX and Sent are polled too, as a safety net under IDLE: a change
    // the server announced while a connection was between commands is caught within one interval. A
    // poll of an unchanged folder writes nothing: NOOP when its connection has it selected, STATUS when
    // it has another. A folder its connection IDLEs on is not polled: its safety net is the IDLE restart
    // every idlePollIntervalMs (imapflow's maxIdleTime: DONE + IDLE, and the server checks the folder
    // again when IDLE starts, reporting any change as it would to NOOP). Each tick confirms it instead
    // (`synced`, nothing fetched): an IDLE in progress is a live, listening connection (a dead one ends
    // at the socket timeout; servers send keepalives).
    const polled = [
      this.folders.inbox,
      ...(this.folders.sent ? [this.folders.sent] : []),
      ...this.folders.others,
    ];
    this.pollTimer = setInterval(() => {
      for (const folder of polled) {
        const last = this.idlingOn(folder) ? this.lastSynced.get(folder) : undefined;
        if (last && !this.disabled.has(folder)) this.notify('synced', confirmation(last));
        else this.poll(folder);
      }
    }, this.timing.pollIntervalMs);
    this.pollTimer.unref();
  }

  /** The folder's connection has it selected and is in IDLE right now. */
  private idlingOn(folder: string): boolean {
    const connection = this.connectionFor(folder);
    return Boolean(
      connection?.client.idling &&
      connection.client.mailbox &&
      connection.client.mailbox.path === folder,
    );
  }

  /** Syncs every folder now; resolves when done (failures are reported through the events). */
  async checkNow(): Promise<void> {
    if (this.phase !== 'running') return;
    await Promise.all(this.allFolders().map((folder) => this.queue.now(folder)));
  }

  private allFolders(): string[] {
    const { inbox, sent, others } = this.folders;
    return [inbox, ...(sent ? [sent] : []), ...others].filter((f) => !this.disabled.has(f));
  }

  private async open(role: SyncConnectionRole, folders: string[]): Promise<void> {
    if (this.isClosing()) return;
    if (this.openCount >= MAX_SYNC_CONNECTIONS)
      throw new Error(`An account may use at most ${MAX_SYNC_CONNECTIONS} sync connections`);
    const client = this.createClient();
    const connection = new SyncConnection(role, folders, client, () => (this.openCount -= 1));
    this.openCount += 1;
    this.connections.set(role, connection);

    client.on('error', (err) => (connection.lastError = err));
    client.on('close', () => {
      connection.markClosed();
      // A failed connect() is reported by start(); a retired connection was closed on purpose.
      if (!connection.ready || connection.retired || this.isClosing()) return;
      const lastError = connection.lastError;
      void this.fail(
        lastError
          ? classifySyncError(lastError, this.errorContext)
          : connectionLost(client.byeReason),
      );
    });
    client.on('exists', (event) => {
      if (!this.selecting.has(event.path) && event.count > event.prevCount)
        this.announced.set(
          event.path,
          (this.announced.get(event.path) ?? 0) + event.count - event.prevCount,
        );
      this.changed(event.path);
    });
    client.on('flags', (event) => this.changed(event.path));
    // Servers polled without IDLE report changed flags only as a new HIGHESTMODSEQ.
    client.on('highestModseq', (event) => this.changed(event.path));
    // VANISHED (EARLIER) only answers our own CHANGEDSINCE fetch; it is not news.
    client.on('expunge', (event) => {
      if (!event.earlier) this.changed(event.path);
    });

    try {
      await client.connect();
    } catch (err) {
      client.close();
      connection.markClosed();
      if (this.isClosing()) return;
      throw err;
    }
    connection.ready = true;
    if (this.isClosing()) await connection.close(1_000);
  }

  /**
   * The third connection is optional: when the server refuses it for the account's connection limit,
   * its folders become guests of the Sent (else INBOX) connection and are synced by the poll there.
   */
  private async openOthers(): Promise<void> {
    const folders = this.folders.others;
    try {
      await this.open('others', folders);
    } catch (err) {
      if (this.isClosing() || !isConnectionRefusedForLoad(err)) throw err;
      this.connections.delete('others');
      const host = this.connections.get('sent') ?? this.connections.get('inbox');
      if (!host) throw err;
      host.guests.push(...folders);
      this.notify('connectionShed', {
        role: 'others',
        folders: [...folders],
        servedBy: host.role,
        error: classifyConnectError(err, this.errorContext),
      });
    }
  }

  private createClient(): ImapFlow {
    const o = this.options;
    return createImapClient({
      host: o.host,
      address: o.address,
      port: o.port,
      security: o.security,
      login: o.accessToken
        ? { user: o.username, accessToken: o.accessToken }
        : { user: o.username, password: o.password ?? '' },
      trust: o.tls ?? {},
      timeouts: {
        connectMs: this.timing.connectionTimeoutMs,
        socketMs: this.timing.socketTimeoutMs,
      },
      extra: {
        qresync: o.qresync ?? true,
        // imapflow never re-issues IDLE unless maxIdleTime is set (servers log out after 30 min, RFC 2177).
        // It is also the safety net of the folder IDLE watches (see start()): at most idlePollIntervalMs.
        maxIdleTime: Math.min(this.timing.maxIdleTimeMs, this.timing.idlePollIntervalMs),
        autoIdleDelay: this.timing.autoIdleDelayMs,
      },
    });
  }

  /** A notification says `path` changed. */
  private changed(path: string): void {
    if (this.isClosing() || this.selecting.has(path)) return;
    this.notified.add(path);
    this.poll(path);
  }

  /** Sync `path` soon: a poll, unless a notification marked it changed. */
  private poll(path: string): void {
    if (this.isClosing() || this.phase === 'new' || this.disabled.has(path)) return;
    if (this.connectionFor(path)) this.queue.request(path);
  }

  private connectionFor(folder: string): SyncConnection | undefined {
    for (const connection of this.connections.values()) {
      if (
        (connection.folders.includes(folder) || connection.guests.includes(folder)) &&
        !connection.retired
      )
        return connection;
    }
    return undefined;
  }

  /** Runs inside the queue: one sync of one folder. Never throws; failures become events. */
  private async syncOne(folder: string): Promise<void> {
    const connection = this.connectionFor(folder);
    if (this.isClosing() || this.disabled.has(folder) || !connection?.ready) return;
    // Our own SELECT re-announces EXISTS/HIGHESTMODSEQ; without this every change would cost a second, empty sync.
    this.selecting.add(folder);
    const notified = this.notified.delete(folder);
    const newMessages = this.announced.get(folder) ?? 0;
    this.announced.delete(folder);
    setSilenceLimit(connection.client, this.timing.commandTimeoutMs);
    try {
      const summary = await syncFolder(connection.client, folder, this.options.store, {
        ...(this.options.initialWindowDays !== undefined
          ? { initialWindowDays: this.options.initialWindowDays }
          : {}),
        ...(this.options.since ? { since: this.options.since } : {}),
        ...(this.options.batchSize !== undefined ? { batchSize: this.options.batchSize } : {}),
        role:
          folder === this.folders.inbox ? 'INBOX' : folder === this.folders.sent ? 'SENT' : 'OTHER',
        signal: this.abort.signal,
        notified,
        newMessages,
        // A poll of a folder other than the connection's own may leave the connection where it is.
        keepSelection: folder !== connection.folders[0],
        onSelected: () => this.selecting.delete(folder),
        onProgress: (progress) => this.onProgress(progress),
        onUidValidityChange: (change) => this.allowRebuild(change),
        ...(this.bodies ? { readBodies: this.bodies.read } : {}),
        unreadableMessages: this.unreadableMessages,
      });
      if (this.isClosing()) return;
      this.lastSynced.set(folder, summary);
      this.notify('synced', summary);
      if (this.rebuilding.delete(folder) && this.rebuilding.size === 0 && this.phase === 'running')
        this.setStatus('CONNECTED', null);
    } catch (err) {
      this.rebuilding.delete(folder);
      if (this.isClosing()) return;
      if (isProviderError(err) && err.code === 'FOLDER_UIDVALIDITY_UNSTABLE') {
        this.pauseFolder(
          folder,
          err,
          this.guard.pausedUntil(folder) ?? Date.now() + this.guard.pauseMs,
        );
        void this.moveOff(folder);
        return;
      }
      if (
        (err as { mailboxMissing?: unknown }).mailboxMissing === true &&
        folder !== this.folders.inbox
      ) {
        await this.disableFolder(folder, connection, err);
        return;
      }
      await this.fail(this.folderError(err, folder));
    } finally {
      this.selecting.delete(folder);
      setSilenceLimit(connection.client, this.timing.socketTimeoutMs);
      // A guest took the connection away from its own folder: select that again, so IDLE watches it
      // and whatever changed there meanwhile is synced.
      const home = connection.folders[0];
      if (home && connection.guests.includes(folder) && !this.isClosing()) this.changed(home);
    }
  }

  /**
   * Called by syncFolder before a rebuild caused by a changed UIDVALIDITY. A server that keeps changing
   * it would have the folder read again and again: past the guard's budget the rebuild is refused
   * (nothing is fetched or written) and the folder is paused.
   */
  private allowRebuild(change: UidValidityChange): void {
    const verdict = this.guard.admit(change.folder);
    if (verdict.allowed) return;
    throw unstableFolder(
      `The UIDVALIDITY of "${change.folder}" changed ${verdict.changes} times within ${duration(this.guard.windowMs)} ` +
        `(now ${change.current}, was ${change.stored}). Inlet paused this folder and tries it again at ${new Date(verdict.until).toISOString()}.`,
    );
  }

  /** Stops syncing one folder until `until` (ms epoch), then syncs it again. */
  private pauseFolder(folder: string, error: ProviderError, until: number): void {
    this.disabled.add(folder);
    this.notify('folderError', { folder, error });
    this.settle();
    clearTimeout(this.retryTimers.get(folder));
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(folder);
        if (this.isClosing()) return;
        const still = this.guard.pausedUntil(folder); // null once over (which also resets the folder's count)
        if (still !== null) return this.pauseFolder(folder, error, still);
        this.disabled.delete(folder);
        this.changed(folder);
      },
      Math.max(0, until - Date.now()),
    );
    timer.unref();
    this.retryTimers.set(folder, timer);
  }

  /**
   * Takes the connection off a paused folder: Dovecot ends a session whose selected folder changes
   * UIDVALIDITY, and a folder that flaps will. The connection syncs another of its folders (and IDLEs
   * there), or else parks read-only (EXAMINE) on a folder another connection syncs, because a connection
   * with nothing selected cannot IDLE and is dropped at socketTimeout. CLOSE is never used: it expunges.
   */
  private async moveOff(folder: string): Promise<void> {
    const connection = this.connectionFor(folder);
    if (!connection?.ready || this.isClosing()) return;
    const selected = connection.client.mailbox ? connection.client.mailbox.path : null;
    if (selected !== null && selected !== folder) return;
    const own = [...connection.folders, ...connection.guests].find((f) => !this.disabled.has(f));
    if (own) return this.changed(own);
    const spot = this.allFolders()[0];
    if (!spot) return; // every folder is paused: nothing better to watch
    try {
      const lock = await connection.client.getMailboxLock(spot, {
        readOnly: true,
        description: 'inlet park',
      });
      lock.release();
    } catch {
      // best effort: the connection's own failure (if any) is reported by its close handler
    }
  }

  /** After a folder stopped mid-rebuild: CONNECTED again when no other folder is being rebuilt. */
  private settle(): void {
    if (this.phase === 'running' && this.rebuilding.size === 0 && this.syncState !== 'CONNECTED')
      this.setStatus('CONNECTED', null);
  }

  private folderError(err: unknown, folder: string): ProviderError {
    if ((err as { mailboxMissing?: unknown }).mailboxMissing === true) {
      return new ProviderError('FOLDER_UNAVAILABLE', {
        detail: `The server has no folder named "${folder}".`,
        cause: err,
      });
    }
    return classifySyncError(err, this.errorContext);
  }

  private async disableFolder(
    folder: string,
    connection: SyncConnection,
    err: unknown,
  ): Promise<void> {
    this.disabled.add(folder);
    this.notify('folderError', { folder, error: this.folderError(err, folder) });
    this.settle();
    // A connection left without folders would sit unselected (no IDLE) until the server drops it.
    if ([...connection.folders, ...connection.guests].every((f) => this.disabled.has(f))) {
      connection.retired = true;
      await connection.close(2_000);
    }
  }

  private onProgress(progress: FolderSyncProgress): void {
    if (this.isClosing()) return;
    if (progress.phase === 'rebuild') this.rebuilding.add(progress.folder);
    // Live incremental syncs stay CONNECTED; the first sync of the session and rebuilds report progress.
    if (this.phase === 'starting' || this.rebuilding.size > 0) {
      this.setStatus('SYNCING', {
        folder: progress.folder,
        done: progress.done,
        total: progress.total,
      });
    }
  }

  /** Stops the queue and the timers and closes every connection (LOGOUT). */
  protected async release(): Promise<void> {
    this.queue.stop();
    clearInterval(this.pollTimer);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.all([...this.connections.values()].map((c) => c.close(2_000)));
    await this.bodies?.release();
  }
}

/** INBOX is case-insensitive (RFC 3501) and imapflow reports it upper-case. */
function normalizeFolder(path: string): string {
  return path.toUpperCase() === 'INBOX' ? 'INBOX' : path;
}

/** A folder IDLE watches, confirmed: nothing fetched, the store as its last sync left it. */
function confirmation(last: FolderSyncSummary): FolderSyncSummary {
  return { ...last, fetched: 0, updated: 0, expunged: 0, quarantined: 0, rebuilt: false };
}

function unstableFolder(detail: string): ProviderError {
  return new ProviderError('FOLDER_UIDVALIDITY_UNSTABLE', { detail });
}

function duration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0)
    return ms === 3_600_000 ? '1 hour' : `${ms / 3_600_000} hours`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
