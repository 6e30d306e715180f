import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';
import {
  ANONYMOUS_IDLE_MS,
  CLOSE_ANONYMOUS_IDLE,
  LiveSockets,
  type Closable,
} from './live-sockets.js';

describe('LiveSockets', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const anonymousSocket = (sockets: LiveSockets) => {
    const closed: [number, string][] = [];
    const socket: Closable = { close: (code, reason) => closed.push([code, reason]) };
    sockets.opened(socket, '198.51.100.7');
    sockets.identified(socket, null);
    return closed;
  };

  it('closes a socket that is not signed in once it has been idle for the idle time it was given', () => {
    vi.useFakeTimers();
    const closed = anonymousSocket(new LiveSockets(10, createLogger('silent'), 2_000));
    vi.advanceTimersByTime(1_999);
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closed).toEqual([[CLOSE_ANONYMOUS_IDLE, 'Sign in to use subscriptions']]);
  });

  it(`keeps it for ${ANONYMOUS_IDLE_MS / 1000} s by default`, () => {
    vi.useFakeTimers();
    const closed = anonymousSocket(new LiveSockets(10, createLogger('silent')));
    vi.advanceTimersByTime(ANONYMOUS_IDLE_MS - 1);
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closed).toHaveLength(1);
  });
});
