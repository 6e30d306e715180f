import type {
  ExpungeEvent,
  FetchMessageObject,
  ImapFlow,
  MailboxObject,
  SearchObject,
} from 'imapflow';
import { flagList, prepareMessage, type BodyReader } from './message-metadata.js';
import type {
  FlagUpdate,
  FolderRole,
  FolderState,
  KnownMessage,
  QuarantinedMessage,
  SyncedMessage,
  SyncStore,
} from '../core/sync-store.js';
import { chunk, lastOf, parseSequenceSet, toSequenceSet } from './uid-set.js';
import type { UnreadableMessageGuard } from './unreadable-message-guard.js';
import { describeAll, fetchAhead, fetchRows, isRefusal, type FetchedBatch } from './batch-fetch.js';

export interface FolderSyncOptions {
  /** What the folder is to the account: every batch says so to the store. */
  role?: FolderRole;
  /** A folder seen for the first time (or after a UIDVALIDITY change) is read from this many days back. Default 30. */
  initialWindowDays?: number;
  /** Overrides the window start ("resync from date"). */
  since?: Date;
  /** Messages fetched and saved per batch. Default 250. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: FolderSyncProgress) => void;
  /**
   * Called once the folder is selected and the snapshot taken: any change the server announced before
   * this moment (EXISTS, FETCH, VANISHED, HIGHESTMODSEQ while waiting for the lock or during SELECT) is
   * already part of this sync.
   */
  onSelected?: () => void;
  /**
   * A change notification (EXISTS, FETCH, VANISHED) caused this sync: the folder is known to have
   * changed, so the no-change check of a poll is skipped. Without it (a poll) an unchanged folder costs
   * NOOP when selected, STATUS when another folder is, and nothing is written.
   */
  notified?: boolean;
  /**
   * With `notified`: how many new messages the server announced (EXISTS growth) since the folder's
   * last sync began. When the folder is already selected and at most one batch is new, they are
   * fetched (UID FETCH n:*) and stored before anything else is asked, so new mail reaches the store
   * one command after IDLE ends; the rest of the sync (flags, expunges, HIGHESTMODSEQ) follows.
   */
  newMessages?: number;
  /**
   * A poll may check this folder with STATUS while the connection keeps another folder selected (and
   * IDLEs there); without it the folder is selected, as the connection's own folder must be.
   */
  keepSelection?: boolean;
  /**
   * Called when the folder has stored state whose UIDVALIDITY differs from the server's (not for a
   * folder seen for the first time), before anything is fetched or written. Throwing refuses the
   * rebuild: the error propagates out of syncFolder and the store is left as it was.
   */
  onUidValidityChange?: (change: UidValidityChange) => void;
  /** Without CONDSTORE, the flags of at most this many of the newest stored messages are re-read per sync. Default 5000. */
  maxFlagScan?: number;
  /** Reads the fetched bodies (snippet, References): a worker pool's (body-reader-pool.ts). Default: in thread. */
  readBodies?: BodyReader;
  /** Messages whose fetch keeps ending the connection, quarantined instead (kept per account across sessions). */
  unreadableMessages?: UnreadableMessageGuard;
  now?: () => Date;
}

export interface UidValidityChange {
  folder: string;
  /** The UIDVALIDITY the store's rows belong to. */
  stored: string;
  /** The UIDVALIDITY the server reports now. */
  current: string;
}

export interface FolderSyncProgress {
  folder: string;
  /** 'rebuild': the folder is read from scratch (first sync, UIDVALIDITY changed). */
  phase: 'rebuild' | 'incremental';
  done: number;
  total: number;
}

/**
 * How changes were found. 'qresync': flags by CHANGEDSINCE, expunges by VANISHED; 'condstore': flags by
 * CHANGEDSINCE, expunges by comparing UID sets; 'full-scan': flags re-read and UID sets compared.
 */
export type SyncStrategy = 'rebuild' | 'qresync' | 'condstore' | 'full-scan';

export interface FolderSyncSummary {
  folder: string;
  /** New messages stored. */
  fetched: number;
  /** Flag changes found. */
  updated: number;
  expunged: number;
  quarantined: number;
  rebuilt: boolean;
  strategy: SyncStrategy;
  /** The folder state the store now holds. */
  state: FolderState;
}

export const DEFAULT_INITIAL_WINDOW_DAYS = 30;
export const DEFAULT_BATCH_SIZE = 250;
export const DEFAULT_MAX_FLAG_SCAN = 5000;
/** Bound on UIDs expanded from one server answer. */
const MAX_SEARCH_RESULTS = 5_000_000;
const DAY_MS = 86_400_000;

/** Values read right after SELECT: everything the sync finds is at least as new as this. */
interface Snapshot {
  uidValidity: string;
  uidNext: number;
  /** null when the folder has no mod-sequences (no CONDSTORE, or NOMODSEQ). */
  highestModseq: bigint | null;
  qresync: boolean;
}

interface Run {
  client: ImapFlow;
  path: string;
  store: SyncStore;
  snapshot: Snapshot;
  batchSize: number;
  options: FolderSyncOptions;
}

/**
 * Brings one folder of the store up to date with the server: exact, incremental, resumable.
 *
 * - No stored state, or another UIDVALIDITY: rebuild (a changed UIDVALIDITY is first announced to
 *   `onUidValidityChange`, which may refuse it). UID SEARCH SINCE <window start>, metadata fetched
 *   in batches; the first batch says `rebuild` so the store drops the folder's old rows in the same
 *   transaction (no duplicates, no mix of old and new UIDs).
 * - Otherwise, new messages are the UIDs from the stored UIDNEXT on (UID SEARCH UID n:*).
 * - Flag changes: UID FETCH 1:n-1 (FLAGS) (CHANGEDSINCE <stored HIGHESTMODSEQ>) when the folder has
 *   mod-sequences; else the flags of the newest `maxFlagScan` stored messages are re-read and compared.
 * - Expunges: with QRESYNC enabled the same FETCH carries VANISHED, so the server lists the UIDs
 *   expunged since that modseq (no UID list transfer). Without QRESYNC, a UID SEARCH over the stored
 *   UID range is compared with the stored UIDs. QRESYNC is preferred because it costs nothing extra
 *   when nothing was expunged; the comparison is the portable fallback.
 * - When HIGHESTMODSEQ and UIDNEXT are unchanged, nothing else is sent and nothing is written.
 *
 * State only advances with the data: every batch carries the state that is true once it is stored,
 * so a sync cut off halfway resumes where it stopped. The stored HIGHESTMODSEQ is the one read at
 * SELECT, before any fetch, so a change made during the sync is seen again next time, never lost.
 * Every body section is fetched with PEEK: syncing never marks a message \Seen.
 */
export async function syncFolder(
  client: ImapFlow,
  path: string,
  store: SyncStore,
  options: FolderSyncOptions = {},
): Promise<FolderSyncSummary> {
  options.signal?.throwIfAborted();
  const before = client.mailbox;
  // From the start, before any await: a notification for the folder from now on means it changed.
  const heard = options.notified ? null : listenForChanges(client, path);
  try {
    let state = await store.getFolderState(path);
    // A poll of a folder the connection does not have selected (a third connection's other folders, a
    // shed connection's guests): STATUS first, and nothing else when it shows no change. The
    // connection stays on the folder it has selected (and IDLEs there); one with none selects.
    if (heard && options.keepSelection && state && client.mailbox && client.mailbox.path !== path) {
      const status = await statusOf(client, path, null);
      if (status && unchanged(state, status)) {
        options.onSelected?.();
        return emptySummary(path, strategyOf(status), state);
      }
    }
    const lock = await client.getMailboxLock(path, { description: 'inlet sync' });
    try {
      // A folder that is already selected (the IDLE connection) is not selected again. A poll (no
      // notification) sends NOOP, which makes the server report whatever changed in the folder
      // (EXISTS, EXPUNGE/VANISHED, FETCH FLAGS): nothing reported means nothing changed since the last
      // sync, which left the store equal to this view, and the poll ends there. Otherwise NOOP brings
      // the session's view up to date, then STATUS, which on the selected folder describes exactly
      // that view (Dovecot), gives the snapshot (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ); unchanged: the
      // sync ends there. A folder not yet selected, or whose UIDVALIDITY changed, is SELECTed.
      const selected = client.mailbox && client.mailbox === before ? client.mailbox : null;
      const early =
        selected && state && options.newMessages
          ? await storeAnnouncedMail(client, path, store, options, state, selected)
          : undefined;
      if (early) state = early.state;
      // The early fetch was a command: the server has just reported whatever else changed, as to NOOP.
      if (selected && !early) await client.noop();
      if (selected && heard && state && heard.quiet(selected) && matches(state, selected)) {
        options.onSelected?.();
        return emptySummary(path, strategyOf(snapshotOf(client, selected)), state);
      }
      let snapshot = selected ? await statusOf(client, path, selected) : null;
      if (snapshot && state && unchanged(state, snapshot)) {
        options.onSelected?.();
        return withEarly(emptySummary(path, strategyOf(snapshot), state), early);
      }
      if (!snapshot) {
        const mailbox =
          client.mailbox && client.mailbox !== before
            ? client.mailbox
            : await client.mailboxOpen(path);
        snapshot = snapshotOf(client, mailbox);
      }
      return withEarly(
        await syncSelected(client, path, store, options, state, snapshot, early?.flags),
        early,
      );
    } finally {
      lock.release();
    }
  } finally {
    heard?.stop();
  }
}

async function syncSelected(
  client: ImapFlow,
  path: string,
  store: SyncStore,
  options: FolderSyncOptions,
  state: FolderState | null,
  snapshot: Snapshot,
  justStored?: ReadonlyMap<number, string>,
): Promise<FolderSyncSummary> {
  options.onSelected?.();
  const run: Run = {
    client,
    path,
    store: withRole(store, options.role),
    snapshot,
    batchSize: batchSizeOf(options),
    options,
  };
  if (state && state.uidValidity === run.snapshot.uidValidity)
    return await incremental(run, state, justStored);
  if (state)
    options.onUidValidityChange?.({
      folder: path,
      stored: state.uidValidity,
      current: run.snapshot.uidValidity,
    });
  return await rebuild(run);
}

/** Every batch written says what the folder is to the account. */
function withRole(store: SyncStore, role: FolderRole | undefined): SyncStore {
  return role
    ? {
        getFolderState: (p) => store.getFolderState(p),
        knownMessages: (p) => store.knownMessages(p),
        saveBatch: (batch) => store.saveBatch({ ...batch, role }),
      }
    : store;
}

function batchSizeOf(options: FolderSyncOptions): number {
  return Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
}

interface EarlyMail {
  /** The stored state after the early batch. */
  state: FolderState;
  /** The flags stored with each message of the batch (joined). */
  flags: Map<number, string>;
  fetched: number;
  quarantined: number;
}

/**
 * New mail the server announced on the selected folder, stored before the rest of the sync: UID FETCH
 * <stored UIDNEXT>:* and one batch, without NOOP, STATUS or the CHANGEDSINCE fetch first (each a round
 * trip before the message reaches the store and its subscribers). The batch's state moves UIDNEXT past
 * what was fetched and keeps the stored HIGHESTMODSEQ: everything changed since it is looked at again by
 * the rest of the sync (and by any later sync, should this one be cut off), so nothing is missed.
 * Undefined when there is nothing to do early (another UIDVALIDITY, more than a batch announced, the
 * server refused the FETCH, nothing new after all): the sync then runs as usual.
 */
async function storeAnnouncedMail(
  client: ImapFlow,
  path: string,
  store: SyncStore,
  options: FolderSyncOptions,
  state: FolderState,
  selected: MailboxObject,
): Promise<EarlyMail | undefined> {
  const batchSize = batchSizeOf(options);
  if (state.uidValidity !== selected.uidValidity.toString()) return undefined;
  if (!options.notified || !options.newMessages || options.newMessages > batchSize)
    return undefined;
  const run: Run = {
    client,
    path,
    store: withRole(store, options.role),
    // Not read by fetchNewest; the snapshot of this sync is taken after the early batch.
    snapshot: {
      uidValidity: state.uidValidity,
      uidNext: state.uidNext,
      highestModseq: null,
      qresync: false,
    },
    batchSize,
    options,
  };
  const fetched = await fetchNewest(run, state.uidNext);
  if (!fetched || fetched.uids.length === 0) return undefined;
  const next: FolderState = {
    ...state,
    uidNext: Math.max(state.uidNext, lastOf(fetched.uids) + 1),
  };
  report(run, 'incremental', 0, fetched.uids.length);
  await run.store.saveBatch({
    folder: path,
    state: next,
    upserts: fetched.batch.upserts,
    flagUpdates: [],
    expunged: [],
    quarantined: fetched.batch.quarantined,
  });
  report(run, 'incremental', fetched.uids.length, fetched.uids.length);
  return {
    state: next,
    flags: new Map(fetched.batch.upserts.map((m) => [m.uid, m.flags.join(' ')])),
    fetched: fetched.batch.upserts.length,
    quarantined: fetched.batch.quarantined.length,
  };
}

/** The sync's summary with the early batch's messages counted in. */
function withEarly(summary: FolderSyncSummary, early: EarlyMail | undefined): FolderSyncSummary {
  if (!early) return summary;
  return {
    ...summary,
    fetched: summary.fetched + early.fetched,
    quarantined: summary.quarantined + early.quarantined,
  };
}

function snapshotOf(client: ImapFlow, mailbox: MailboxObject): Snapshot {
  const modseqs =
    client.enabled.has('CONDSTORE') &&
    !mailbox.noModseq &&
    typeof mailbox.highestModseq === 'bigint';
  return {
    uidValidity: mailbox.uidValidity.toString(),
    uidNext: mailbox.uidNext,
    highestModseq: modseqs ? (mailbox.highestModseq ?? null) : null,
    qresync: modseqs && client.enabled.has('QRESYNC'),
  };
}

/**
 * STATUS as a snapshot: of the selected folder (`selected`, after a NOOP) or of one that is not
 * selected (null). Null when the folder must be selected (the selected one's UIDVALIDITY changed, the
 * server refused the STATUS or has no such folder: SELECT then reports it properly).
 */
async function statusOf(
  client: ImapFlow,
  path: string,
  selected: MailboxObject | null,
): Promise<Snapshot | null> {
  if (selected && client.mailbox !== selected) return null;
  const status = await client
    .status(path, { uidValidity: true, uidNext: true, highestModseq: true })
    .catch((err: unknown) => {
      if (selected || !isRefusal(err)) throw err;
      return null;
    });
  if (!status || status.uidValidity === undefined || status.uidNext === undefined) return null;
  if (selected && status.uidValidity !== selected.uidValidity) return null;
  const modseqs =
    client.enabled.has('CONDSTORE') &&
    !selected?.noModseq &&
    typeof status.highestModseq === 'bigint' &&
    status.highestModseq > 0n;
  return {
    uidValidity: status.uidValidity.toString(),
    uidNext: status.uidNext,
    highestModseq: modseqs ? (status.highestModseq ?? null) : null,
    qresync: modseqs && client.enabled.has('QRESYNC'),
  };
}

/**
 * Notices any change notification for `path` (EXISTS, EXPUNGE/VANISHED, FETCH FLAGS, a new
 * HIGHESTMODSEQ) from now on. `quiet(mailbox)`: none came and the selected view still counts as many
 * messages as when listening began.
 */
function listenForChanges(
  client: ImapFlow,
  path: string,
): { quiet(mailbox: MailboxObject): boolean; stop(): void } {
  const events = ['exists', 'expunge', 'flags', 'highestModseq'] as const;
  const view = client.mailbox && client.mailbox.path === path ? client.mailbox : null;
  const exists = view?.exists;
  let heard = false;
  const onEvent = (event: { path: string }) => {
    if (event.path === path) heard = true;
  };
  for (const name of events) client.on(name, onEvent);
  return {
    quiet: (mailbox) => !heard && mailbox === view && mailbox.exists === exists,
    stop: () => {
      for (const name of events) client.off(name, onEvent);
    },
  };
}

/** The stored state is the one this selected view was synced to (nothing newer in the view). */
function matches(state: FolderState, mailbox: MailboxObject): boolean {
  const modseq = parseModseq(state.highestModseq);
  return (
    state.uidValidity === mailbox.uidValidity.toString() &&
    mailbox.uidNext <= state.uidNext &&
    (modseq === null ||
      typeof mailbox.highestModseq !== 'bigint' ||
      mailbox.highestModseq <= modseq)
  );
}

function strategyOf(snapshot: Snapshot): SyncStrategy {
  return snapshot.highestModseq === null ? 'full-scan' : snapshot.qresync ? 'qresync' : 'condstore';
}

/** Same UIDVALIDITY, HIGHESTMODSEQ and UIDNEXT as stored: no flag change, expunge or new message. */
function unchanged(state: FolderState, snapshot: Snapshot): boolean {
  return (
    snapshot.highestModseq !== null &&
    state.uidValidity === snapshot.uidValidity &&
    parseModseq(state.highestModseq) === snapshot.highestModseq &&
    snapshot.uidNext <= state.uidNext
  );
}

async function rebuild(run: Run): Promise<FolderSyncSummary> {
  const { path, snapshot, options } = run;
  const now = options.now?.() ?? new Date();
  const since =
    options.since ??
    new Date(now.getTime() - (options.initialWindowDays ?? DEFAULT_INITIAL_WINDOW_DAYS) * DAY_MS);
  const uids = await searchUids(run, { since });
  const finalState: FolderState = {
    path,
    uidValidity: snapshot.uidValidity,
    uidNext: Math.max(snapshot.uidNext, (uids.at(-1) ?? 0) + 1),
    highestModseq: snapshot.highestModseq?.toString() ?? null,
  };
  const summary = emptySummary(path, 'rebuild', finalState);
  summary.rebuilt = true;
  const batches = chunk(uids, run.batchSize);
  report(run, 'rebuild', 0, uids.length);
  if (batches.length === 0) {
    await run.store.saveBatch({
      folder: path,
      state: finalState,
      upserts: [],
      flagUpdates: [],
      expunged: [],
      quarantined: [],
      rebuild: true,
    });
  }
  await saveBatches(run, 'rebuild', batches, finalState, summary);
  return summary;
}

/** `justStored`: flags (joined) of messages this sync has already stored; the same flags read again are no update. */
async function incremental(
  run: Run,
  state: FolderState,
  justStored?: ReadonlyMap<number, string>,
): Promise<FolderSyncSummary> {
  const { path, snapshot } = run;
  const storedModseq = parseModseq(state.highestModseq);
  const useModseq = snapshot.highestModseq !== null && storedModseq !== null;
  const from = state.uidNext;
  const strategy: SyncStrategy = useModseq
    ? snapshot.qresync
      ? 'qresync'
      : 'condstore'
    : 'full-scan';
  const highestModseq = maxModseq(storedModseq, snapshot.highestModseq)?.toString() ?? null;
  const finalState: FolderState = {
    path,
    uidValidity: snapshot.uidValidity,
    uidNext: Math.max(from, snapshot.uidNext),
    highestModseq,
  };
  const summary = emptySummary(path, strategy, state);

  // Any flag change or expunge raises HIGHESTMODSEQ, any new message UIDNEXT: nothing to do.
  if (useModseq && snapshot.highestModseq === storedModseq && snapshot.uidNext <= from)
    return summary;

  let flagUpdates: FlagUpdate[] = [];
  let expunged: number[] = [];
  if (from > 1) {
    if (useModseq && storedModseq !== null) {
      const changes = await changedSince(run, from, storedModseq);
      flagUpdates = changes.flagUpdates;
      if (snapshot.qresync) expunged = changes.vanished;
    }
    if (strategy !== 'qresync') {
      const known = await run.store.knownMessages(path);
      if (!useModseq) flagUpdates = await rescanFlags(run, known);
      expunged = await missingUids(run, known);
    }
    const gone = new Set(expunged);
    flagUpdates = flagUpdates.filter(
      (u) => !gone.has(u.uid) && justStored?.get(u.uid) !== u.flags.join(' '),
    );
  }

  // New mail, the live case: a few new UIDs, fetched straight away (UID FETCH n:*, no UID SEARCH first).
  // None when UIDNEXT has not moved; a message that arrives after the snapshot is announced and synced next.
  // Not after a lost connection: the batched path names the message that ends it (batch-fetch.ts).
  const few =
    snapshot.uidNext > from &&
    snapshot.uidNext - from <= run.batchSize &&
    !run.options.unreadableMessages?.hasLosses(path);
  const fetchedNew = few ? await fetchNewest(run, from) : undefined;
  const newUids =
    fetchedNew?.uids ??
    (snapshot.uidNext > from
      ? (await searchUids(run, { uid: `${from}:*` })).filter((uid) => uid >= from) // n:* matches the last message when n is past it
      : []);
  if (newUids.length > 0) finalState.uidNext = Math.max(finalState.uidNext, lastOf(newUids) + 1);
  summary.updated = flagUpdates.length;
  summary.expunged = expunged.length;
  summary.state = finalState;

  if (fetchedNew && newUids.length > 0) {
    report(run, 'incremental', 0, newUids.length);
    await run.store.saveBatch({
      folder: path,
      state: finalState,
      upserts: fetchedNew.batch.upserts,
      flagUpdates,
      expunged,
      quarantined: fetchedNew.batch.quarantined,
    });
    summary.fetched = fetchedNew.batch.upserts.length;
    summary.quarantined = fetchedNew.batch.quarantined.length;
    report(run, 'incremental', newUids.length, newUids.length);
    return summary;
  }
  const batches = chunk(newUids, run.batchSize);
  if (batches.length === 0) {
    if (flagUpdates.length > 0 || expunged.length > 0 || !sameState(state, finalState)) {
      await run.store.saveBatch({
        folder: path,
        state: finalState,
        upserts: [],
        flagUpdates,
        expunged,
        quarantined: [],
      });
    }
    return summary;
  }
  report(run, 'incremental', 0, newUids.length);
  await saveBatches(run, 'incremental', batches, finalState, summary, { flagUpdates, expunged });
  return summary;
}

/**
 * Fetches and saves `batches` in order, adding up `summary`; the first batch carries `first` (and
 * starts a rebuild). Until the last batch, the saved UIDNEXT is just past the batch: a sync cut off
 * resumes from there. In a rebuild, messages above that UIDNEXT that fall outside the window are then
 * fetched as new (harmless).
 */
async function saveBatches(
  run: Run,
  phase: 'rebuild' | 'incremental',
  batches: number[][],
  finalState: FolderState,
  summary: FolderSyncSummary,
  first: { flagUpdates: FlagUpdate[]; expunged: number[] } = { flagUpdates: [], expunged: [] },
): Promise<void> {
  const total = batches.reduce((n, batch) => n + batch.length, 0);
  let done = 0;
  await fetchAhead(run, batches, async (fetched, i) => {
    const batch = batches[i]!;
    await run.store.saveBatch({
      folder: run.path,
      state: i === batches.length - 1 ? finalState : { ...finalState, uidNext: lastOf(batch) + 1 },
      upserts: fetched.upserts,
      flagUpdates: i === 0 ? first.flagUpdates : [],
      expunged: i === 0 ? first.expunged : [],
      quarantined: fetched.quarantined,
      ...(phase === 'rebuild' ? { rebuild: i === 0 } : {}),
    });
    summary.fetched += fetched.upserts.length;
    summary.quarantined += fetched.quarantined.length;
    done += batch.length;
    report(run, phase, done, total);
  });
}

/**
 * UID FETCH 1:<from-1> (FLAGS) (CHANGEDSINCE m [VANISHED]): flag changes of stored UIDs, and with
 * QRESYNC the UIDs expunged since m, which imapflow reports as `expunge` events during the command.
 */
async function changedSince(
  run: Run,
  from: number,
  modseq: bigint,
): Promise<{ flagUpdates: FlagUpdate[]; vanished: number[] }> {
  const { client, path } = run;
  run.options.signal?.throwIfAborted();
  const vanished = new Set<number>();
  const onExpunge = (event: ExpungeEvent) => {
    // VANISHED (EARLIER) answers this FETCH; a plain VANISHED is a live expunge arriving meanwhile. Both count.
    if (event.path === path && event.uid !== undefined && event.uid < from) vanished.add(event.uid);
  };
  client.on('expunge', onExpunge);
  try {
    const flagUpdates: FlagUpdate[] = [];
    for await (const message of client.fetch(
      `1:${from - 1}`,
      { uid: true, flags: true },
      { uid: true, changedSince: modseq },
    )) {
      if (message.uid < from)
        flagUpdates.push({ uid: message.uid, flags: flagList(message.flags) });
    }
    return { flagUpdates, vanished: [...vanished].sort((a, b) => a - b) };
  } finally {
    client.off('expunge', onExpunge);
  }
}

/** Without mod-sequences: re-reads the flags of the newest stored messages and returns those that differ. */
async function rescanFlags(run: Run, known: KnownMessage[]): Promise<FlagUpdate[]> {
  const newest = [...known]
    .sort((a, b) => b.uid - a.uid)
    .slice(0, run.options.maxFlagScan ?? DEFAULT_MAX_FLAG_SCAN);
  const stored = new Map(newest.map((m) => [m.uid, [...m.flags].sort().join(' ')]));
  const updates: FlagUpdate[] = [];
  for (const part of chunk(
    newest.map((m) => m.uid).sort((a, b) => a - b),
    1000,
  )) {
    run.options.signal?.throwIfAborted();
    for await (const message of run.client.fetch(
      toSequenceSet(part),
      { uid: true, flags: true },
      { uid: true },
    )) {
      const flags = flagList(message.flags);
      const before = stored.get(message.uid);
      if (before !== undefined && before !== flags.join(' '))
        updates.push({ uid: message.uid, flags });
    }
  }
  return updates;
}

/** Without QRESYNC: stored UIDs the server no longer has, by one UID SEARCH over the stored range. */
async function missingUids(run: Run, known: KnownMessage[]): Promise<number[]> {
  if (known.length === 0) return [];
  const uids = known.map((m) => m.uid);
  const [min, max] = uids.reduce(
    ([lo, hi], uid) => [Math.min(lo, uid), Math.max(hi, uid)],
    [Infinity, 0],
  );
  const present = new Set(await searchUids(run, { uid: `${min}:${max}` }));
  return uids.filter((uid) => !present.has(uid)).sort((a, b) => a - b);
}

/** UID SEARCH, as ESEARCH (compact ranges) when the server has it. Ascending UIDs. */
async function searchUids(run: Run, query: SearchObject): Promise<number[]> {
  run.options.signal?.throwIfAborted();
  const result = await run.client.search(query, { uid: true, returnOptions: ['ALL'] });
  if (result === false || result === undefined) {
    throw Object.assign(new Error(`The server refused to search ${run.path}`), {
      code: 'SearchFailed',
      path: run.path,
      responseStatus: 'NO',
    });
  }
  const uids = Array.isArray(result)
    ? [...result]
    : parseSequenceSet(result.all ?? '', MAX_SEARCH_RESULTS);
  return uids.sort((a, b) => a - b);
}

/**
 * UID FETCH <from>:* with the metadata: the new messages, with their UIDs. Undefined when the server
 * refuses it (a message it cannot read): the caller lists the UIDs and fetches them in batches, which
 * quarantines only the unreadable ones.
 */
async function fetchNewest(
  run: Run,
  from: number,
): Promise<{ uids: number[]; batch: FetchedBatch } | undefined> {
  run.options.signal?.throwIfAborted();
  try {
    // n:* matches the last message when n is past it
    const rows = (await fetchRows(run, `${from}:*`, [from])).filter((row) => row.uid >= from);
    rows.sort((a, b) => a.uid - b.uid);
    return {
      uids: rows.map((row) => row.uid),
      batch: await describeAll(run, {
        rows: rows.map((row) => prepareMessage(run.path, row)),
        quarantined: [],
      }),
    };
  } catch (err) {
    if (isRefusal(err)) return undefined;
    throw err;
  }
}

function report(run: Run, phase: FolderSyncProgress['phase'], done: number, total: number): void {
  if (total === 0 && phase === 'incremental') return;
  try {
    run.options.onProgress?.({ folder: run.path, phase, done, total });
  } catch {
    // a listener's failure is not the sync's
  }
}

function emptySummary(
  folder: string,
  strategy: SyncStrategy,
  state: FolderState,
): FolderSyncSummary {
  return {
    folder,
    fetched: 0,
    updated: 0,
    expunged: 0,
    quarantined: 0,
    rebuilt: false,
    strategy,
    state,
  };
}

function parseModseq(value: string | null): bigint | null {
  return value !== null && /^\d{1,20}$/.test(value) ? BigInt(value) : null;
}

function maxModseq(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function sameState(a: FolderState, b: FolderState): boolean {
  return (
    a.uidValidity === b.uidValidity &&
    a.uidNext === b.uidNext &&
    a.highestModseq === b.highestModseq
  );
}
