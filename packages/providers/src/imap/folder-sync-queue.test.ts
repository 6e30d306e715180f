import { describe, expect, it } from 'vitest';
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
  it('turns a burst of notifications into one sync', async () => {
    const r = recorder(5);
    const queue = new FolderSyncQueue(r.sync, 30);
    for (let i = 0; i < 10; i++) queue.request('INBOX');
    await tick(80);
    expect(r.runs).toEqual(['INBOX']);
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
    queue.request('Archive');
    const running = queue.now('INBOX');
    const waiting = queue.now('INBOX');
    queue.stop();
    await Promise.all([running, waiting]);
    await tick(80);
    expect(r.runs).toEqual(['INBOX']);
  });
});
