import { createHash } from 'node:crypto';
import { failedRecipients, isAutoReply, isDeliveryReport } from '../core/automatic-mail.js';
import { SessionLifecycle } from '../core/session-lifecycle.js';
import { isProviderError, ProviderError } from '../core/provider-error.js';
import type { SyncProgress, SyncStatus } from '../imap/imap-sync-session.js';
import type {
  FolderRole,
  FolderState,
  FlagUpdate,
  QuarantinedMessage,
  SyncedMessage,
  SyncStore,
  Address,
} from '../core/sync-store.js';
import { createEwsClient, type EwsClient, type EwsSettings } from './ews-client.js';
import { classifyExchangeError, EwsCallError } from './ews-errors.js';
import { HttpFailure, type EwsHttpDeps } from './ews-http.js';
import { EwsNotificationStream } from './ews-notification-stream.js';
import {
  getItems,
  getMimeContents,
  syncFolderItems,
  type EwsItemMetadata,
  type EwsMailbox,
  type GetItemResult,
} from './ews-sync-operations.js';
import { listFoldersToSync, type FoldersToSync } from './inbox-rule-folders.js';
import { snippetOf } from '../core/snippet.js';

/**
 * Live sync of one Exchange mailbox over EWS, with the same event contract as ImapSyncSession.
 *
 * Folders: Inbox, Sent Items and every folder an enabled inbox rule moves or copies mail to
 * (listFoldersToSync), recomputed every few polls and on checkNow(), so a rule added later or a
 * folder deleted later is picked up without a new session.
 *
 * Each folder is read with SyncFolderItems (ids only, MaxChangesReturned per page, looping until
 * IncludesLastItemInRange), then GetItem for the metadata of created and updated items.
 *
 * How EWS maps onto the SyncStore contract (unchanged, so the gateway's store serves both):
 * - `path` (messages.folder, folder_state.path): the folder's display name ("Inbox", "Sent Items",
 *   "Invoices"); two synced folders with the same name get the end of their id appended.
 * - `FolderState.uidValidity`: the EWS folder id. Another id under the same path (the folder was
 *   deleted and re-created, or renamed onto the name) means a rebuild, as UIDVALIDITY does for IMAP.
 * - `FolderState.highestModseq`: the opaque SyncState of SyncFolderItems, saved with the rows of each page.
 * - `FolderState.uidNext`: unused (0).
 * - `SyncedMessage.uid`: 48 bits of SHA-256 of the EWS item id (see itemUid), so a Delete or
 *   ReadFlagChange, which names only the item id, finds its row without any extra table.
 * - flags: IsRead -> "\\Seen" (the only flag EWS reports in sync).
 *
 * Change detection: once caught up, the session subscribes to streaming notifications on its
 * folders (EwsNotificationStream) and syncs a folder shortly after the server reports a change in
 * it. A poll stays as the safety net: every 5 min while the stream is live, every 60 s without it
 * (a server without streaming, or while a lost subscription is being replaced). checkNow() syncs at
 * once. Like ImapSyncSession it never reconnects: on a failure it emits `error` (classified,
 * retryable or not) and `closed`; a lost subscription is not a failure, but the sync it triggers
 * reports one if the server is really gone.
 */

export interface EwsSyncTiming {
  /** How often every folder is checked for changes without streaming notifications. Default 60 s. */
  pollIntervalMs?: number;
  /** How often every folder is checked while streaming notifications are live. Default 5 × pollIntervalMs. */
  streamingPollIntervalMs?: number;
  /** Inbox rules (and so the folder list) are read again, at a poll, once this many poll intervals have passed. Default 5. */
  folderRefreshEvery?: number;
  /** Budget of one EWS request. Default 60 s. */
  requestTimeoutMs?: number;
  /** GetStreamingEvents' ConnectionTimeout, 1-30 minutes: the server ends each stream after it and it is reopened. Default 29. */
  streamTimeoutMinutes?: number;
  /** First pause before subscribing again after a lost subscription; doubles up to 5 min. Default 5 s. */
  resubscribeDelayMs?: number;
  /** Changes notified within this window are synced together. Default 200 ms. */
  notificationDebounceMs?: number;
}

export interface EwsSyncSessionOptions {
  /** The stored connection: EWS URL, auth scheme, user name form and password. */
  ews: EwsSettings;
  /** The mailbox's SMTP address (GetInboxRules asks for it). */
  mailbox: string;
  /** The SSRF guard and trust anchors: every request goes to the vetted address. */
  http: EwsHttpDeps;
  store: SyncStore;
  /** Aborting it stops the session (same as stop()). */
  signal?: AbortSignal;
  /** MaxChangesReturned per SyncFolderItems page (1-512). Default 100. */
  batchSize?: number;
  timing?: EwsSyncTiming;
}

export interface EwsSyncedFolder {
  id: string;
  path: string;
  role: 'inbox' | 'sent' | 'rule';
  totalCount: number | undefined;
}

export interface EwsFolderSyncSummary {
  folder: string;
  folderId: string;
  created: number;
  updated: number;
  deleted: number;
  flagChanges: number;
  quarantined: number;
  /** The folder was read from the start (first sync, new folder id, or an invalid SyncState). */
  rebuilt: boolean;
}

export interface EwsSyncSessionEvents {
  status: [status: SyncStatus];
  synced: [summary: EwsFolderSyncSummary];
  /** A rule folder cannot be read (deleted, no access): it is skipped, the rest keeps syncing. */
  folderError: [event: { folder: string; error: ProviderError }];
  /** The folder list changed (first listing, a rule added or removed, a folder gone). */
  folders: [folders: EwsSyncedFolder[]];
  error: [error: ProviderError];
  closed: [event: { error: ProviderError | null }];
}

const DEFAULTS = {
  pollIntervalMs: 60_000,
  folderRefreshEvery: 5,
  requestTimeoutMs: 60_000,
  streamTimeoutMinutes: 29,
  resubscribeDelayMs: 5_000,
  notificationDebounceMs: 200,
} satisfies Omit<Required<EwsSyncTiming>, 'streamingPollIntervalMs'>;
/** The streaming safety-net poll is this many times the plain one unless set. */
const STREAMING_POLL_FACTOR = 5;
const MAX_RESUBSCRIBE_DELAY_MS = 5 * 60_000;
const DEFAULT_BATCH = 100;
/** Items per GetItem request. */
const GET_ITEM_CHUNK = 50;
const MAX_REFERENCES = 100;
const FOLDER_GONE = new Set([
  'ErrorItemNotFound',
  'ErrorFolderNotFound',
  'ErrorInvalidIdMalformed',
  'ErrorAccessDenied',
]);

/** A row uid for an EWS item id: 48 bits of its SHA-256 (collisions within one folder are negligible). */
export function itemUid(itemId: string): number {
  return createHash('sha256').update(itemId, 'utf8').digest().readUIntBE(0, 6) || 1;
}

export class EwsSyncSession extends SessionLifecycle<EwsSyncSessionEvents> {
  private readonly client: EwsClient;
  private readonly timing: Required<EwsSyncTiming>;
  private readonly notifications: EwsNotificationStream;
  private readonly rebuilding = new Set<string>();
  private readonly reportedUnavailable = new Set<string>();
  private folders: EwsSyncedFolder[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private lastFolderRefresh = 0;
  /** Folders with notified changes, synced together when the debounce window closes. */
  private notified = new Set<string>();
  private debounceTimer: NodeJS.Timeout | undefined;
  /** Cycles run one at a time; a cycle asked for while one is queued joins it. */
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private queuedRefresh = false;
  /** The folders the queued cycle syncs: all, or those with notified changes. */
  private queuedFolders: Set<string> | 'all' = new Set();
  private timeoutSignal: AbortSignal | undefined;

  constructor(private readonly options: EwsSyncSessionOptions) {
    super();
    this.client = createEwsClient(options.ews, options.http);
    const timing = { ...DEFAULTS, ...definedOnly(options.timing ?? {}) };
    this.timing = {
      streamingPollIntervalMs: timing.pollIntervalMs * STREAMING_POLL_FACTOR,
      ...timing,
    };
    this.notifications = new EwsNotificationStream({
      client: this.client,
      connectionTimeoutMinutes: this.timing.streamTimeoutMinutes,
      requestTimeoutMs: this.timing.requestTimeoutMs,
      retryMs: this.timing.resubscribeDelayMs,
      maxRetryMs: MAX_RESUBSCRIBE_DELAY_MS,
    });
    this.notifications.on('changed', (folderIds) => this.onNotified(folderIds));
    // After a new subscription, and after losing one, sync everything: changes in between were not
    // notified, and if the server is really gone the sync reports it.
    this.notifications.on('subscribed', () => void this.schedule(false));
    this.notifications.on('lost', (err) => this.onStreamLost(err));
    this.notifications.on('state', () => this.rearmPoll());
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /**
   * EWS is request/response over HTTPS without kept-alive sockets: one request at a time while
   * running, plus the notification stream's long-lived request, which is counted as that one
   * connection since sync requests are short.
   */
  get connectionsInUse(): number {
    return this.phase === 'starting' || this.phase === 'running' ? 1 : 0;
  }

  /** The folders being synced now. */
  syncedFolders(): EwsSyncedFolder[] {
    return this.folders.map((f) => ({ ...f }));
  }

  /**
   * Lists the folders, syncs each one and starts polling. Resolves once every folder is caught up
   * (status CONNECTED); on failure rejects with the classified ProviderError after emitting `error`
   * and `closed`.
   */
  async start(): Promise<void> {
    if (this.phase !== 'new')
      throw new Error('An EwsSyncSession starts once; create a new one to reconnect.');
    if (this.options.signal?.aborted) return this.stop();
    this.phase = 'starting';
    this.setStatus('SYNCING', null);
    const first = this.cycle(true).catch((err: unknown) => this.failFromCycle(err));
    this.chain = first;
    await first;
    if (this.failure) {
      await this.closed;
      throw this.failure;
    }
    if (this.phase !== 'starting') return; // stopped meanwhile
    this.phase = 'running';
    if (this.rebuilding.size === 0) this.setStatus('CONNECTED', null);
    this.armPoll();
    this.watchFolders();
  }

  /** Syncs every folder now, after reading the inbox rules again; resolves when done (failures are events). */
  checkNow(): Promise<void> {
    if (this.phase !== 'running') return Promise.resolve();
    return this.schedule(true);
  }

  /** The safety-net poll: long while notifications stream, short without them. */
  private armPoll(): void {
    if (this.isClosing()) return;
    const interval =
      this.notifications.state === 'live'
        ? this.timing.streamingPollIntervalMs
        : this.timing.pollIntervalMs;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      const refresh =
        Date.now() - this.lastFolderRefresh >=
        this.timing.pollIntervalMs * this.timing.folderRefreshEvery;
      void this.schedule(refresh).then(() => this.armPoll());
    }, interval);
    this.pollTimer.unref();
  }

  /** Streaming came up or went down: the waiting poll takes the other interval (a running one re-arms itself). */
  private rearmPoll(): void {
    if (this.pollTimer === undefined) return;
    clearTimeout(this.pollTimer);
    this.armPoll();
  }

  /** Notified changes: the folders are synced once the debounce window closes, so a burst costs one sync. */
  private onNotified(folderIds: Set<string>): void {
    if (this.phase !== 'running') return;
    const known = this.folders.filter((f) => folderIds.has(f.id));
    // Ids in another form than GetFolder's: sync everything rather than miss the change.
    for (const folder of known.length > 0 ? known : this.folders) this.notified.add(folder.id);
    if (this.debounceTimer) return;
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      const due = this.notified;
      this.notified = new Set();
      void this.schedule(false, due);
    }, this.timing.notificationDebounceMs);
    this.debounceTimer.unref();
  }

  private onStreamLost(err: unknown): void {
    if (this.phase !== 'running') return;
    // A refused sign-in is final: a sync would only add a failed logon towards the account's lockout.
    if (err instanceof EwsCallError && err.kind === 'unauthorized')
      void this.fail(this.classify(err));
    else void this.schedule(false);
  }

  /** Subscribes to the current folders; the stream subscribes again only when the set changed. */
  private watchFolders(): void {
    if (this.phase === 'running') this.notifications.watch(this.folders.map((f) => f.id));
  }

  /** Queues a cycle (or joins the queued one): every folder, or only `folderIds`. */
  private schedule(refresh: boolean, folderIds?: ReadonlySet<string>): Promise<void> {
    this.queuedRefresh ||= refresh;
    if (!folderIds) this.queuedFolders = 'all';
    else if (this.queuedFolders !== 'all') for (const id of folderIds) this.queuedFolders.add(id);
    if (this.queued) return this.queued;
    const run = this.chain.then(async () => {
      this.queued = undefined;
      const refreshNow = this.queuedRefresh;
      const only = this.queuedFolders;
      this.queuedRefresh = false;
      this.queuedFolders = new Set();
      if (this.isClosing()) return;
      await this.cycle(refreshNow, only === 'all' ? undefined : only).catch((err: unknown) =>
        this.failFromCycle(err),
      );
      this.watchFolders();
    });
    this.queued = run;
    this.chain = run;
    return run;
  }

  /** One pass: the folder list when asked (or not known yet), then every folder or those in `only`. Throws on failure. */
  private async cycle(refresh: boolean, only?: ReadonlySet<string>): Promise<void> {
    if (refresh || this.folders.length === 0) await this.refreshFolders();
    for (const folder of [...this.folders]) {
      if (this.isClosing()) return;
      if (only && !only.has(folder.id)) continue;
      await this.syncFolder(folder);
    }
  }

  private async refreshFolders(): Promise<void> {
    this.lastFolderRefresh = Date.now();
    const found = await listFoldersToSync(this.client, this.options.mailbox, this.requestSignal());
    const next = folderList(found);
    for (const gone of found.unavailable) {
      const key = 'id' in gone.ref ? gone.ref.id : gone.ref.distinguished;
      if (this.reportedUnavailable.has(key)) continue;
      this.reportedUnavailable.add(key);
      this.notify('folderError', {
        folder: key,
        error: new ProviderError('FOLDER_UNAVAILABLE', {
          detail: `The folder that the rule "${gone.rules.join('", "')}" files mail into cannot be opened (${gone.responseCode}).`,
        }),
      });
    }
    const changed =
      next.length !== this.folders.length ||
      next.some((f, i) => f.id !== this.folders[i]?.id || f.path !== this.folders[i]?.path);
    this.folders = next;
    if (changed) this.notify('folders', this.syncedFolders());
  }

  /** Every page of changes since the stored SyncState; each page is one store batch with its new state. */
  private async syncFolder(folder: EwsSyncedFolder): Promise<void> {
    const { store } = this.options;
    const saved = await store.getFolderState(folder.path);
    let syncState = saved && saved.uidValidity === folder.id ? saved.highestModseq : null;
    let rebuild = syncState === null;
    let restarted = false;
    const summary: EwsFolderSyncSummary = {
      folder: folder.path,
      folderId: folder.id,
      created: 0,
      updated: 0,
      deleted: 0,
      flagChanges: 0,
      quarantined: 0,
      rebuilt: rebuild,
    };
    let done = 0;
    if (rebuild && this.phase === 'running') this.rebuilding.add(folder.id);
    try {
      for (;;) {
        if (this.isClosing()) return;
        let page;
        try {
          page = await syncFolderItems(
            this.client,
            folder.id,
            syncState,
            this.options.batchSize ?? DEFAULT_BATCH,
            this.requestSignal(),
          );
        } catch (err) {
          const code =
            err instanceof EwsCallError && err.kind === 'response' ? err.responseCode : undefined;
          if (code === 'ErrorInvalidSyncStateData' && syncState !== null && !restarted) {
            // The server no longer knows our state: read the folder again from the start.
            restarted = true;
            syncState = null;
            rebuild = summary.rebuilt = true;
            if (this.phase === 'running') this.rebuilding.add(folder.id);
            continue;
          }
          if (code && FOLDER_GONE.has(code) && folder.role === 'rule')
            return this.dropFolder(folder, err as EwsCallError);
          throw err;
        }

        // The last change of each item in the page wins.
        const last = new Map<string, (typeof page.changes)[number]>();
        for (const change of page.changes) {
          last.delete(change.itemId);
          last.set(change.itemId, change);
        }
        const toFetch: string[] = [];
        const expunged: number[] = [];
        const flagUpdates: FlagUpdate[] = [];
        for (const change of last.values()) {
          if (change.kind === 'delete') expunged.push(itemUid(change.itemId));
          else if (change.kind === 'read-flag')
            flagUpdates.push({
              uid: itemUid(change.itemId),
              flags: change.isRead ? ['\\Seen'] : [],
            });
          else {
            toFetch.push(change.itemId);
            if (change.kind === 'create') summary.created += 1;
            else summary.updated += 1;
          }
        }
        const { upserts, quarantined } = await this.describe(folder.path, toFetch);
        summary.deleted += expunged.length;
        summary.flagChanges += flagUpdates.length;
        summary.quarantined += quarantined.length;
        const state: FolderState = {
          path: folder.path,
          uidValidity: folder.id,
          uidNext: 0,
          highestModseq: page.syncState,
        };
        if (rebuild || last.size > 0 || page.syncState !== syncState) {
          await store.saveBatch({
            folder: folder.path,
            role: FOLDER_ROLES[folder.role],
            state,
            upserts,
            flagUpdates,
            expunged,
            quarantined,
            ...(rebuild ? { rebuild: true } : {}),
          });
        }
        rebuild = false;
        syncState = page.syncState;
        done += last.size;
        this.onProgress({
          folder: folder.path,
          done,
          total: Math.max(done, folder.totalCount ?? 0),
        });
        if (page.includesLastItemInRange) break;
      }
      if (this.isClosing()) return;
      this.notify('synced', summary);
    } finally {
      if (
        this.rebuilding.delete(folder.id) &&
        this.rebuilding.size === 0 &&
        this.phase === 'running'
      )
        this.setStatus('CONNECTED', null);
    }
  }

  /** GetItem in chunks; a chunk too large with bodies is read again without them (no snippet). */
  private async describe(
    path: string,
    itemIds: string[],
  ): Promise<{ upserts: SyncedMessage[]; quarantined: QuarantinedMessage[] }> {
    const upserts: SyncedMessage[] = [];
    const quarantined: QuarantinedMessage[] = [];
    for (let i = 0; i < itemIds.length; i += GET_ITEM_CHUNK) {
      const chunk = itemIds.slice(i, i + GET_ITEM_CHUNK);
      let results: GetItemResult[];
      try {
        results = await getItems(this.client, chunk, true, this.requestSignal());
      } catch (err) {
        if (!(err instanceof HttpFailure && err.kind === 'too-large')) throw err;
        results = await getItems(this.client, chunk, false, this.requestSignal());
      }
      const reports = await this.deliveryReportBodies(results);
      for (const result of results) {
        // Gone since SyncFolderItems listed it: the next sync reports the Delete.
        if (!result.ok && result.responseCode === 'ErrorItemNotFound') continue;
        if (!result.ok)
          quarantined.push({
            folder: path,
            uid: itemUid(result.itemId),
            reason: `GetItem answered ${result.responseCode}: ${result.message}`,
          });
        else upserts.push(toSyncedMessage(path, result.item, reports.get(result.item.itemId)));
      }
    }
    return { upserts, quarantined };
  }

  /**
   * The whole message of each delivery report among the items (its failed recipients are in a
   * message/delivery-status part, which the text body does not carry). One item at a time: a report
   * too large to read is kept as an ordinary message.
   */
  private async deliveryReportBodies(results: GetItemResult[]): Promise<Map<string, Buffer>> {
    const bodies = new Map<string, Buffer>();
    for (const result of results) {
      if (!result.ok || !isDeliveryReport(result.item.headers)) continue;
      try {
        const mime = await getMimeContents(this.client, [result.item.itemId], this.requestSignal());
        for (const [id, content] of mime) bodies.set(id, content);
      } catch (err) {
        if (!(err instanceof HttpFailure && err.kind === 'too-large')) throw err;
      }
    }
    return bodies;
  }

  private dropFolder(folder: EwsSyncedFolder, err: EwsCallError): void {
    this.folders = this.folders.filter((f) => f.id !== folder.id);
    this.notify('folderError', {
      folder: folder.path,
      error: new ProviderError('FOLDER_UNAVAILABLE', {
        detail: `The folder "${folder.path}" cannot be read: ${err.describe()}`,
        cause: err,
      }),
    });
    this.notify('folders', this.syncedFolders());
  }

  private requestSignal(): AbortSignal {
    this.timeoutSignal = AbortSignal.timeout(this.timing.requestTimeoutMs);
    return AbortSignal.any([this.abort.signal, this.timeoutSignal]);
  }

  private classify(err: unknown): ProviderError {
    if (isProviderError(err)) return err;
    if (this.timeoutSignal?.aborted && !this.abort.signal.aborted) {
      return new ProviderError('CONNECTION_TIMEOUT', {
        step: 'sync',
        field: 'exchangeUrl',
        detail: `Exchange did not answer within ${Math.round(this.timing.requestTimeoutMs / 1000)} s.`,
        cause: err,
      });
    }
    return classifyExchangeError(err, 'sync');
  }

  private onProgress(progress: SyncProgress): void {
    if (this.isClosing()) return;
    if (this.phase === 'starting' || this.rebuilding.size > 0) this.setStatus('SYNCING', progress);
  }

  /** Inside the cycle chain: closing (release()) waits for the chain, so it must not be awaited here. */
  private failFromCycle(err: unknown): void {
    if (!this.isClosing()) void this.fail(this.classify(err));
  }

  /** Stops polling, the notification stream and any request in flight. */
  protected async release(): Promise<void> {
    clearTimeout(this.pollTimer);
    clearTimeout(this.debounceTimer);
    // The running cycle ends at its next request (aborted); its failure is not reported.
    await Promise.all([this.chain.catch(() => undefined), this.notifications.stop()]);
  }
}

const FOLDER_ROLES: Record<EwsSyncedFolder['role'], FolderRole> = {
  inbox: 'INBOX',
  sent: 'SENT',
  rule: 'OTHER',
};

/** Inbox, Sent Items, then the rule folders, each with a path unique among them. */
function folderList(found: FoldersToSync): EwsSyncedFolder[] {
  const list: EwsSyncedFolder[] = [
    {
      id: found.inbox.id,
      path: found.inbox.displayName || 'Inbox',
      role: 'inbox',
      totalCount: found.inbox.totalCount,
    },
    {
      id: found.sent.id,
      path: found.sent.displayName || 'Sent Items',
      role: 'sent',
      totalCount: found.sent.totalCount,
    },
    ...found.ruleFolders.map((f): EwsSyncedFolder => ({
      id: f.id,
      path: f.displayName || f.id,
      role: 'rule',
      totalCount: f.totalCount,
    })),
  ];
  const used = new Set<string>();
  for (const folder of list) {
    if (used.has(folder.path.toLowerCase()))
      folder.path = `${folder.path} (${folder.id.slice(-8)})`;
    used.add(folder.path.toLowerCase());
  }
  return list;
}

/** EWS item metadata as the row sync stores. */
export function toSyncedMessage(
  folder: string,
  item: EwsItemMetadata,
  mime?: Buffer,
): SyncedMessage {
  const date = item.dateTimeSent ? new Date(item.dateTimeSent) : undefined;
  return {
    folder,
    uid: itemUid(item.itemId),
    messageId: messageIds(item.internetMessageId ?? '')[0] ?? null,
    inReplyTo: messageIds(item.inReplyTo ?? '')[0] ?? null,
    references: messageIds(item.references ?? '').slice(0, MAX_REFERENCES),
    from: item.from ? address(item.from) : null,
    to: item.to.map(address),
    cc: item.cc.map(address),
    subject: item.subject,
    date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
    flags: item.isRead ? ['\\Seen'] : [],
    snippet: snippetOf(item.body),
    autoReply: isAutoReply(item.headers),
    failedRecipients: mime ? failedRecipients(item.headers, bodyOf(mime)) : [],
  };
}

/** The body of a whole message: what follows the first empty line. */
function bodyOf(mime: Buffer): Buffer {
  const text = mime.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  return end ? mime.subarray(end.index + end[0].length) : Buffer.alloc(0);
}

function address(mailbox: EwsMailbox): Address {
  return { name: mailbox.name, address: mailbox.address };
}

/** Bracketed Message-IDs in a header value, in order; a lone id without brackets gets them. */
function messageIds(value: string): string[] {
  const bracketed = value.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  const bare = value.trim();
  return bare && !/\s/.test(bare) && bare.includes('@') ? [`<${bare}>`] : [];
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
