import { describe, expect, it } from 'vitest';
import { formatTime } from './format-date';
import { retryNote } from './retry-note';

const at = '2025-03-10T14:05:00.000Z';

describe('retryNote', () => {
  it('says an outage of a connection that worked is an unreachable server with its next try, instead of first-connection advice', () => {
    expect(
      retryNote('CONNECTION_REFUSED', {
        nextRetryAt: at,
        retryAttempt: 4,
        lastSyncedAt: '2025-03-10T13:00:00.000Z',
      }),
    ).toEqual({
      text: `The server is not reachable; next try at ${formatTime(at)} (attempt 4).`,
      replacesHint: true,
    });
  });

  it('keeps the hint of a first connection, and of errors other than an unreachable server, adding the next try', () => {
    expect(
      retryNote('CONNECTION_TIMEOUT', { nextRetryAt: at, retryAttempt: 1, lastSyncedAt: null }),
    ).toEqual({
      text: `Inlet tries again by itself: next try at ${formatTime(at)} (attempt 1).`,
      replacesHint: false,
    });
    expect(
      retryNote('RATE_LIMITED', { nextRetryAt: at, retryAttempt: 2, lastSyncedAt: at })
        ?.replacesHint,
    ).toBe(false);
  });

  it('says nothing when no retry is planned', () => {
    expect(
      retryNote('AUTHENTICATION_FAILED', {
        nextRetryAt: null,
        retryAttempt: null,
        lastSyncedAt: at,
      }),
    ).toBeNull();
    expect(retryNote('CONNECTION_REFUSED', undefined)).toBeNull();
  });
});
