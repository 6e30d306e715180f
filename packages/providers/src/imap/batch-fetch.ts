import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { QuarantinedMessage, SyncedMessage } from '../core/sync-store.js';
import {
  finishMessages,
  METADATA_QUERY,
  prepareMessage,
  type BodyReader,
  type PreparedMessage,
} from './message-metadata.js';
import { lastOf, toSequenceSet } from './uid-set.js';
import { UNREADABLE_REASON, type UnreadableMessageGuard } from './unreadable-message-guard.js';

/**
 * Fetching a folder's messages in batches: UID FETCH of sync's fields (METADATA_QUERY), the bodies
 * read, each batch handed to a save in order (imap-folder-sync.ts), with the server, the body reader
 * and the store working at the same time.
 */

/** What fetching needs of a folder sync: its connection (the folder selected) and folder. */
export interface FetchTarget {
  client: Pick<ImapFlow, 'fetch'>;
  path: string;
  options: {
    signal?: AbortSignal;
    readBodies?: BodyReader;
    unreadableMessages?: UnreadableMessageGuard;
  };
}

/** Batches fetched or being read beyond the one being saved. */
const AHEAD = 2;

/**
 * Batches whose rows one UID FETCH streams. Within a command the server keeps answering while earlier
 * batches are read and saved; a command per batch left it idle for a round trip and the command's
 * start every batch. Bounded, so a command's UID set stays short and an abort drains at most this much.
 */
const BATCHES_PER_FETCH = 8;

/**
 * Rows taken between turns of the event loop. imapflow hands over rows it has buffered in microtasks,
 * which run ahead of any I/O: without a pause, a backlog of responses kept the event loop from the
 * store's database answers and the body reader's replies for 10-50 ms at a time (measured: each
 * PostgreSQL round trip of a batch took 12-14 ms, a BEGIN included).
 */
const YIELD_EVERY = 32;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Each batch goes through three stages in order: its rows fetched (IMAP, parsed by imapflow on this
 * thread), its bodies read (readBodies, a worker thread when there is one), saved. Batch i is saved
 * while the next ones are read and fetched, at most AHEAD beyond it, so the server, the worker and the
 * store work at the same time. Rows are fetched BATCHES_PER_FETCH batches per command and cut into
 * batches as they arrive; the stream pauses (imapflow parses no further response) while the batch it
 * reached is more than AHEAD ahead of the saves. Saves run one at a time, in order.
 */
export async function fetchAhead(
  run: FetchTarget,
  batches: number[][],
  save: (fetched: FetchedBatch, i: number) => Promise<void>,
): Promise<void> {
  const fetched = batches.map(() => settleable<FetchedRows>());
  const described = fetched.map(({ promise }) => {
    const batch = promise.then((rows) => describeAll(run, rows));
    // A failure is reported by the await of its batch, in order.
    batch.catch(() => undefined);
    return batch;
  });
  /** Batches the saves have taken: batch k may be fetched once k < taken + AHEAD. */
  let taken = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  const turn = async (k: number) => {
    while (!stopped && k >= taken + AHEAD) await new Promise<void>((resolve) => (wake = resolve));
    if (stopped) throw new Error('fetch stopped');
    run.options.signal?.throwIfAborted();
  };
  const producer = (async () => {
    for (let g = 0; g < batches.length; g += BATCHES_PER_FETCH)
      await streamBatches(run, batches, g, Math.min(g + BATCHES_PER_FETCH, batches.length), fetched, turn); // prettier-ignore
  })().catch((err: unknown) => {
    for (const f of fetched) f.reject(err);
  });
  // The mailbox lock is released once this returns: not while this function still reads rows.
  const settle = async () => {
    stopped = true;
    wake?.();
    await producer;
    await Promise.allSettled(described);
  };
  for (let i = 0; i < batches.length; i++) {
    let batch: FetchedBatch;
    try {
      batch = await described[i]!;
      // Aborted while this batch was being fetched ahead: it is not saved.
      run.options.signal?.throwIfAborted();
    } catch (err) {
      await settle();
      throw err;
    }
    taken = i + 1;
    wake?.();
    try {
      await save(batch, i);
    } catch (err) {
      await settle();
      throw err;
    }
  }
  await producer;
}

/**
 * Fetches batches [from, to) with one UID FETCH, resolving each batch's rows once the stream is past
 * its last UID (responses come in UID order; a stray row goes to the batch being filled, which is
 * harmless: rows are upserts). When the server refuses the command (a message it cannot read), the
 * batches not yet complete are fetched again one command each (fetchBatchRows), which quarantines only
 * the unreadable messages.
 */
async function streamBatches(
  run: FetchTarget,
  batches: number[][],
  from: number,
  to: number,
  fetched: Settleable<FetchedRows>[],
  turn: (k: number) => Promise<void>,
): Promise<void> {
  const guard = run.options.unreadableMessages;
  // Per batch, the UIDs asked for and those quarantined unasked: messages whose fetch kept ending the
  // connection (decided before the stream: a stream that gets through clears the guard's count).
  const wanted = new Map<number, number[]>();
  const skipped = new Map<number, QuarantinedMessage[]>();
  for (let j = from; j < to; j++) {
    const asked: number[] = [];
    const quarantined: QuarantinedMessage[] = [];
    for (const uid of batches[j]!)
      if (guard?.unreadable(run.path, uid))
        quarantined.push({ folder: run.path, uid, reason: UNREADABLE_REASON });
      else asked.push(uid);
    wanted.set(j, asked);
    skipped.set(j, quarantined);
  }
  let k = from;
  let rows: PreparedMessage[] = [];
  let last: FetchMessageObject | undefined;
  const planned = [...wanted.values()].flat();
  await turn(k);
  try {
    if (planned.length > 0)
      for await (const row of run.client.fetch(toSequenceSet(planned), METADATA_QUERY, {
        uid: true,
      })) {
        while (k < to - 1 && row.uid > lastOf(batches[k]!)) {
          fetched[k]!.resolve({ rows, quarantined: skipped.get(k)! });
          rows = [];
          await turn(++k);
        }
        rows.push(prepareMessage(run.path, row));
        last = row;
        if (rows.length % YIELD_EVERY === 0) await yieldToEventLoop();
      }
  } catch (err) {
    noteLoss(run, err, last, planned);
    if (!isRefusal(err)) throw err;
    for (let j = k; j < to; j++) {
      if (j > k) await turn(j);
      const batch = await fetchBatchRows(run, wanted.get(j)!);
      fetched[j]!.resolve({ ...batch, quarantined: [...skipped.get(j)!, ...batch.quarantined] });
    }
    return;
  }
  guard?.passed(run.path);
  fetched[k]!.resolve({ rows, quarantined: skipped.get(k)! });
  // The server had no rows left for these (expunged since the search).
  for (let j = k + 1; j < to; j++) {
    await turn(j);
    fetched[j]!.resolve({ rows: [], quarantined: skipped.get(j)! });
  }
}

/**
 * When the connection closed under a FETCH (imapflow's errors for it, not a refusal or an abort), tells
 * the guard which message it stopped at: Dovecot sends what its index and cache hold of a message (UID,
 * FLAGS, INTERNALDATE, the ENVELOPE once cached) before it opens the file, so after such a partial
 * response (a section asked for missing) it is that one; after a whole one, the next of `planned`
 * (the UIDs asked for, ascending).
 */
function noteLoss(
  run: FetchTarget,
  err: unknown,
  last: FetchMessageObject | undefined,
  planned: readonly number[],
): void {
  const guard = run.options.unreadableMessages;
  const code = (err as { code?: unknown } | null)?.code;
  if (!guard || (code !== 'NoConnection' && code !== 'EConnectionClosed')) return;
  const partial = last && (!last.envelope || !last.headers || !last.bodyParts?.has('text'));
  const at = partial ? last.uid : planned.find((uid) => uid > (last?.uid ?? 0));
  if (at !== undefined) guard.lostAt(run.path, at);
}

interface Settleable<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  /** Rejects unless already resolved. */
  reject: (err: unknown) => void;
}

function settleable<T>(): Settleable<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface FetchedBatch {
  upserts: SyncedMessage[];
  quarantined: QuarantinedMessage[];
}

/** A batch's FETCH responses (prepared as they came), and the messages the server could not read. */
interface FetchedRows {
  rows: PreparedMessage[];
  quarantined: QuarantinedMessage[];
}

/**
 * The FETCH responses of a batch of UIDs. When the server refuses the whole FETCH (a NO/BAD, as
 * Dovecot answers when one message's file is broken), the batch is fetched one message at a time so
 * only the messages the server cannot read are quarantined and the rest of the folder continues.
 */
async function fetchBatchRows(run: FetchTarget, uids: number[]): Promise<FetchedRows> {
  run.options.signal?.throwIfAborted();
  if (uids.length === 0) return { rows: [], quarantined: [] };
  try {
    return { rows: await fetchPrepared(run, toSequenceSet(uids), uids), quarantined: [] };
  } catch (err) {
    if (!isRefusal(err)) throw err;
    if (uids.length === 1)
      return {
        rows: [],
        quarantined: [{ folder: run.path, uid: uids[0] ?? 0, reason: refusalReason(err) }],
      };
  }
  const batch: FetchedRows = { rows: [], quarantined: [] };
  for (const uid of uids) {
    run.options.signal?.throwIfAborted();
    try {
      batch.rows.push(...(await fetchPrepared(run, String(uid), [uid])));
    } catch (err) {
      if (!isRefusal(err)) throw err;
      batch.quarantined.push({ folder: run.path, uid, reason: refusalReason(err) });
    }
  }
  return batch;
}

async function fetchPrepared(
  run: FetchTarget,
  set: string,
  planned: readonly number[],
): Promise<PreparedMessage[]> {
  return (await fetchRows(run, set, planned)).map((row) => prepareMessage(run.path, row));
}

/**
 * UID FETCH <set>, every response. `planned`: the UIDs asked for, ascending, as far as they are known,
 * for the guard to hear which message a lost connection stopped at.
 */
export async function fetchRows(
  run: FetchTarget,
  set: string,
  planned: readonly number[] = [],
): Promise<FetchMessageObject[]> {
  const rows: FetchMessageObject[] = [];
  try {
    for await (const message of run.client.fetch(set, METADATA_QUERY, { uid: true }))
      rows.push(message);
  } catch (err) {
    noteLoss(run, err, rows.at(-1), planned);
    throw err;
  }
  return rows;
}

export async function describeAll(run: FetchTarget, fetched: FetchedRows): Promise<FetchedBatch> {
  const batch: FetchedBatch = { upserts: [], quarantined: [...fetched.quarantined] };
  for (const outcome of await finishMessages(fetched.rows, run.options.readBodies)) {
    if ('message' in outcome) batch.upserts.push(outcome.message);
    else batch.quarantined.push(outcome.quarantine);
  }
  return batch;
}

/** A tagged NO/BAD: the server answered, the connection is fine, this command (or message) is the problem. */
export function isRefusal(err: unknown): boolean {
  const status = (err as { responseStatus?: unknown } | null)?.responseStatus;
  return status === 'NO' || status === 'BAD';
}

function refusalReason(err: unknown): string {
  const text = (err as { responseText?: unknown }).responseText;
  return `The server could not read this message${typeof text === 'string' && text ? `: ${text.slice(0, 200)}` : '.'}`;
}
