/**
 * A minimal DataLoader: every `load(key)` made while resolvers run in the same tick is answered by one
 * `fetch(keys)` call (a page of 50 connections asks for its owners in one query, not 50). The same key
 * twice in a batch is fetched once.
 *
 * Nothing is kept once a batch has been answered: a context can outlive one request (a graphql-ws
 * subscription keeps its context for every event it delivers), and each event must read fresh rows.
 */
export class BatchLoader<K, V> {
  private queue: Map<K, Deferred<V>> | null = null;

  /**
   * @param fetch the values of these (distinct) keys; a key missing from the map is rejected with `missing(key)`.
   */
  constructor(
    private readonly fetch: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
    private readonly missing: (key: K) => Error,
  ) {}

  load(key: K): Promise<V> {
    if (!this.queue) {
      this.queue = new Map();
      // As DataLoader does: after the promise jobs already queued (resolvers started by the same
      // completed value), then on the next tick, before any I/O.
      void Promise.resolve().then(() => process.nextTick(() => void this.dispatch()));
    }
    let deferred = this.queue.get(key);
    if (!deferred) {
      deferred = defer<V>();
      this.queue.set(key, deferred);
    }
    return deferred.promise;
  }

  private async dispatch(): Promise<void> {
    const batch = this.queue;
    this.queue = null;
    if (!batch) return;
    try {
      const found = await this.fetch([...batch.keys()]);
      for (const [key, { resolve, reject }] of batch) {
        if (found.has(key)) resolve(found.get(key)!);
        else reject(this.missing(key));
      }
    } catch (err) {
      for (const { reject } of batch.values()) reject(err);
    }
  }
}

interface Deferred<V> {
  promise: Promise<V>;
  resolve(value: V): void;
  reject(err: unknown): void;
}

function defer<V>(): Deferred<V> {
  let resolve!: (value: V) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<V>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
