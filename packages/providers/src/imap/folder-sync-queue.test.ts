import { describe, expect, it, vi } from 'vitest';
import { FolderSyncQueue } from './folder-sync-queue.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sync that takes `ms`, records how often it ran and how many ran at once per folder. */
function recorder(ms: number) {
  const runs: string[] = [];
  const active = new Map<string, number>();
  let maxConcurrent = 0;
  const sync = async (folder: string) => {
    active.set(folder, (active.get(folder) ?? 0) + 1);
    maxConcurrent = Math.max(maxConcurrent, active.get(folder) ?? 0);
    runs.push(folder);
    await tick(ms);
    active.set(folder, (active.get(folder) ?? 1) - 1);
  };
  return { sync, runs, maxConcurrent: () => maxConcurrent };
}

describe('FolderSyncQueue', () => {
  it('syncs on the first notification at once and coalesces the rest of a burst into one more sync', async () => {
    const runs: string[] = [];
    let finish: () => void = () => {};
    const sync = (folder: string) => {
      runs.push(folder);
      return new Promise<void>((resolve) => (finish = resolve));
    };
    const queue = new FolderSyncQueue(sync, 1000);
    queue.request('INBOX');
    expect(runs).toEqual(['INBOX']); // leading edge: started within the call, no timer
    for (let i = 0; i < 19; i++) queue.request('INBOX'); // 20 notifications in all
    finish();
    await tick(0);
    queue.request('INBOX'); // after the first sync, inside its window: coalesced too
    expect(runs).toEqual(['INBOX']);
    for (let i = 0; i < 60 && runs.length < 2; i++) await tick(50);
    expect(runs).toEqual(['INBOX', 'INBOX']);
    finish();
    await tick(0);
    expect(runs).toEqual(['INBOX', 'INBOX']);
    queue.stop();
  });

  it('a burst of 20 notifications spread over 1.9 s costs two syncs: one at once, one once it is quiet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const starts: number[] = [];
      const sync = async () => {
        starts.push(performance.now());
        await new Promise((r) => setTimeout(r, 300)); // each sync takes 300 ms
      };
      const queue = new FolderSyncQueue(sync, 500); // quiet 500 ms, at most 2 s after the first pending
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) {
        queue.request('INBOX');
        await vi.advanceTimersByTimeAsync(100);
      }
      await vi.advanceTimersByTimeAsync(3_000);
      // The follow-up: 500 ms after the last notification (1.9 s), but no later than 2 s after the first pending one (0.1 s).
      expect(starts.map((t) => t - t0)).toEqual([0, 2_100]);
      // Quiet since: the next notification syncs at once.
      queue.request('INBOX');
      expect(starts).toHaveLength(3);
      queue.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a notification after a quiet window syncs at once again', async () => {
    const r = recorder(1);
    const queue = new FolderSyncQueue(r.sync, 20);
    queue.request('INBOX');
    await tick(40);
    queue.request('INBOX');
    expect(r.runs).toEqual(['INBOX', 'INBOX']);
    queue.request('Sent'); // folders have their own windows
    expect(r.runs).toEqual(['INBOX', 'INBOX', 'Sent']);
    queue.stop();
  });

  it('never syncs a folder twice at once; a change during a sync causes exactly one more', async () => {
    const r = recorder(40);
    const queue = new FolderSyncQueue(r.sync, 0);
    const first = queue.now('INBOX');
    await tick(5);
    queue.request('INBOX');
    queue.request('INBOX');
    const second = queue.now('INBOX'); // resolves after a sync that starts after this call
    void queue.now('Sent'); // other folders run in parallel
    await first;
    expect(r.runs).toEqual(['INBOX', 'Sent', 'INBOX']);
    await second;
    await tick(60);
    expect(r.runs).toEqual(['INBOX', 'Sent', 'INBOX']);
    expect(r.maxConcurrent()).toBe(1);
  });

  it('releases waiters and drops pending syncs on stop', async () => {
    const r = recorder(20);
    const queue = new FolderSyncQueue(r.sync, 50);
    queue.request('Archive'); // syncs at once
    queue.request('Archive'); // pending: one more after it
    const running = queue.now('INBOX');
    const waiting = queue.now('INBOX');
    queue.stop();
    await Promise.all([running, waiting]);
    await tick(80);
    expect(r.runs).toEqual(['Archive', 'INBOX']);
  });
});
