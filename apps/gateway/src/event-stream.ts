/** Events a slow subscriber may have waiting before its stream is ended (it can subscribe again). */
export const MAX_QUEUED_EVENTS = 1_000;

/**
 * An async iterator fed by pushes: what graphql-ws consumes for a subscription. Unlike an async
 * generator paused in `for await`, its `return()` takes effect immediately, detaching the listener
 * and settling a pending `next()`: a subscription whose filter never matches still ends when its
 * socket closes. The queue is bounded: a subscriber that stops reading is ended, not buffered forever.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private queue: T[];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  constructor(
    private readonly detach: () => void,
    replay: readonly T[] = [],
  ) {
    this.queue = [...replay];
  }

  push(value: T): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value, done: false });
    } else if (this.queue.length < MAX_QUEUED_EVENTS) {
      this.queue.push(value);
    } else {
      this.end();
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.detach();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }
}

/**
 * Maps (and, returning undefined, drops) a stream's values, possibly asynchronously, keeping the
 * source's immediate `return()`: a pending mapped `next()` settles as done when the stream is ended.
 */
export function mapStream<T, R>(
  source: AsyncIterableIterator<T>,
  map: (value: T) => R | undefined | Promise<R | undefined>,
): AsyncIterableIterator<R> {
  let ended = false;
  const mapped: AsyncIterableIterator<R> = {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item.done || ended) return { value: undefined, done: true };
        const value = await map(item.value);
        if (ended) return { value: undefined, done: true };
        if (value !== undefined) return { value, done: false };
      }
    },
    async return() {
      ended = true;
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      ended = true;
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
