import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  const options = { baseMs: 1000, capMs: 60_000, stableMs: 120_000 };

  it('doubles the ceiling per failure up to the cap', () => {
    const top = new Backoff(options, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => top.next(0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
  });

  it('jitters between the base and the ceiling', () => {
    const half = new Backoff(options, () => 0.5);
    half.next(0);
    expect(half.next(0)).toBe(1500);
  });

  it('resets only after the connection stayed up for the stable period', () => {
    const b = new Backoff(options, () => 1);
    b.next(0);
    b.next(0);
    b.connected(1000);
    expect(b.next(2000)).toBe(4000); // dropped after 1 s: keeps growing
    b.connected(10_000);
    expect(b.next(10_000 + 120_000)).toBe(1000); // stable for 2 min: starts over
  });
});
