import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_UIDVALIDITY_REBUILDS, UidValidityGuard } from './uid-validity-guard.js';

const HOUR = 3_600_000;

function clock(start = 1_000_000) {
  const c = { now: start, advance: (ms: number) => (c.now += ms) };
  return c;
}

describe('UidValidityGuard', () => {
  it('allows maxRebuilds rebuilds per folder within the window, then refuses and pauses that folder only', () => {
    const c = clock();
    const guard = new UidValidityGuard({ now: () => c.now });
    for (let i = 0; i < DEFAULT_MAX_UIDVALIDITY_REBUILDS; i++) {
      expect(guard.admit('Archive')).toEqual({ allowed: true });
      c.advance(60_000);
    }
    expect(guard.admit('Archive')).toEqual({ allowed: false, changes: 4, until: c.now + HOUR });
    expect(guard.pausedUntil('Archive')).toBe(c.now + HOUR);
    // Other folders have their own count.
    expect(guard.pausedUntil('INBOX')).toBeNull();
    expect(guard.admit('INBOX')).toEqual({ allowed: true });
    // While paused, every change is refused with the same end of pause.
    c.advance(10 * 60_000);
    expect(guard.admit('Archive')).toMatchObject({ allowed: false, until: c.now + 50 * 60_000 });
  });

  it('forgets rebuilds older than the window', () => {
    const c = clock();
    const guard = new UidValidityGuard({ maxRebuilds: 2, windowMs: HOUR, now: () => c.now });
    expect(guard.admit('Archive').allowed).toBe(true);
    c.advance(40 * 60_000);
    expect(guard.admit('Archive').allowed).toBe(true);
    c.advance(30 * 60_000); // the first one is now 70 min old
    expect(guard.admit('Archive').allowed).toBe(true);
    expect(guard.admit('Archive').allowed).toBe(false);
  });

  it('ends the pause after pauseMs with a fresh budget', () => {
    const c = clock();
    const guard = new UidValidityGuard({
      maxRebuilds: 1,
      windowMs: 24 * HOUR,
      pauseMs: HOUR,
      now: () => c.now,
    });
    expect(guard.admit('Archive').allowed).toBe(true);
    expect(guard.admit('Archive').allowed).toBe(false);
    c.advance(HOUR - 1);
    expect(guard.pausedUntil('Archive')).not.toBeNull();
    c.advance(1);
    expect(guard.pausedUntil('Archive')).toBeNull();
    // The window (24 h) still holds the old rebuild, but the pause reset the count.
    expect(guard.admit('Archive').allowed).toBe(true);
    expect(guard.admit('Archive').allowed).toBe(false);
  });

  it('refuses every rebuild with maxRebuilds 0', () => {
    const guard = new UidValidityGuard({ maxRebuilds: 0 });
    expect(guard.admit('Archive')).toMatchObject({ allowed: false, changes: 1 });
  });
});
