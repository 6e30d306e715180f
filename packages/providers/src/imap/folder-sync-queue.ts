interface Entry {
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  /** A change arrived while a sync was running: run once more after it. */
  again: boolean;
  /** Callers waiting for a sync that starts after their request. */
  waiters: Array<() => void>;
  /** When the last sync began (performance.now()): the coalescing window runs from there. */
  lastStart: number;
}

/**
 * Runs one folder's sync at a time. The first change notification starts a sync at once (leading
 * edge: new mail is not held back by the coalescing window); notifications that follow within
 * `debounceMs` of that sync's start, or while it runs, are coalesced into one more sync when the window
 * closes. So a burst of EXISTS/FETCH/VANISHED lines costs one or two syncs, a change is never missed,
 * and a folder is never synced twice concurrently. `sync` must not throw (the session turns failures
 * into events).
 */
export class FolderSyncQueue {
  private readonly entries = new Map<string, Entry>();
  private stopped = false;

  constructor(
    private readonly sync: (folder: string) => Promise<void>,
    private readonly debounceMs: number,
  ) {}

  /** Something changed in `folder`: sync it soon. */
  request(folder: string): void {
    if (this.stopped) return;
    const entry = this.entry(folder);
    if (entry.running) {
      entry.again = true;
      return;
    }
    if (entry.timer === undefined) this.schedule(folder, entry);
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

  /** Syncs now when the last sync began at least `debounceMs` ago, else when that window closes. */
  private schedule(folder: string, entry: Entry): void {
    const wait = entry.lastStart + this.debounceMs - performance.now();
    if (wait <= 0) {
      void this.run(folder);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.run(folder);
    }, wait);
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
          lastStart: -Infinity,
        }),
      );
    return entry;
  }

  private async run(folder: string): Promise<void> {
    const entry = this.entry(folder);
    if (this.stopped || entry.running) return;
    entry.running = true;
    entry.again = false;
    entry.lastStart = performance.now();
    const waiters = entry.waiters.splice(0);
    try {
      await this.sync(folder);
    } finally {
      entry.running = false;
      for (const resolve of waiters) resolve();
    }
    if (this.stopped) {
      for (const resolve of entry.waiters.splice(0)) resolve();
    } else if (entry.waiters.length > 0) {
      void this.run(folder); // someone awaits a sync: no coalescing window
    } else if (entry.again && entry.timer === undefined) {
      this.schedule(folder, entry);
    }
  }
}
