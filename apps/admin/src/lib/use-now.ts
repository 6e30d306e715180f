import { useSyncExternalStore } from 'react';

// One clock for the whole console: every "5 minutes ago" on a page moves on together, with one timer.
const TICK_MS = 15_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, refreshed every 15 seconds: for relative times that stay true while a page is open. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
