interface Entry {
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  /** A change arrived while a sync was running: run once more after it. */
  again: boolean;
  /** Callers waiting for a sync that starts after their request. */
  waiters: Array<() => void>;
  /** When the last sync ended and the last change arrived (performance.now()): quiet is measured from the later. */
  lastEnd: number;
  lastRequest: number;
  /** When the first change not yet synced arrived: the follow-up waits at most `maxWaitMs` from there. */
  firstPending: number | undefined;
}

/**
 * Runs one folder's sync at a time. A change notification after a quiet spell (none and no sync for
 * `quietMs`) starts a sync at once (leading edge: new mail is not held back). Changes that follow,
 * during that sync or soon after it, are coalesced into one more sync, run once they have been quiet
 * for `quietMs` (at most `maxWaitMs` after the first of them). A burst of new mail reaches the session
 * as EXISTS lines spread over its whole length (a server tells an IDLE client every half second or
 * so, and nothing while the client is between commands), so waiting for quiet is what makes a burst
 * cost one or two syncs instead of one per notification. A change is never missed, and a folder is
 * never synced twice concurrently. `sync` must not throw (the session turns failures into events).
 */
export class FolderSyncQueue {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;
  private readonly maxWaitMs: number;

  constructor(
    private readonly sync: (folder: string) => Promise<void>,
    private readonly quietMs: number,
    maxWaitMs = quietMs * 4,
  ) {
    this.maxWaitMs = Math.max(quietMs, maxWaitMs);
  }

  /** Something changed in `folder`: sync it soon. */
  request(folder: string): void {
    if (this.stopped) return;
    const entry = this.entry(folder);
    const now = performance.now();
    const quietSince = Math.max(entry.lastEnd, entry.lastRequest);
    entry.lastRequest = now;
    if (entry.running) {
      entry.again = true;
      entry.firstPending ??= now;
      return;
    }
    if (entry.timer === undefined && now - quietSince >= this.quietMs) {
      void this.run(folder);
      return;
    }
    entry.firstPending ??= now;
    this.schedule(folder, entry);
  }

  /** Syncs `folder` now (or right after the sync in progress); resolves once a sync begun after this call has ended. */
  now(folder: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const entry = this.entry(folder);
    return new Promise<void>((resolve) => {
      entry.waiters.push(resolve);
      if (entry.running) {
        entry.again = true;
      } else {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        void this.run(folder);
      }
    });
  }

  /** Cancels pending syncs; waiters are released. A sync in progress finishes on its own. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      for (const resolve of entry.waiters.splice(0)) resolve();
    }
  }

  /** (Re)arms the follow-up: `quietMs` after the last change or sync end, no later than `maxWaitMs` after the first pending change. */
  private schedule(folder: string, entry: Entry): void {
    clearTimeout(entry.timer);
    const quietAt = Math.max(entry.lastEnd, entry.lastRequest) + this.quietMs;
    const due = Math.min(quietAt, (entry.firstPending ?? quietAt) + this.maxWaitMs);
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        void this.run(folder);
      },
      Math.max(0, due - performance.now()),
    );
  }

  private entry(folder: string): Entry {
    let entry = this.entries.get(folder);
    if (!entry)
      this.entries.set(
        folder,
        (entry = {
          timer: undefined,
          running: false,
          again: false,
          waiters: [],
          lastEnd: -Infinity,
          lastRequest: -Infinity,
          firstPending: undefined,
        }),
      );
    return entry;
  }

  private async run(folder: string): Promise<void> {
    const entry = this.entry(folder);
    if (this.stopped || entry.running) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.running = true;
    entry.again = false;
    entry.firstPending = undefined;
    const waiters = entry.waiters.splice(0);
    try {
      await this.sync(folder);
    } finally {
      entry.running = false;
      entry.lastEnd = performance.now();
      for (const resolve of waiters) resolve();
    }
    if (this.stopped) {
      for (const resolve of entry.waiters.splice(0)) resolve();
    } else if (entry.waiters.length > 0) {
      void this.run(folder); // someone awaits a sync: no coalescing window
    } else if (entry.again) {
      this.schedule(folder, entry);
    }
  }
}
