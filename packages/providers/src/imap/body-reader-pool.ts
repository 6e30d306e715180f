import { Worker } from 'node:worker_threads';
import { packBodies, type BodyResponse } from './body-reader-wire.js';
import { readBodiesInThread, type BodyFacts, type BodyReader } from './message-metadata.js';

/**
 * Reads message bodies (the partial parse, snippet and References of describeMessages) on a worker
 * thread. In an initial sync the main thread is the bottleneck: imapflow parses the FETCH responses
 * there, and the store writes there; the body parse, about a fifth of the work, then runs beside both.
 *
 * Falls back to reading on the calling thread, with the same result, whenever the worker cannot be
 * used: a small batch (a few new messages are not worth the hop), the worker failing to start or
 * dying (the pool then stays in-thread), a closed pool.
 */
export interface BodyReaderPoolOptions {
  /** Worker threads. Default 1: the main thread and one worker fill two cores. */
  size?: number;
  /** Batches smaller than this are read in thread. Default 32. */
  minBatch?: number;
  /** The worker's module (a test points it at one that fails). */
  entry?: URL;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded its modules: until then its batches are read in thread, not queued behind the load. */
  ready: boolean;
  /** Resolves once it is ready (true) or failed (false). */
  loaded: Promise<boolean>;
  settle: (ready: boolean) => void;
  pending: Map<number, { resolve: (facts: BodyFacts[]) => void; reject: (err: Error) => void }>;
}

// From the TypeScript sources (tests, benches under tsx) the worker is the .ts file, loaded through tsx.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const DEFAULT_ENTRY = new URL(`./body-reader-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

export class BodyReaderPool {
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly minBatch: number;
  private readonly entry: URL;
  private nextId = 1;
  /** A worker failed: everything is read in thread from then on. */
  private failed = false;
  private closed = false;

  constructor(options: BodyReaderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? 1);
    this.minBatch = options.minBatch ?? 32;
    this.entry = options.entry ?? DEFAULT_ENTRY;
  }

  /** Worker threads running now. */
  get threads(): number {
    return this.slots.length;
  }

  /** Batches read on a worker so far. */
  get posted(): number {
    return this.nextId - 1;
  }

  /** Starts the workers and resolves once they are ready (true) or one failed (false). */
  async ready(): Promise<boolean> {
    this.warm();
    return (await Promise.all(this.slots.map((s) => s.loaded))).every(Boolean) && !this.failed;
  }

  /** Whether a worker has failed and the pool reads in thread. */
  get degraded(): boolean {
    return this.failed;
  }

  readonly read: BodyReader = async (inputs) => {
    if (inputs.length < this.minBatch || this.failed || this.closed)
      return readBodiesInThread(inputs);
    const slot = this.pick();
    if (!slot) return readBodiesInThread(inputs);
    try {
      return await this.post(slot, inputs);
    } catch {
      return readBodiesInThread(inputs);
    }
  };

  /** Starts the workers now; they take a moment to load (a few hundred ms from the TypeScript sources). */
  warm(): void {
    while (!this.failed && !this.closed && this.slots.length < this.size) this.start();
  }

  /** Ends the workers; reads still waiting for one are read in thread. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => this.end(slot, new Error('body reader pool closed'))));
  }

  private post(slot: Slot, inputs: Parameters<BodyReader>[0]): Promise<BodyFacts[]> {
    const id = this.nextId++;
    const request = packBodies(id, inputs);
    return new Promise<BodyFacts[]>((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(request, [request.data]); // the bounds (16 bytes a message) are cloned
    });
  }

  /** The least busy ready worker (none while they load); starts them on first use. */
  private pick(): Slot | undefined {
    this.warm();
    let best: Slot | undefined;
    for (const slot of this.slots)
      if (slot.ready && (!best || slot.pending.size < best.pending.size)) best = slot;
    return best;
  }

  private start(): Slot {
    const worker = FROM_SOURCE ? sourceWorker(this.entry) : new Worker(this.entry);
    let settle: (ready: boolean) => void = () => undefined;
    const loaded = new Promise<boolean>((resolve) => (settle = resolve));
    const slot: Slot = { worker, ready: false, loaded, settle, pending: new Map() };
    worker.unref(); // an idle worker does not keep the process alive; ref'd while it has work
    worker.on('message', (response: BodyResponse | 'ready') => {
      if (response === 'ready') {
        slot.ready = true;
        slot.settle(true);
        return;
      }
      const waiting = slot.pending.get(response.id);
      if (!waiting) return;
      slot.pending.delete(response.id);
      if (slot.pending.size === 0) worker.unref();
      if ('facts' in response) waiting.resolve(response.facts);
      else waiting.reject(new Error(response.error));
    });
    const fail = (err: Error) => {
      this.failed = true;
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      void this.end(slot, err);
    };
    worker.on('error', fail);
    worker.on('messageerror', fail);
    worker.on('exit', (code) => fail(new Error(`body reader worker exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private async end(slot: Slot, reason: Error): Promise<void> {
    slot.settle(false);
    for (const waiting of slot.pending.values()) waiting.reject(reason);
    slot.pending.clear();
    await slot.worker.terminate();
  }
}

/**
 * A worker running the .ts module: it registers tsx in the worker first (on Node 20 a parent's
 * `--import tsx` does not reach a worker's entry module).
 */
function sourceWorker(entry: URL): Worker {
  // tsx's ESM API (its CommonJS one cannot register from a worker); bare, it resolves from the cwd.
  const tsx =
    typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  // A failed import is an unhandled rejection in the worker: it exits with an error, the pool falls back.
  return new Worker(code, { eval: true });
}

let shared: { pool: BodyReaderPool; users: number } | undefined;

/**
 * The process's body reader pool, shared by every sync session: one worker for all accounts, started
 * by the first large batch (sessions that only see a few new messages never start it) and ended when
 * the last session releases it.
 */
export function acquireBodyReader(): {
  read: BodyReader;
  /** Starts the worker ahead of the first large batch. */
  warm: () => Promise<boolean>;
  release: () => Promise<void>;
} {
  shared ??= { pool: new BodyReaderPool(), users: 0 };
  const mine = shared;
  mine.users += 1;
  let released = false;
  return {
    read: mine.pool.read,
    warm: () => mine.pool.ready(),
    release: async () => {
      if (released) return;
      released = true;
      mine.users -= 1;
      if (mine.users > 0) return;
      if (shared === mine) shared = undefined;
      await mine.pool.close();
    },
  };
}

/** The shared pool's worker threads right now (0 when no session holds it): for tests. */
export function sharedBodyReaderThreads(): number {
  return shared?.pool.threads ?? 0;
}
