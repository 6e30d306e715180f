import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import type tls from 'node:tls';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { ProviderError } from '../core/provider-error.js';
import { pinnedTlsOptions, verifiedTlsOptions, type MailSecurity, type TlsTrust } from '../imap/tls-trust.js';
import { classifyConnectError, classifySyncError, connectionLost, type SyncErrorContext } from './classify-sync-error.js';
import { FolderSyncQueue } from './folder-sync-queue.js';
import { syncFolder, type FolderSyncProgress, type FolderSyncSummary } from './imap-folder-sync.js';
import type { SyncStore } from './sync-store.js';

/** Long-lived IMAP connections one account may use: INBOX IDLE, Sent IDLE, one for the other folders. */
export const MAX_SYNC_CONNECTIONS = 3;

export interface ImapSyncTiming {
  /** IDLE is ended and re-issued after this long (RFC 2177: before 29 minutes). Default 25 min. */
  maxIdleTimeMs?: number;
  /** Quiet time after a command before IDLE starts again. Default 1 s. */
  autoIdleDelayMs?: number;
  /** How often the folders other than INBOX and Sent are checked. Default 5 min. */
  pollIntervalMs?: number;
  /** Change notifications within this window cause one sync. Default 200 ms. */
  debounceMs?: number;
  /** Connect, TLS and greeting budget. Default 30 s. */
  connectionTimeoutMs?: number;
  /** A connection silent for this long is dead. Default 5 min (IDLE keeps it busy: servers send keepalives). */
  socketTimeoutMs?: number;
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
  tls?: {
    /** Extra trust anchors (PEM) on top of Node's roots. */
    ca?: string | readonly string[];
    /** The certificate the user chose to trust: every connection accepts exactly this one. */
    pinned?: { pem: string; fingerprint: string };
    allowLegacyTls?: boolean;
  };
  folders: { inbox: string; sent: string | null; others?: readonly string[] };
  store: SyncStore;
  /** Aborting it stops the session (same as stop()). */
  signal?: AbortSignal;
  initialWindowDays?: number;
  /** Rebuilds read from this date instead of the initial window ("resync from date"). */
  since?: Date;
  batchSize?: number;
  /** Use QRESYNC when the server offers it (default true). */
  qresync?: boolean;
  timing?: ImapSyncTiming;
}

export type SyncSessionState = 'SYNCING' | 'CONNECTED';

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
  /** A folder other than INBOX cannot be opened (renamed, deleted): it is skipped, the rest keeps syncing. */
  folderError: [event: { folder: string; error: ProviderError }];
  /** The session failed and is closing; `retryable` tells the supervisor to reconnect (with backoff) or to ask the user. */
  error: [error: ProviderError];
  /** Emitted once, when every connection is closed: `error` is null after stop(). */
  closed: [event: { error: ProviderError | null }];
}

export type SyncConnectionRole = 'inbox' | 'sent' | 'others';

export interface SyncConnectionInfo {
  role: SyncConnectionRole;
  folders: string[];
  open: boolean;
  idling: boolean;
  /** When the client last wrote to the server (ms epoch): servers log out sessions that stay silent. */
  lastClientWrite: number | null;
}

const DEFAULTS = {
  maxIdleTimeMs: 25 * 60_000,
  autoIdleDelayMs: 1_000,
  pollIntervalMs: 5 * 60_000,
  debounceMs: 200,
  connectionTimeoutMs: 30_000,
  socketTimeoutMs: 5 * 60_000,
} satisfies Required<ImapSyncTiming>;

/** One imapflow client and what the session knows about it. */
class SyncConnection {
  ready = false;
  /** Closed on purpose (its folders are unavailable): its close is not a failure. */
  retired = false;
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
      await this.client.logout().catch(() => this.client.close());
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
 * The session never reconnects: on any failure it emits `error` (classified, retryable or not), closes
 * every connection and emits `closed`. The supervisor decides when to build a new session, which
 * resumes from the store's state. Sessions are single-use, like imapflow clients.
 */
export class ImapSyncSession extends EventEmitter<ImapSyncSessionEvents> {
  private readonly connections = new Map<SyncConnectionRole, SyncConnection>();
  private readonly queue: FolderSyncQueue;
  private readonly abort = new AbortController();
  private readonly timing: Required<ImapSyncTiming>;
  private readonly folders: { inbox: string; sent: string | null; others: string[] };
  private readonly disabled = new Set<string>();
  private readonly rebuilding = new Set<string>();
  /** Folders whose sync has begun but not yet selected the folder: notifications for them are already covered. */
  private readonly selecting = new Set<string>();
  private readonly errorContext: SyncErrorContext;
  private phase: 'new' | 'starting' | 'running' | 'closing' | 'closed' = 'new';
  private state: SyncSessionState = 'SYNCING';
  private openCount = 0;
  private failure: ProviderError | undefined;
  private shutdownPromise: Promise<void> | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ImapSyncSessionOptions) {
    super();
    if (Boolean(options.password) === Boolean(options.accessToken)) {
      throw new TypeError('ImapSyncSession needs exactly one of password and accessToken');
    }
    this.timing = { ...DEFAULTS, ...definedOnly(options.timing ?? {}) };
    const inbox = normalizeFolder(options.folders.inbox);
    const sent = options.folders.sent === null ? null : normalizeFolder(options.folders.sent);
    const others = [...new Set((options.folders.others ?? []).map(normalizeFolder))].filter((f) => f !== inbox && f !== sent);
    this.folders = { inbox, sent: sent === inbox ? null : sent, others };
    this.errorContext = { host: options.host, security: options.security };
    this.queue = new FolderSyncQueue((folder) => this.syncOne(folder), this.timing.debounceMs);
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /** Open IMAP connections (connecting or connected). Never more than MAX_SYNC_CONNECTIONS. */
  get connectionsInUse(): number {
    return this.openCount;
  }

  /** SYNCING until every folder is caught up (and while one is rebuilt), then CONNECTED. */
  get syncState(): SyncSessionState {
    return this.state;
  }

  connectionInfo(): SyncConnectionInfo[] {
    return [...this.connections.values()].map((c) => ({
      role: c.role,
      folders: [...c.folders],
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
    if (this.phase !== 'new') throw new Error('An ImapSyncSession starts once; create a new one to reconnect.');
    if (this.options.signal?.aborted) return this.stop();
    this.phase = 'starting';
    this.setStatus('SYNCING', null);
    try {
      // INBOX alone first: a wrong password then costs one failed login, not three (servers and fail2ban count them).
      await this.open('inbox', [this.folders.inbox]);
      await Promise.all([
        this.folders.sent ? this.open('sent', [this.folders.sent]) : undefined,
        this.folders.others.length > 0 ? this.open('others', this.folders.others) : undefined,
      ]);
      await Promise.all(
        [...this.connections.values()].map(async (connection) => {
          for (const folder of connection.folders) await this.queue.now(folder);
        }),
      );
    } catch (err) {
      await this.fail(classifyConnectError(err, this.errorContext));
    }
    if (this.failure) throw this.failure;
    if (this.phase !== 'starting') return; // stopped meanwhile
    this.phase = 'running';
    if (this.rebuilding.size === 0) this.setStatus('CONNECTED', null);
    // Other folders are only polled. INBOX and Sent are polled too, as a safety net under IDLE: a change
    // the server announced while a connection was between commands is caught within one interval, and
    // an incremental sync of an unchanged folder fetches and writes nothing.
    const polled = [this.folders.inbox, ...(this.folders.sent ? [this.folders.sent] : []), ...this.folders.others];
    this.pollTimer = setInterval(() => polled.forEach((f) => this.changed(f)), this.timing.pollIntervalMs);
    this.pollTimer.unref();
  }

  /** Syncs every folder now; resolves when done (failures are reported through the events). */
  async checkNow(): Promise<void> {
    if (this.phase !== 'running') return;
    await Promise.all(this.allFolders().map((folder) => this.queue.now(folder)));
  }

  /** Closes every connection (LOGOUT); resolves when all are closed. Safe to call at any time, and twice. */
  stop(): Promise<void> {
    return (this.shutdownPromise ??= this.shutdown());
  }

  private allFolders(): string[] {
    const { inbox, sent, others } = this.folders;
    return [inbox, ...(sent ? [sent] : []), ...others].filter((f) => !this.disabled.has(f));
  }

  private async open(role: SyncConnectionRole, folders: string[]): Promise<void> {
    if (this.isClosing()) return;
    if (this.openCount >= MAX_SYNC_CONNECTIONS) throw new Error(`An account may use at most ${MAX_SYNC_CONNECTIONS} sync connections`);
    const client = new ImapFlow(this.clientOptions());
    const connection = new SyncConnection(role, folders, client, () => (this.openCount -= 1));
    this.openCount += 1;
    this.connections.set(role, connection);

    client.on('error', (err) => (connection.lastError = err));
    client.on('close', () => {
      connection.markClosed();
      // A failed connect() is reported by start(); a retired connection was closed on purpose.
      if (!connection.ready || connection.retired || this.isClosing()) return;
      const lastError = connection.lastError;
      void this.fail(lastError ? classifySyncError(lastError, this.errorContext) : connectionLost(client.byeReason));
    });
    client.on('exists', (event) => this.changed(event.path));
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

  private clientOptions(): ImapFlowOptions {
    const o = this.options;
    const trust: TlsTrust = { servername: o.host, ...(o.tls?.ca ? { ca: o.tls.ca } : {}), ...(o.tls?.allowLegacyTls ? { allowLegacyTls: true } : {}) };
    const tlsOptions: tls.ConnectionOptions = o.tls?.pinned ? pinnedTlsOptions(trust, o.tls.pinned.pem, o.tls.pinned.fingerprint) : verifiedTlsOptions(trust);
    return {
      host: o.address,
      port: o.port,
      secure: o.security === 'SSL_TLS',
      // The typed name is the TLS name; an IP literal gets no SNI (RFC 6066) and is checked as `host`.
      servername: isIP(o.host) ? undefined : o.host,
      doSTARTTLS: o.security === 'STARTTLS' ? true : undefined,
      auth: o.accessToken ? { user: o.username, accessToken: o.accessToken } : { user: o.username, pass: o.password ?? '' },
      tls: tlsOptions,
      logger: false,
      clientInfo: { name: 'Inlet' },
      qresync: o.qresync ?? true,
      // imapflow never re-issues IDLE unless maxIdleTime is set (servers log out after 30 min, RFC 2177).
      maxIdleTime: this.timing.maxIdleTimeMs,
      autoIdleDelay: this.timing.autoIdleDelayMs,
      connectionTimeout: this.timing.connectionTimeoutMs,
      greetingTimeout: this.timing.connectionTimeoutMs,
      socketTimeout: this.timing.socketTimeoutMs,
      // Bounded memory against a hostile or broken server (imapflow's defaults are 1-2 GB).
      maxLineLength: 4 * 1024 * 1024,
      maxLiteralSize: 16 * 1024 * 1024,
      maxResponseSize: 64 * 1024 * 1024,
    };
  }

  /** A notification (or the poll timer) says `path` changed. */
  private changed(path: string): void {
    if (this.isClosing() || this.phase === 'new' || this.disabled.has(path) || this.selecting.has(path)) return;
    if (this.connectionFor(path)) this.queue.request(path);
  }

  private connectionFor(folder: string): SyncConnection | undefined {
    for (const connection of this.connections.values()) {
      if (connection.folders.includes(folder) && !connection.retired) return connection;
    }
    return undefined;
  }

  /** Runs inside the queue: one sync of one folder. Never throws; failures become events. */
  private async syncOne(folder: string): Promise<void> {
    const connection = this.connectionFor(folder);
    if (this.isClosing() || this.disabled.has(folder) || !connection?.ready) return;
    // Our own SELECT re-announces EXISTS/HIGHESTMODSEQ; without this every change would cost a second, empty sync.
    this.selecting.add(folder);
    try {
      const summary = await syncFolder(connection.client, folder, this.options.store, {
        ...(this.options.initialWindowDays !== undefined ? { initialWindowDays: this.options.initialWindowDays } : {}),
        ...(this.options.since ? { since: this.options.since } : {}),
        ...(this.options.batchSize !== undefined ? { batchSize: this.options.batchSize } : {}),
        signal: this.abort.signal,
        onSelected: () => this.selecting.delete(folder),
        onProgress: (progress) => this.onProgress(progress),
      });
      if (this.isClosing()) return;
      this.notify('synced', summary);
      if (this.rebuilding.delete(folder) && this.rebuilding.size === 0 && this.phase === 'running') this.setStatus('CONNECTED', null);
    } catch (err) {
      this.rebuilding.delete(folder);
      if (this.isClosing()) return;
      if ((err as { mailboxMissing?: unknown }).mailboxMissing === true && folder !== this.folders.inbox) {
        await this.disableFolder(folder, connection, err);
        return;
      }
      await this.fail(this.folderError(err, folder));
    } finally {
      this.selecting.delete(folder);
    }
  }

  private folderError(err: unknown, folder: string): ProviderError {
    if ((err as { mailboxMissing?: unknown }).mailboxMissing === true) {
      return new ProviderError('FOLDER_UNAVAILABLE', { detail: `The server has no folder named "${folder}".`, cause: err });
    }
    return classifySyncError(err, this.errorContext);
  }

  private async disableFolder(folder: string, connection: SyncConnection, err: unknown): Promise<void> {
    this.disabled.add(folder);
    this.notify('folderError', { folder, error: this.folderError(err, folder) });
    // A connection left without folders would sit unselected (no IDLE) until the server drops it.
    if (connection.folders.every((f) => this.disabled.has(f))) {
      connection.retired = true;
      await connection.close(2_000);
    }
  }

  private onProgress(progress: FolderSyncProgress): void {
    if (this.isClosing()) return;
    if (progress.phase === 'rebuild') this.rebuilding.add(progress.folder);
    // Live incremental syncs stay CONNECTED; the first sync of the session and rebuilds report progress.
    if (this.phase === 'starting' || this.rebuilding.size > 0) {
      this.setStatus('SYNCING', { folder: progress.folder, done: progress.done, total: progress.total });
    }
  }

  private setStatus(state: SyncSessionState, progress: SyncProgress | null): void {
    this.state = state;
    this.notify('status', { state, progress });
  }

  /** Listeners run synchronously inside the session; one that throws must not break it. */
  private notify<K extends keyof ImapSyncSessionEvents>(event: K, ...args: ImapSyncSessionEvents[K]): void {
    try {
      (this.emit as (event: K, ...args: ImapSyncSessionEvents[K]) => boolean)(event, ...args);
    } catch {
      // a listener's failure is not the server's
    }
  }

  /** Reports the first failure, then closes everything. Later failures (the other connections dropping) are ignored. */
  private fail(error: ProviderError): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    this.failure = error;
    const done = (this.shutdownPromise = this.shutdown());
    // An 'error' event without a listener would throw out of the session; `closed` carries the error too.
    if (this.listenerCount('error') > 0) this.notify('error', error);
    return done;
  }

  private async shutdown(): Promise<void> {
    this.phase = 'closing';
    this.abort.abort(new Error('sync session closing'));
    this.queue.stop();
    clearInterval(this.pollTimer);
    await Promise.all([...this.connections.values()].map((c) => c.close(2_000)));
    this.phase = 'closed';
    this.notify('closed', { error: this.failure ?? null });
  }

  private isClosing(): boolean {
    return this.phase === 'closing' || this.phase === 'closed';
  }
}

/** INBOX is case-insensitive (RFC 3501) and imapflow reports it upper-case. */
function normalizeFolder(path: string): string {
  return path.toUpperCase() === 'INBOX' ? 'INBOX' : path;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
